// The admin's AI pages: the provider's settings (the key is never shown, only whether one is set)
// with "Test connection", and usage per day, section and feature with charts.
import type { FC } from "hono/jsx";
import type { AiEnvConfig, AiFeatureEnv } from "../../../config.ts";
import { Chart, ChartAssets } from "../../../ui/charts.tsx";
import { Alert, Badge, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import type { AiOverrides, AiSettings } from "../settings.ts";
import type { UsageReport } from "../usage.ts";
import { AiStyles } from "./panels.tsx";

const AdminTabs: FC<{ current: "settings" | "usage" }> = ({ current }) => (
  <nav class="tabs mb" aria-label="AI administration">
    <a href="/ai/admin" aria-current={current === "settings" ? "page" : undefined}>
      Provider
    </a>
    <a href="/ai/admin/usage" aria-current={current === "usage" ? "page" : undefined}>
      Usage
    </a>
  </nav>
);

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const envHint = (v: unknown, unit = "") =>
  v === undefined || v === "" ? "Empty: not set." : `Empty: ${v}${unit} (from the environment).`;

/** The numeric sampling settings of a feature, each overriding its SLATE_AI_* value when set. */
const SAMPLING = [
  { key: "temperature", label: "Temperature", min: 0, max: 2, step: "any" },
  { key: "topP", label: "top_p", min: 0, max: 1, step: "any" },
  { key: "maxTokens", label: "Max tokens", min: 16, max: 100000, step: undefined },
  { key: "seed", label: "Seed", min: 0, max: undefined, step: undefined },
] as const;

const FeatureFields: FC<{
  name: "tutor" | "complexity";
  title: string;
  over?: Partial<AiFeatureEnv>;
  env: AiFeatureEnv;
  model: string;
}> = (p) => (
  <fieldset class="ai-fieldset">
    <legend>{p.title}</legend>
    <div class="grid grid-2">
      <Field
        label="Model"
        name={`${p.name}.model`}
        value={str(p.over?.model)}
        maxlength={200}
        hint={envHint(p.env.model || p.model || undefined)}
      />
      {SAMPLING.map((f) => (
        <Field
          label={f.label}
          name={`${p.name}.${f.key}`}
          type="number"
          step={f.step}
          min={f.min}
          max={f.max}
          value={str(p.over?.[f.key])}
          hint={envHint(p.env[f.key] ?? (f.key === "seed" ? undefined : "the provider's default"))}
        />
      ))}
    </div>
  </fieldset>
);

export interface SettingsPageProps {
  settings: AiSettings;
  over: AiOverrides;
  env: AiEnvConfig;
  error?: string;
  /** What the admin typed, when the form comes back with an error. */
  values?: Record<string, string>;
}

export const SettingsPage: FC<SettingsPageProps> = (p) => {
  const s = p.settings;
  const v = (k: string, fallback: unknown) => (p.values ? (p.values[k] ?? "") : str(fallback));
  return (
    <>
      <PageHeader
        title="AI help"
        subtitle="Complexity analysis and a hint-giving tutor, through any OpenAI-compatible server: OpenAI, OpenRouter, or your own Ollama, llama.cpp or vLLM."
        actions={
          s.configured ? (
            <Badge tone="success">configured</Badge>
          ) : (
            <Badge tone="warning">not configured</Badge>
          )
        }
      />
      <AdminTabs current="settings" />
      <AiStyles />
      {!s.configured ? (
        <Alert kind="info">
          Until a provider URL and a model are set, every AI control is hidden and pages say AI help is not
          set up. Teachers then turn each feature on per section.
        </Alert>
      ) : null}
      <div class="grid grid-2-1">
        <Card title="Provider">
          <form method="post" action="/ai/admin" class="stack" autocomplete="off">
            <FormError message={p.error} />
            <Field
              label="Base URL"
              name="baseUrl"
              type="url"
              value={v("baseUrl", p.over.baseUrl)}
              placeholder="http://127.0.0.1:11434/v1"
              hint={envHint(p.env.baseUrl)}
            />
            <Field
              label="API key"
              name="apiKey"
              type="password"
              value=""
              autocomplete="new-password"
              hint={
                s.keySource === "admin"
                  ? "A key is stored (encrypted). Leave empty to keep it; type a new one to replace it."
                  : s.keySource === "environment"
                    ? "The key of SLATE_AI_API_KEY is used. Type one to store it here instead (encrypted)."
                    : "No key is set. Local servers such as Ollama need none."
              }
            />
            {s.keySource === "admin" ? (
              <CheckField name="removeKey" label="Remove the stored key" checked={false} />
            ) : null}
            <Field
              label="Model"
              name="model"
              value={v("model", p.over.model)}
              maxlength={200}
              placeholder="gpt-4o-mini"
              hint={envHint(p.env.model)}
            />
            <FeatureFields name="tutor" title="Tutor" over={p.over.tutor} env={p.env.tutor} model={s.model} />
            <FeatureFields
              name="complexity"
              title="AI Analysis"
              over={p.over.complexity}
              env={p.env.complexity}
              model={s.model}
            />
            <fieldset class="ai-fieldset">
              <legend>Limits</legend>
              <div class="grid grid-2">
                <Field
                  label="Requests at once"
                  name="maxConcurrent"
                  type="number"
                  min={1}
                  max={256}
                  value={v("maxConcurrent", p.over.maxConcurrent)}
                  hint={envHint(p.env.maxConcurrent)}
                />
                <Field
                  label="Timeout (seconds)"
                  name="timeoutSeconds"
                  type="number"
                  min={1}
                  max={600}
                  value={v("timeoutSeconds", p.over.timeoutSeconds)}
                  hint={envHint(p.env.timeoutSeconds, " s")}
                />
                <Field
                  label="Retries on 429 and 5xx"
                  name="retries"
                  type="number"
                  min={0}
                  max={10}
                  value={v("retries", p.over.retries)}
                  hint={envHint(p.env.retries)}
                />
                <Field
                  label="Requests per day, whole server"
                  name="dailyLimit"
                  type="number"
                  min={0}
                  value={v("dailyLimit", p.over.dailyLimit)}
                  hint={envHint(p.env.dailyLimit)}
                />
              </div>
            </fieldset>
            <FormActions>Save settings</FormActions>
          </form>
        </Card>
        <Card title="Test connection">
          <p class="muted">
            Sends one tiny request with the saved settings and shows the model's answer or the exact error.
          </p>
          <form
            method="post"
            action="/ai/admin/test"
            hx-post="/ai/admin/test"
            hx-target="#ai-test-result"
            hx-swap="innerHTML"
            hx-disabled-elt="find button"
          >
            <button type="submit" class="btn btn-secondary" disabled={!s.configured}>
              <Icon name="play" size={16} />
              Test connection
            </button>
          </form>
          <div id="ai-test-result" class="mt" aria-live="polite" />
          <dl class="facts mt ai-facts">
            <dt>Provider</dt>
            <dd>{s.baseUrl ? <code>{s.baseUrl}</code> : "not set"}</dd>
            <dt>Tutor model</dt>
            <dd>{s.tutor.model || "not set"}</dd>
            <dt>Analysis model</dt>
            <dd>{s.complexity.model || "not set"}</dd>
          </dl>
        </Card>
      </div>
    </>
  );
};

export const TestResult: FC<{
  r: { ok: true; text: string; model: string; ms: number } | { ok: false; message: string };
}> = ({ r }) =>
  r.ok ? (
    <Alert kind="success">
      <strong>{r.model}</strong> answered in {Math.round(r.ms)} ms: “
      {r.text.trim().slice(0, 300) || "(an empty reply)"}”
    </Alert>
  ) : (
    <Alert kind="error">{r.message}</Alert>
  );

const shortDay = (day: string) => {
  const [, m, d] = day.split("-");
  return `${Number(d)}.${Number(m)}.`;
};

export const UsagePage: FC<{ report: UsageReport; settings: AiSettings; today: number }> = ({
  report,
  settings,
  today,
}) => {
  const labels = report.days.map((d) => shortDay(d.day));
  return (
    <>
      <PageHeader title="AI help" subtitle="Requests, tokens and outcomes of the last 14 days." />
      <AdminTabs current="usage" />
      <AiStyles />
      <div class="grid grid-stats mb">
        <div class="stat">
          <strong>{today}</strong>
          <span>Requests today (limit {settings.dailyLimit})</span>
        </div>
        <div class="stat">
          <strong>{report.totals.requests}</strong>
          <span>Requests, 14 days</span>
        </div>
        <div class="stat">
          <strong>{report.totals.tokensIn + report.totals.tokensOut}</strong>
          <span>Tokens, 14 days</span>
        </div>
        <div class="stat">
          <strong>{report.totals.p50LatencyMs === null ? "–" : `${report.totals.p50LatencyMs} ms`}</strong>
          <span>Median answer time</span>
        </div>
      </div>
      <div class="grid grid-3 mb">
        <Card>
          <Chart
            id="ai-requests"
            title="Requests per day"
            summary={`${report.totals.requests} requests in 14 days; the points are those that failed.`}
            labelHeader="Day"
            spec={{
              kind: "bars",
              labels,
              series: [
                { label: "Requests", values: report.days.map((d) => d.tutor + d.complexity), tone: "accent" },
                { label: "Failed", values: report.days.map((d) => d.errors), tone: "danger", kind: "line" },
              ],
            }}
          />
        </Card>
        <Card>
          <Chart
            id="ai-features"
            title="Per feature"
            summary={`In 14 days: tutor ${report.days.reduce((n, d) => n + d.tutor, 0)}, AI Analysis ${report.days.reduce((n, d) => n + d.complexity, 0)}.`}
            labelHeader="Day"
            spec={{
              kind: "line",
              labels,
              series: [
                { label: "Tutor", values: report.days.map((d) => d.tutor), tone: "accent" },
                { label: "AI Analysis", values: report.days.map((d) => d.complexity), tone: "success" },
              ],
            }}
          />
        </Card>
        <Card>
          <Chart
            id="ai-tokens"
            title="Tokens per day"
            summary={`${report.totals.tokensIn} tokens in, ${report.totals.tokensOut} out in 14 days.`}
            labelHeader="Day"
            spec={{
              kind: "line",
              labels,
              series: [
                { label: "In", values: report.days.map((d) => d.tokensIn), tone: "accent" },
                { label: "Out", values: report.days.map((d) => d.tokensOut), tone: "warning" },
              ],
            }}
          />
        </Card>
      </div>
      <Card title="By section" class="flush">
        {report.sections.length === 0 ? (
          <p class="muted pad">No AI requests in the last 14 days.</p>
        ) : (
          <DataTable
            columns={[
              "Section",
              numCol("Requests"),
              numCol("Users"),
              numCol("Tokens in"),
              numCol("Tokens out"),
              numCol("Withheld replies"),
            ]}
          >
            {report.sections.map((s) => (
              <tr>
                <td>{s.name}</td>
                <td class="num">{s.requests}</td>
                <td class="num">{s.students}</td>
                <td class="num">{s.tokensIn}</td>
                <td class="num">{s.tokensOut}</td>
                <td class="num">{s.withheld}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <ChartAssets />
    </>
  );
};
