// Fixed-window rate limits per key (IP, username, user id) on top of hono-rate-limiter. Going over
// the limit is a 429 rendered by the app's error handler like any other error page.
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { rateLimiter } from "hono-rate-limiter";
import type { AppContext, AppEnv } from "../context.ts";
import { clientIp } from "./client-ip.ts";

const instances = new WeakMap<AppContext, number>();
let nextInstance = 1;
function instanceId(ctx: AppContext): number {
  const known = instances.get(ctx);
  if (known !== undefined) return known;
  instances.set(ctx, nextInstance);
  return nextInstance++;
}

export function limit(options: {
  perMinute: number | ((c: Context<AppEnv>) => number);
  key: (c: Context<AppEnv>) => string | Promise<string>;
  message: string | ((c: Context<AppEnv>) => string);
}): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: "draft-6",
    // Keys are scoped to the app instance, so tests that build several apps do not share counters.
    keyGenerator: async (c) => `${instanceId(c.var.ctx)}:${await options.key(c)}`,
    handler: (c) => {
      const message = typeof options.message === "string" ? options.message : options.message(c);
      throw new HTTPException(429, { message });
    },
  });
}

/** Reads one field of a submitted form (the body is cached, so later validators still see it). */
export async function formField(c: Context<AppEnv>, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const value = body[name];
  return typeof value === "string" ? value.trim().toLowerCase().slice(0, 64) : "";
}

const TOO_MANY_LOGINS = "Too many login attempts. Please wait a minute and try again.";

/** Login limits (10 a minute per IP and per username), shared by /login and the enrollment links. */
export const loginLimits = [
  limit({ perMinute: 10, key: (c) => `login-ip:${clientIp(c)}`, message: TOO_MANY_LOGINS }),
  limit({
    perMinute: 10,
    key: async (c) => `login-user:${await formField(c, "username")}`,
    message: TOO_MANY_LOGINS,
  }),
] as const;

export const registrationLimit = limit({
  perMinute: 5,
  key: (c) => `register:${clientIp(c)}`,
  message: "Too many registrations from this network. Please wait a minute and try again.",
});

/** Runs, "Run tests" and submissions of one user: SLATE_RUNS_PER_MINUTE together, wherever they start. */
export const runLimit = limit({
  perMinute: (c) => c.var.ctx.config.runsPerMinute,
  key: (c) => `run:${c.var.user?.id}`,
  message: (c) =>
    `That is a lot of runs: you can start ${c.var.ctx.config.runsPerMinute} a minute. Take a breath, read your code once more, and run it again in a few seconds.`,
});
