// One zod schema over the SLATE_* environment variables. A bad value is reported as one line naming
// the variable (see formatConfigError) and main.ts exits with code 2.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// AI help (src/features/ai/): the provider, per-feature sampling, and the bounds Slate keeps.
const optionalNumber = (min: number, max: number) => z.coerce.number().min(min).max(max).optional();
const featureSchema = (name: "TUTOR" | "COMPLEXITY") => ({
  [`SLATE_AI_${name}_MODEL`]: z.string().min(1).max(200).optional(),
  [`SLATE_AI_${name}_TEMPERATURE`]: optionalNumber(0, 2),
  [`SLATE_AI_${name}_TOP_P`]: optionalNumber(0, 1),
  [`SLATE_AI_${name}_MAX_TOKENS`]: int(16, 100_000).optional(),
  [`SLATE_AI_${name}_SEED`]: int(0, 2 ** 31 - 1).optional(),
});
const aiSchema = {
  SLATE_AI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLATE_AI_API_KEY: z.string().max(500).optional(),
  SLATE_AI_MODEL: z.string().min(1).max(200).optional(),
  ...featureSchema("TUTOR"),
  ...featureSchema("COMPLEXITY"),
  SLATE_AI_MAX_CONCURRENT: int(1, 256).default(4),
  SLATE_AI_TIMEOUT_SECONDS: int(1, 600).default(60),
  SLATE_AI_RETRIES: int(0, 10).default(2),
  SLATE_AI_DAILY_LIMIT: int(0, 10_000_000).default(2000),
} as const;

const schema = z.object({
  SLATE_PORT: int(1, 65535).default(3000),
  SLATE_HOST: z.string().min(1).default("0.0.0.0"),
  SLATE_DATA_DIR: z.string().min(1).default("./data"),
  SLATE_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  SLATE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SLATE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SLATE_TRUST_PROXY: bool.default(false),
  SLATE_SESSION_DAYS: int(1, 365).default(14),
  SLATE_SANDBOX: bool.default(true),
  SLATE_SANDBOX_MIN: int(0, 64).default(2),
  SLATE_SANDBOX_MAX: int(1, 256).default(6),
  SLATE_SANDBOX_MEMORY_MB: int(32, 8192).default(256),
  SLATE_SANDBOX_CPUS: z.coerce.number().min(0.1).max(64).default(1),
  SLATE_SANDBOX_QUEUE: int(1, 10000).default(200),
  SLATE_RUNS_PER_MINUTE: int(1, 10000).default(30),
  SLATE_SHELLS_PER_USER: int(1, 20).default(1),
  SLATE_SHELLS_TOTAL: int(1, 256).default(4),
  SLATE_SHELL_IDLE_MINUTES: int(1, 60).default(5),
  SLATE_LOGIN_PER_MINUTE: int(1, 10000).default(10),
  SLATE_LOGIN_IP_PER_MINUTE: int(1, 100000).default(300),
  SLATE_REGISTER_PER_MINUTE: int(1, 10000).default(60),
  SLATE_REGISTER_IP_PER_MINUTE: int(1, 100000).default(200),
  SLATE_JOIN_FAILURES_PER_MINUTE: int(1, 10000).default(30),
  ...aiSchema,
  SLATE_API_PER_MINUTE: int(1, 100000).default(60),
  SLATE_SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  SLATE_SMTP_FROM: z.string().min(3).max(200).default("Slate <slate@localhost>"),
  SLATE_TRACE_MAX_STEPS: int(100, 100000).default(10000),
});

export type Env = z.input<typeof schema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Public URL when known; decides Secure / __Host- cookies and the origin CSRF accepts. */
  baseUrl: string | undefined;
  /** Given by SLATE_SECRET, else generated into the data dir at first start (see main.ts). */
  secret: string | undefined;
  logLevel: string;
  trustProxy: boolean;
  sessionDays: number;
  sandbox: {
    enabled: boolean;
    min: number;
    max: number;
    memoryMb: number;
    cpus: number;
    queueLimit: number;
  };
  runsPerMinute: number;
  /** Signed grading API requests per client and minute. */
  apiPerMinute: number;
  /** Python shells (issue 18): open at once per user and in all, and idle minutes before one ends. */
  shells: { perUser: number; total: number; idleMinutes: number };
  /** Per minute. A whole class shares one school IP, so accounts and enrollment codes carry the limits. */
  limits: {
    loginPerAccount: number;
    loginPerIp: number;
    registerPerCode: number;
    registerPerIp: number;
    joinFailuresPerIp: number;
  };
  /** Defaults of AI help; the admin's settings page (ai_settings) overrides them. */
  ai: AiEnvConfig;
  /** Outgoing mail (password resets); without a URL, resets are links an admin or teacher hands over. */
  smtp: { url: string | undefined; from: string };
  /** Steps a visualizer trace records before it stops with "stopped after N steps". */
  traceMaxSteps: number;
}

export interface AiFeatureEnv {
  model?: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
}

export interface AiEnvConfig {
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  tutor: AiFeatureEnv;
  complexity: AiFeatureEnv;
  maxConcurrent: number;
  timeoutSeconds: number;
  retries: number;
  /** AI requests per day across the whole server (0: none). */
  dailyLimit: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith("SLATE_") && v !== ""),
  );
  const parsed = schema.safeParse(picked);
  if (!parsed.success) throw new ConfigError(formatConfigError(parsed.error));
  const e = parsed.data;
  if (e.SLATE_SANDBOX_MIN > e.SLATE_SANDBOX_MAX) {
    throw new ConfigError("SLATE_SANDBOX_MIN: must not be larger than SLATE_SANDBOX_MAX");
  }
  if (e.SLATE_SMTP_URL && !e.SLATE_BASE_URL) {
    // Reset e-mails carry a link; taken from a request's Host header, an attacker could aim it at their site.
    throw new ConfigError("SLATE_SMTP_URL: needs SLATE_BASE_URL, the public address put into reset e-mails");
  }
  return {
    port: e.SLATE_PORT,
    host: e.SLATE_HOST,
    dataDir: e.SLATE_DATA_DIR,
    baseUrl: e.SLATE_BASE_URL,
    secret: e.SLATE_SECRET,
    logLevel: e.SLATE_LOG_LEVEL,
    trustProxy: e.SLATE_TRUST_PROXY,
    sessionDays: e.SLATE_SESSION_DAYS,
    sandbox: {
      enabled: e.SLATE_SANDBOX,
      min: e.SLATE_SANDBOX_MIN,
      max: e.SLATE_SANDBOX_MAX,
      memoryMb: e.SLATE_SANDBOX_MEMORY_MB,
      cpus: e.SLATE_SANDBOX_CPUS,
      queueLimit: e.SLATE_SANDBOX_QUEUE,
    },
    runsPerMinute: e.SLATE_RUNS_PER_MINUTE,
    apiPerMinute: e.SLATE_API_PER_MINUTE,
    shells: {
      perUser: e.SLATE_SHELLS_PER_USER,
      total: e.SLATE_SHELLS_TOTAL,
      idleMinutes: e.SLATE_SHELL_IDLE_MINUTES,
    },
    limits: {
      loginPerAccount: e.SLATE_LOGIN_PER_MINUTE,
      loginPerIp: e.SLATE_LOGIN_IP_PER_MINUTE,
      registerPerCode: e.SLATE_REGISTER_PER_MINUTE,
      registerPerIp: e.SLATE_REGISTER_IP_PER_MINUTE,
      joinFailuresPerIp: e.SLATE_JOIN_FAILURES_PER_MINUTE,
    },
    ai: aiConfig(e as unknown as Record<string, unknown>),
    smtp: { url: e.SLATE_SMTP_URL, from: e.SLATE_SMTP_FROM },
    traceMaxSteps: e.SLATE_TRACE_MAX_STEPS,
  };
}

function aiFeature(e: Record<string, unknown>, name: "TUTOR" | "COMPLEXITY"): AiFeatureEnv {
  const get = (k: string) => e[`SLATE_AI_${name}_${k}`] as never;
  return {
    model: get("MODEL"),
    temperature: get("TEMPERATURE"),
    topP: get("TOP_P"),
    maxTokens: get("MAX_TOKENS"),
    seed: get("SEED"),
  };
}

function aiConfig(e: Record<string, unknown>): AiEnvConfig {
  return {
    baseUrl: e.SLATE_AI_BASE_URL as string | undefined,
    apiKey: e.SLATE_AI_API_KEY as string | undefined,
    model: e.SLATE_AI_MODEL as string | undefined,
    tutor: aiFeature(e, "TUTOR"),
    complexity: aiFeature(e, "COMPLEXITY"),
    maxConcurrent: e.SLATE_AI_MAX_CONCURRENT as number,
    timeoutSeconds: e.SLATE_AI_TIMEOUT_SECONDS as number,
    retries: e.SLATE_AI_RETRIES as number,
    dailyLimit: e.SLATE_AI_DAILY_LIMIT as number,
  };
}

function formatConfigError(error: z.ZodError): string {
  const issue = error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  return `${name}: ${issue?.message ?? "invalid value"}`;
}
