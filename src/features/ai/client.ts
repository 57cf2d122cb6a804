// The one bounded AI client of the app (AppContext.ai). Every request to the provider goes through
// it: at most maxConcurrent at once (the rest queue and hear their position), the SDK's timeout and
// its retries with backoff on 429 and 5xx, an idle timeout between streamed chunks, and one usage
// record per request. Errors reach callers as AiError with a message a student can read.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type {
  ChatCompletionCreateParams,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { Logger } from "pino";
import type { AiEnvConfig } from "../../config.ts";
import type { Db } from "../../db/connection.ts";
import type { AiFeature } from "../../db/tables/ai.ts";
import type { Clock } from "../../lib/clock.ts";
import { Gate } from "./gate.ts";
import { type AiFeatureSettings, type AiSettings, loadOverrides, resolveSettings } from "./settings.ts";
import { completeUsage, recordUsage, setUsageOutcome, type UsageOutcome } from "./usage.ts";

export type AiErrorKind =
  | "not_configured"
  | "timeout"
  | "rate_limited"
  | "provider"
  | "unreachable"
  | "aborted";

export class AiError extends Error {
  override name = "AiError";
  constructor(
    readonly kind: AiErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface AiRequest {
  feature: AiFeature;
  userId: number | null;
  sectionId: number | null;
  problemId: number | null;
  messages: ChatCompletionMessageParam[];
  /** Ask for JSON matching this schema (json_schema where the provider has it, else JSON mode). */
  json?: { name: string; schema: Record<string, unknown> };
  /** Told the place in the queue while the request waits (1 = next). */
  onQueue?: (position: number) => void;
  /** The usage row reserve() made for this request (else a new one is recorded). */
  usageId?: number;
  /** Called once the request holds a place and goes to the provider. */
  onStart?: () => void;
  signal?: AbortSignal;
}

export interface AiAnswer {
  text: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  /** The usage row, so a caller can mark the outcome later (a withheld tutor reply). */
  usageId: number;
}

export interface AiClientDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  secret: string;
  env: AiEnvConfig;
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export class AiClient {
  private readonly gate: Gate;
  private loaded: Promise<AiSettings> | null = null;
  private sdkFor: { key: string; sdk: OpenAI } | null = null;
  /** Providers (base URL + model) that refused response_format json_schema: JSON mode for them. */
  private readonly noJsonSchema = new Set<string>();

  constructor(private readonly deps: AiClientDeps) {
    this.gate = new Gate(deps.env.maxConcurrent);
  }

  /** The settings in force (cached until reload()). */
  settings(): Promise<AiSettings> {
    this.loaded ??= loadOverrides(this.deps.db).then((over) => {
      const s = resolveSettings(this.deps.env, over, this.deps.secret);
      this.gate.setLimit(s.maxConcurrent);
      return s;
    });
    return this.loaded;
  }

  /** After the admin saved settings. */
  reload(): void {
    this.loaded = null;
  }

  /** Requests at the provider now, and waiting for a place. */
  load(): { running: number; waiting: number } {
    return { running: this.gate.running, waiting: this.gate.waiting };
  }

  async complete(req: AiRequest): Promise<AiAnswer> {
    return this.call(req, async (sdk, params, signal) => {
      const res = await sdk.chat.completions.create({ ...params, stream: false }, { signal });
      return {
        text: res.choices[0]?.message?.content ?? "",
        tokensIn: res.usage?.prompt_tokens,
        tokensOut: res.usage?.completion_tokens,
      };
    });
  }

  /** Streams the reply: onDelta gets each piece of text as it arrives. */
  async stream(req: AiRequest, onDelta: (text: string) => void | Promise<void>): Promise<AiAnswer> {
    return this.call(req, async (sdk, params, signal, idle) => {
      const stream = await sdk.chat.completions.create(
        { ...params, stream: true, stream_options: { include_usage: true } },
        { signal },
      );
      let text = "";
      let tokensIn: number | undefined;
      let tokensOut: number | undefined;
      idle.reset();
      for await (const chunk of stream) {
        idle.reset();
        const delta = chunk.choices[0]?.delta?.content ?? "";
        if (chunk.usage) {
          tokensIn = chunk.usage.prompt_tokens;
          tokensOut = chunk.usage.completion_tokens;
        }
        if (delta) {
          text += delta;
          await onDelta(delta);
        }
      }
      return { text, tokensIn, tokensOut };
    });
  }

  /** "Test connection": a tiny request; the model's words or the exact error. */
  async testConnection(
    userId: number,
  ): Promise<{ ok: true; text: string; model: string; ms: number } | { ok: false; message: string }> {
    try {
      const a = await this.complete({
        feature: "test",
        userId,
        sectionId: null,
        problemId: null,
        messages: [{ role: "user", content: "Reply with the single word: ready" }],
      });
      return { ok: true, text: a.text, model: a.model, ms: a.latencyMs };
    } catch (err) {
      if (err instanceof AiError) return { ok: false, message: err.message };
      throw err;
    }
  }

  private async call(
    req: AiRequest,
    send: (
      sdk: OpenAI,
      params: ChatCompletionCreateParams,
      signal: AbortSignal,
      idle: { reset(): void },
    ) => Promise<{ text: string; tokensIn?: number; tokensOut?: number }>,
  ): Promise<AiAnswer> {
    const s = await this.settings();
    if (!s.configured) throw new AiError("not_configured", "AI help is not set up on this server.");
    const f = featureSettings(s, req.feature);
    const release = await this.gate.acquire({ onPosition: req.onQueue }, req.signal).catch(async () => {
      // Left while waiting: never sent, so it does not count against a limit.
      if (req.usageId !== undefined) await setUsageOutcome(this.deps.db, req.usageId, "refused");
      throw new AiError("aborted", "The request was cancelled.");
    });
    const started = performance.now();
    let outcome: UsageOutcome = "error";
    let tokensIn = 0;
    let tokensOut = 0;
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort(new Error("left"));
    req.signal?.addEventListener("abort", onOuterAbort, { once: true });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = {
      reset: () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          abort.abort(new Error("timeout"));
        }, s.timeoutSeconds * 1000);
      },
    };
    try {
      req.onStart?.();
      const result = await this.withJsonFallback(s, f, req, (params) =>
        send(this.sdk(s), params, abort.signal, idle),
      );
      tokensIn = result.tokensIn ?? estimateTokens(JSON.stringify(req.messages));
      tokensOut = result.tokensOut ?? estimateTokens(result.text);
      outcome = "ok";
      const latencyMs = performance.now() - started;
      const usageId = await this.record(req, f.model, { tokensIn, tokensOut, latencyMs, outcome });
      return { text: result.text, model: f.model, tokensIn, tokensOut, latencyMs, usageId };
    } catch (err) {
      const failure = timedOut
        ? new AiError(
            "timeout",
            `The AI provider did not answer within ${s.timeoutSeconds} s. Try again later.`,
          )
        : redacted(describeFailure(err, s), s.apiKey);
      outcome =
        failure.kind === "timeout" ? "timeout" : failure.kind === "rate_limited" ? "rate_limited" : "error";
      // The message only: a provider may echo the key in its error, and the raw error carries it.
      if (failure.kind !== "aborted")
        this.deps.logger.warn({ feature: req.feature, error: failure.message }, "AI request failed");
      await this.record(req, f.model, {
        tokensIn,
        tokensOut,
        latencyMs: performance.now() - started,
        outcome,
      });
      throw failure;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onOuterAbort);
      release();
    }
  }

  private async withJsonFallback<T>(
    s: AiSettings,
    f: AiFeatureSettings,
    req: AiRequest,
    send: (params: ChatCompletionCreateParams) => Promise<T>,
  ): Promise<T> {
    const base = baseParams(f, req.messages);
    if (!req.json) return send(base);
    const key = `${s.baseUrl} ${f.model}`;
    const jsonMode = { ...base, response_format: { type: "json_object" as const } };
    if (this.noJsonSchema.has(key)) return send(jsonMode);
    try {
      return await send({
        ...base,
        response_format: {
          type: "json_schema",
          json_schema: { name: req.json.name, schema: req.json.schema, strict: true },
        },
      });
    } catch (err) {
      // Servers without structured outputs answer 400 (or 422) naming the field: JSON mode instead.
      if (
        err instanceof APIError &&
        (err.status === 400 || err.status === 422) &&
        /response_format|json_schema|schema/i.test(err.message)
      ) {
        this.noJsonSchema.add(key);
        return send(jsonMode);
      }
      throw err;
    }
  }

  private sdk(s: AiSettings): OpenAI {
    const key = JSON.stringify([s.baseUrl, s.apiKey, s.timeoutSeconds, s.retries]);
    if (this.sdkFor?.key !== key) {
      const sdk = new OpenAI({
        baseURL: s.baseUrl,
        apiKey: s.apiKey || "no-key", // local servers (Ollama, llama.cpp) want none, the SDK wants something
        timeout: s.timeoutSeconds * 1000,
        maxRetries: s.retries,
      });
      this.sdkFor = { key, sdk };
    }
    return this.sdkFor.sdk;
  }

  private async record(
    req: AiRequest,
    model: string,
    m: { tokensIn: number; tokensOut: number; latencyMs: number; outcome: UsageOutcome },
  ): Promise<number> {
    if (req.usageId !== undefined) {
      await completeUsage(this.deps.db, req.usageId, { model, ...m });
      return req.usageId;
    }
    return recordUsage(
      this.deps.db,
      {
        userId: req.userId,
        feature: req.feature,
        sectionId: req.sectionId,
        problemId: req.problemId,
        model,
        ...m,
      },
      this.deps.clock.now(),
    );
  }
}

function featureSettings(s: AiSettings, feature: AiFeature): AiFeatureSettings {
  if (feature === "complexity") return s.complexity;
  if (feature === "tutor") return s.tutor;
  return { model: s.model || s.tutor.model, maxTokens: 16 };
}

function baseParams(
  f: AiFeatureSettings,
  messages: ChatCompletionMessageParam[],
): ChatCompletionCreateParams {
  const params: ChatCompletionCreateParams = { model: f.model, messages };
  if (f.temperature !== undefined) params.temperature = f.temperature;
  if (f.topP !== undefined) params.top_p = f.topP;
  if (f.maxTokens !== undefined) params.max_tokens = f.maxTokens;
  if (f.seed !== undefined) params.seed = f.seed;
  return params;
}

function describeFailure(err: unknown, s: AiSettings): AiError {
  if (err instanceof AiError) return err;
  const tries = s.retries > 0 ? ` after ${s.retries + 1} tries` : "";
  if (err instanceof APIUserAbortError) return new AiError("aborted", "The request was cancelled.");
  if (err instanceof APIConnectionTimeoutError)
    return new AiError(
      "timeout",
      `The AI provider did not answer within ${s.timeoutSeconds} s${tries}. Try again later.`,
    );
  if (err instanceof APIConnectionError)
    return new AiError(
      "unreachable",
      `Slate cannot reach the AI provider at ${s.baseUrl}${tries}: ${causeOf(err)}`,
    );
  if (err instanceof APIError) {
    const detail = providerMessage(err);
    if (err.status === 429)
      return new AiError(
        "rate_limited",
        `The AI provider is busy (HTTP 429${detail})${tries}. Try again in a minute.`,
      );
    if ((err.status ?? 0) >= 500)
      return new AiError(
        "provider",
        `The AI provider failed (HTTP ${err.status}${detail})${tries}. Try again later.`,
      );
    return new AiError("provider", `The AI provider refused the request (HTTP ${err.status}${detail}).`);
  }
  return new AiError("provider", `The AI request failed: ${(err as Error)?.message ?? String(err)}`);
}

/** The error without the API key in it (some providers quote the key they were given). */
function redacted(err: AiError, apiKey: string): AiError {
  if (apiKey.length < 4 || !err.message.includes(apiKey)) return err;
  return new AiError(err.kind, err.message.split(apiKey).join("[the API key]"));
}

function providerMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : "";
  return text ? `: ${text.slice(0, 300)}` : "";
}

function causeOf(err: APIConnectionError): string {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
