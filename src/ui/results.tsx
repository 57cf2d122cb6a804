// Grading results for a viewer (see src/grading/present.ts for what each viewer may see).
import { diffChars } from "diff";
import type { FC } from "hono/jsx";
import type { ResultView, TestView } from "../grading/present.ts";
import { Badge } from "./components.tsx";
import { Icon } from "./icons.tsx";

const STATUS = {
  pass: { label: "passed", tone: "success" },
  fail: { label: "wrong answer", tone: "danger" },
  error: { label: "error", tone: "danger" },
  timeout: { label: "time limit", tone: "warning" },
  memory: { label: "memory limit", tone: "warning" },
  skipped: { label: "not run", tone: "neutral" },
} as const;

/** Expected and actual output, character by character: what is missing and what is extra. */
export const CharDiff: FC<{ expected: string; actual: string }> = ({ expected, actual }) => (
  <pre class="diff">
    {diffChars(expected, actual).map((part) =>
      part.added ? (
        <ins>{part.value}</ins>
      ) : part.removed ? (
        <del>{part.value}</del>
      ) : (
        <span>{part.value}</span>
      ),
    )}
  </pre>
);

/** "12 ms · 9.3 MB": what a test used (visible tests, or any for teachers). */
export const TestUsage: FC<{ usage: { ms: number; kb?: number } }> = ({ usage }) => (
  <span class="test-usage muted">
    {usage.ms} ms{usage.kb !== undefined ? ` · ${formatKb(usage.kb)}` : ""}
  </span>
);

export function formatKb(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb} KB`;
}

/**
 * What a whole submission used, from its stored results: the tests' time added up and their peak
 * memory. `visible` (a student's view): only those tests count, since a hidden test's figure is
 * "total minus visible" otherwise (a way to read hidden inputs out); without it, every test and the
 * job's peak. null before it is graded.
 */
export function submissionUsageText(
  s: { results: string | null },
  visible?: ReadonlySet<number>,
): string | null {
  if (!s.results) return null;
  const r = JSON.parse(s.results) as {
    tests?: { testId?: number; ms?: number; kb?: number }[];
    peakMemoryKb?: number;
  };
  const all = r.tests ?? [];
  const tests = visible ? all.filter((t) => t.testId !== undefined && visible.has(t.testId)) : all;
  if (tests.length === 0) return null;
  const ms = tests.reduce((n, t) => n + (t.ms ?? 0), 0);
  const peak = visible ? 0 : (r.peakMemoryKb ?? 0);
  const kb = peak || Math.max(0, ...tests.map((t) => t.kb ?? 0));
  return kb > 0 ? `${ms} ms · ${formatKb(kb)}` : `${ms} ms`;
}

/** A hidden test a student sees: passed or failed, nothing about how it failed (see present.ts). */
const HIDDEN_FAIL = { label: "failed", tone: "danger" } as const;

const TestRow: FC<{ test: TestView }> = ({ test }) => {
  const s = test.hidden && !test.data && test.status === "fail" ? HIDDEN_FAIL : STATUS[test.status];
  return (
    <details class={`test-row test-${test.status}`} open={test.status !== "pass"}>
      <summary>
        <Icon name={test.status === "pass" ? "check" : "alert"} size={16} />
        <span class="test-name">{test.name}</span>
        {test.hidden ? <Badge>hidden</Badge> : null}
        <Badge tone={s.tone}>{s.label}</Badge>
        {test.usage ? <TestUsage usage={test.usage} /> : null}
        <span class="test-points">
          {test.points}/{test.maxPoints}
        </span>
      </summary>
      {test.message ? <p class="test-message">{test.message}</p> : null}
      {test.files?.map((f) => (
        <div class="test-data">
          <div>
            <p class="label">Expected file {f.name}</p>
            <pre>{f.expected}</pre>
          </div>
          <div>
            <p class="label">Your {f.name}</p>
            <pre>{f.actual ?? "(not written)"}</pre>
          </div>
        </div>
      ))}
      {/* Visible failing tests only; the visualizer's script reveals it where it can run (a problem page). */}
      {test.data &&
      !test.hidden &&
      test.testId &&
      test.kind !== "code" &&
      test.status !== "pass" &&
      test.status !== "skipped" ? (
        <button
          type="button"
          class="btn btn-secondary btn-sm"
          data-visualize-test={test.testId}
          data-test-name={test.name}
          hidden
        >
          Visualize this test
        </button>
      ) : null}
      {test.kind === "code" && test.data ? (
        <CodeTestData test={test} />
      ) : test.data ? (
        <div class="test-data">
          <div>
            <p class="label">Input</p>
            <pre>{test.data.input || "(none)"}</pre>
          </div>
          <div>
            <p class="label">Expected</p>
            <pre>{test.data.expected}</pre>
          </div>
          <div>
            <p class="label">Your output</p>
            <pre>{test.data.actual || "(nothing)"}</pre>
          </div>
          {test.status === "fail" ? (
            <div class="wide-cell">
              <p class="label">
                Difference{" "}
                <span class="diff diff-legend">
                  <del>expected but missing</del> <ins>printed but not expected</ins>
                </span>
              </p>
              <CharDiff expected={test.data.expected} actual={test.data.actual} />
            </div>
          ) : null}
          {test.data.stderr ? (
            <div class="wide-cell">
              <p class="label">Error output</p>
              <pre class="stderr">{test.data.stderr}</pre>
            </div>
          ) : null}
        </div>
      ) : test.hidden && test.status !== "pass" ? (
        <p class="muted test-hidden-note">This test is hidden: its data is not shown.</p>
      ) : null}
    </details>
  );
};

/** Python test code: each check with the failure's message and values, then what the program printed. */
const CodeTestData: FC<{ test: TestView }> = ({ test }) => (
  <div class="test-data">
    <ul class="test-parts wide-cell">
      {(test.parts ?? []).map((p) => (
        <li class={p.passed ? "part-pass" : "part-fail"}>
          <Icon name={p.passed ? "check" : "alert"} size={14} /> <span class="test-name">{p.name}</span>
          {p.passed ? null : <pre class="stderr">{p.message}</pre>}
        </li>
      ))}
    </ul>
    <div class="wide-cell">
      <p class="label">Test code</p>
      <pre>{test.data?.input}</pre>
    </div>
    {test.data?.actual ? (
      <div class="wide-cell">
        <p class="label">Your program printed</p>
        <pre>{test.data.actual}</pre>
      </div>
    ) : null}
    {test.data?.stderr ? (
      <div class="wide-cell">
        <p class="label">Error output</p>
        <pre class="stderr">{test.data.stderr}</pre>
      </div>
    ) : null}
  </div>
);

export const ResultsPanel: FC<{
  result: ResultView;
  title?: string;
  score?: number | null;
  penaltyPct?: number;
}> = (p) => {
  const r = p.result;
  const all = r.tests.length > 0 && r.passed === r.tests.length;
  return (
    <section class="results" aria-live="polite">
      <div class="results-head">
        <h3>{p.title ?? "Results"}</h3>
        <span class={`score ${all ? "score-full" : ""}`}>
          {r.passed}/{r.tests.length} tests · {p.score ?? r.rawScore}/{r.maxScore} points
        </span>
      </div>
      {p.penaltyPct ? (
        <p class="muted">
          Late penalty: {p.penaltyPct}% of {r.rawScore} points.
        </p>
      ) : null}
      {r.check ? (
        <div class="alert alert-error" role="alert">
          <Icon name="alert" />
          <div>
            <strong>
              {r.check.kind === "syntax"
                ? "Syntax error"
                : r.check.kind === "signature"
                  ? "Function signature"
                  : "Problem"}
            </strong>
            {r.check.line ? ` (line ${r.check.line})` : ""}: {r.check.message}
          </div>
        </div>
      ) : null}
      <div class="test-list">
        {r.tests.map((t) => (
          <TestRow test={t} />
        ))}
      </div>
    </section>
  );
};
