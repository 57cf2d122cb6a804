// The AI provider's settings: the environment gives defaults (SLATE_AI_*), the admin's page
// (/admin/ai) overrides any of them in ai_settings. The API key is sealed with the app secret and
// never sent back to a browser: pages only learn whether one is set.
import type { AiEnvConfig, AiFeatureEnv } from "../../config.ts";
import type { Db } from "../../db/connection.ts";
import { decrypt, encrypt, SecretBoxError } from "../../lib/secret-box.ts";

export type AiFeatureName = "tutor" | "complexity";

export interface AiFeatureSettings {
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
}

export interface AiSettings {
  /** A base URL and a model are known: the AI controls may show. */
  configured: boolean;
  baseUrl: string;
  /** Plain text, for the SDK only. */
  apiKey: string;
  /** Where the key comes from, for the settings page. */
  keySource: "admin" | "environment" | "none";
  model: string;
  tutor: AiFeatureSettings;
  complexity: AiFeatureSettings;
  maxConcurrent: number;
  timeoutSeconds: number;
  retries: number;
  dailyLimit: number;
}

/** What the admin may set; absent: the environment's value. */
export interface AiOverrides {
  baseUrl?: string;
  apiKeySealed?: string;
  model?: string;
  tutor?: Partial<AiFeatureEnv>;
  complexity?: Partial<AiFeatureEnv>;
  maxConcurrent?: number;
  timeoutSeconds?: number;
  retries?: number;
  dailyLimit?: number;
}

const KEY = "provider";

export async function loadOverrides(db: Db): Promise<AiOverrides> {
  const row = await db.selectFrom("ai_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as AiOverrides) : {};
}

export async function saveOverrides(db: Db, overrides: AiOverrides, now: number): Promise<void> {
  const value = JSON.stringify(overrides);
  await db
    .insertInto("ai_settings")
    .values({ key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now }))
    .execute();
}

export function sealKey(secret: string, key: string): string {
  return encrypt(secret, key);
}

function openKey(secret: string, sealed: string | undefined): string | null {
  if (!sealed) return null;
  try {
    return decrypt(secret, sealed);
  } catch (err) {
    if (err instanceof SecretBoxError) return null; // another secret: as if no key were set
    throw err;
  }
}

function feature(
  env: AiFeatureEnv,
  over: Partial<AiFeatureEnv> | undefined,
  model: string,
): AiFeatureSettings {
  const pick = <K extends keyof AiFeatureEnv>(k: K) => (over?.[k] !== undefined ? over[k] : env[k]);
  return {
    model: (pick("model") as string | undefined) || model,
    temperature: pick("temperature") as number | undefined,
    topP: pick("topP") as number | undefined,
    maxTokens: pick("maxTokens") as number | undefined,
    seed: pick("seed") as number | undefined,
  };
}

/** The settings in force: the admin's overrides over the environment. */
export function resolveSettings(env: AiEnvConfig, over: AiOverrides, secret: string): AiSettings {
  const adminKey = openKey(secret, over.apiKeySealed);
  const baseUrl = (over.baseUrl ?? env.baseUrl ?? "").replace(/\/+$/, "");
  const model = over.model ?? env.model ?? "";
  const tutor = feature(env.tutor, over.tutor, model);
  const complexity = feature(env.complexity, over.complexity, model);
  return {
    configured: baseUrl !== "" && tutor.model !== "" && complexity.model !== "",
    baseUrl,
    apiKey: adminKey ?? env.apiKey ?? "",
    keySource: adminKey ? "admin" : env.apiKey ? "environment" : "none",
    model,
    tutor,
    complexity,
    maxConcurrent: over.maxConcurrent ?? env.maxConcurrent,
    timeoutSeconds: over.timeoutSeconds ?? env.timeoutSeconds,
    retries: over.retries ?? env.retries,
    dailyLimit: over.dailyLimit ?? env.dailyLimit,
  };
}

/** Why the AI controls are hidden, in words for the page that would show them. */
export function notConfiguredReason(s: AiSettings): string {
  if (!s.baseUrl)
    return "AI help is not set up on this Slate server: an administrator has not named an AI provider.";
  return "AI help is not set up on this Slate server: an administrator has not chosen a model.";
}
