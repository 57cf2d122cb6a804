// /ai/admin: the provider's settings, "Test connection" and usage. Admins only (routes.tsx checks).
// An empty field falls back to the environment's value; the API key is sealed before it is stored
// and never rendered again.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { firstMessage } from "../../http/validation.ts";
import { type AiOverrides, loadOverrides, saveOverrides, sealKey } from "./settings.ts";
import { countToday, usageReport } from "./usage.ts";
import { SettingsPage, TestResult, UsagePage } from "./views/admin.tsx";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const num = (label: string, min: number, max: number, int = false) => {
  let n = z.coerce
    .number({ error: `${label} must be a number.` })
    .min(min, `${label} is at least ${min}.`)
    .max(max, `${label} is at most ${max}.`);
  if (int) n = n.int(`${label} must be a whole number.`);
  return opt(n);
};
const feature = (name: string) => ({
  [`${name}.model`]: opt(z.string().trim().max(200, "A model name is at most 200 characters.")),
  [`${name}.temperature`]: num("Temperature", 0, 2),
  [`${name}.topP`]: num("top_p", 0, 1),
  [`${name}.maxTokens`]: num("Max tokens", 16, 100_000, true),
  [`${name}.seed`]: num("Seed", 0, 2 ** 31 - 1, true),
});

const settingsForm = z.object({
  baseUrl: opt(
    z
      .url({
        protocol: /^https?$/,
        error: "The base URL must be an http(s) address, e.g. http://127.0.0.1:11434/v1.",
      })
      .max(500),
  ),
  apiKey: opt(z.string().max(500, "The API key is at most 500 characters.")),
  removeKey: z.string().optional(),
  model: opt(z.string().trim().max(200, "A model name is at most 200 characters.")),
  ...feature("tutor"),
  ...feature("complexity"),
  maxConcurrent: num("Requests at once", 1, 256, true),
  timeoutSeconds: num("The timeout", 1, 600, true),
  retries: num("Retries", 0, 10, true),
  dailyLimit: num("The daily limit", 0, 10_000_000, true),
});

type Form = Record<string, unknown>;

function featureOverrides(f: Form, name: string) {
  return {
    model: f[`${name}.model`] as string | undefined,
    temperature: f[`${name}.temperature`] as number | undefined,
    topP: f[`${name}.topP`] as number | undefined,
    maxTokens: f[`${name}.maxTokens`] as number | undefined,
    seed: f[`${name}.seed`] as number | undefined,
  };
}

export const adminRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { ai, db, config } = c.var.ctx;
    c.header("Cache-Control", "no-store");
    const page = (
      <SettingsPage settings={await ai.settings()} over={await loadOverrides(db)} env={config.ai} />
    );
    return c.render(page, { title: "AI help" });
  })
  .post("/", async (c) => {
    const { ai, db, config, secret, clock } = c.var.ctx;
    const body = (await c.req.parseBody()) as Record<string, string>;
    const parsed = settingsForm.safeParse(body);
    const before = await loadOverrides(db);
    if (!parsed.success) {
      c.status(422);
      const { apiKey: _never, ...values } = body; // a typed key is not sent back into the page
      const page = (
        <SettingsPage
          settings={await ai.settings()}
          over={before}
          env={config.ai}
          error={firstMessage(parsed.error)}
          values={values}
        />
      );
      return c.render(page, { title: "AI help" });
    }
    const f = parsed.data as Form;
    const sealed = f.removeKey
      ? undefined
      : f.apiKey
        ? sealKey(secret, String(f.apiKey))
        : before.apiKeySealed;
    const next: AiOverrides = {
      baseUrl: f.baseUrl as string | undefined,
      apiKeySealed: sealed,
      model: f.model as string | undefined,
      tutor: featureOverrides(f, "tutor"),
      complexity: featureOverrides(f, "complexity"),
      maxConcurrent: f.maxConcurrent as number | undefined,
      timeoutSeconds: f.timeoutSeconds as number | undefined,
      retries: f.retries as number | undefined,
      dailyLimit: f.dailyLimit as number | undefined,
    };
    await saveOverrides(db, JSON.parse(JSON.stringify(next)) as AiOverrides, clock.now());
    ai.reload();
    return redirectWith(c, "/ai/admin", "AI settings saved.");
  })
  .post("/test", async (c) => {
    const result = await c.var.ctx.ai.testConnection(currentUser(c).id);
    if (c.req.header("hx-request")) return c.html(<TestResult r={result} />);
    return c.render(<TestResult r={result} />, { title: "Test connection" });
  })
  .get("/usage", async (c) => {
    const { ai, db, clock } = c.var.ctx;
    const now = clock.now();
    const page = (
      <UsagePage
        report={await usageReport(db, now)}
        settings={await ai.settings()}
        today={await countToday(db, now)}
      />
    );
    return c.render(page, { title: "AI usage" });
  });
