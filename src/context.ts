// AppContext: everything a request handler may reach, built once in main.ts (or per test file).
import type { Database as BunDatabase } from "bun:sqlite";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import type { Db } from "./db/connection.ts";
import type { User } from "./db/schema.ts";
import type { AiClient } from "./features/ai/client.ts";
import type { ShellService } from "./features/execution/shells.ts";
import type { LmsService } from "./features/lms/service.ts";
import type { RunRegistry } from "./features/playground/runs.ts";
import type { GradingService } from "./grading/service.ts";
import type { Scheduler } from "./jobs/scheduler.ts";
import type { Clock } from "./lib/clock.ts";
import type { EventBus } from "./lib/events.ts";
import type { Presence } from "./lib/presence.ts";
import type { RateLimits } from "./lib/rate-limits.ts";
import type { StreamRegistry } from "./lib/stream-registry.ts";
import type { Sandbox } from "./sandbox/index.ts";

export interface AppContext {
  config: Config;
  sqlite: BunDatabase;
  db: Db;
  logger: Logger;
  clock: Clock;
  /** App secret: signs nothing user-visible, keys encryption of stored secrets. */
  secret: string;
  version: string;
  /** The code-running engine; null when SLATE_SANDBOX=false. Started by main.ts (or a test). */
  sandbox: Sandbox | null;
  events: EventBus;
  /** The durable grading queue's workers. Started by main.ts (or a test). */
  grading: GradingService;
  /** Playground runs in progress (and just finished), per user. */
  runs: RunRegistry;
  /** Python shells of the playground, in a sandbox pool of their own (issue 18). */
  shells: ShellService;
  /** Who is online: users with at least one live page. */
  presence: Presence;
  /** The rate limiters' counters of this app. */
  rateLimits: RateLimits<MiddlewareHandler<AppEnv>>;
  /** Every open server-sent-events stream, so shutdown can end them at once. */
  streams: StreamRegistry;
  /** Periodic work (purging expired sessions and import sheets). Started by main.ts. */
  scheduler: Scheduler;
  /** The one bounded client of the AI provider (concurrency, queue, timeouts, retries, usage). */
  ai: AiClient;
  /** LMS grade passback and API webhooks (src/features/lms). Started by main.ts (or a test). */
  lms: LmsService;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    user: User | null;
    requestId: string;
    secureHeadersNonce?: string;
    flash: Flash | null;
  };
}

export interface Flash {
  kind: "success" | "error" | "info";
  text: string;
}
