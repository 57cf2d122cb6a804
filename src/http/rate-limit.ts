// Fixed-window rate limits per key (IP, username, user id) on top of hono-rate-limiter. Going over
// the limit is a 429 rendered by the app's error handler like any other error page.
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { rateLimiter } from "hono-rate-limiter";
import type { AppEnv } from "../context.ts";
import { clientIp } from "./client-ip.ts";

export interface LimitOptions {
  /** Requests allowed per window. */
  max: number | ((c: Context<AppEnv>) => number);
  /** The window (default a minute); an hour catches slow guessing, e.g. of access codes. */
  per?: "minute" | "hour";
  key: (c: Context<AppEnv>) => string | Promise<string>;
  message: string | ((c: Context<AppEnv>) => string);
  /** Count only refused requests (status >= 400): e.g. wrong enrollment codes, not a class loading the right one. */
  failuresOnly?: boolean;
  /** Answer a refused form by showing it again with what was typed, instead of an error page. */
  refuse?: (c: Context<AppEnv>, message: string) => Response | Promise<Response>;
}

function makeLimiter(options: LimitOptions): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: options.per === "hour" ? 3_600_000 : 60_000,
    limit: options.max,
    standardHeaders: "draft-6",
    skipSuccessfulRequests: options.failuresOnly ?? false,
    keyGenerator: options.key,
    handler: async (c) => {
      const message = typeof options.message === "string" ? options.message : options.message(c);
      if (options.refuse) {
        c.status(429);
        return options.refuse(c, message);
      }
      throw new HTTPException(429, { message });
    },
  });
}

/** A rate limit; its counters belong to the app (AppContext.rateLimits). */
export function limit(options: LimitOptions): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const limiter = c.var.ctx.rateLimits.for(options, () => makeLimiter(options));
    return limiter(c, next);
  };
}

/** Reads one field of a submitted form (the body is cached, so later validators still see it). */
export async function formField(c: Context<AppEnv>, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const value = body[name];
  return typeof value === "string" ? value.trim().toLowerCase().slice(0, 64) : "";
}

/** Fields of a submitted form as typed, for showing a refused form again (never pass a password here). */
export async function formValues(c: Context<AppEnv>, names: string[]): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(names.map((n) => [n, typeof body[n] === "string" ? String(body[n]) : ""]));
}

const TOO_MANY_LOGINS = "Too many login attempts. Please wait a minute and try again.";
const limits = (c: Context<AppEnv>) => c.var.ctx.config.limits;

/**
 * Login limits, shared by /login and the enrollment links: SLATE_LOGIN_PER_MINUTE per account (what
 * stops password guessing) under a generous per-IP ceiling, since a whole class logs in from one
 * school address.
 */
export function loginLimits(
  refuse?: LimitOptions["refuse"],
): [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] {
  return [
    limit({
      max: (c) => limits(c).loginPerIp,
      key: (c) => `login-ip:${clientIp(c)}`,
      message: TOO_MANY_LOGINS,
      refuse,
    }),
    limit({
      max: (c) => limits(c).loginPerAccount,
      key: async (c) => `login-user:${await formField(c, "username")}`,
      message: TOO_MANY_LOGINS,
      refuse,
    }),
  ];
}

const TOO_MANY_JOINS = "Too many registrations from this network. Please wait a minute and try again.";

/** Registrations through an enrollment link: per code and address, under a per-address ceiling. */
export function registrationLimits(
  refuse: LimitOptions["refuse"],
): [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] {
  return [
    limit({
      max: (c) => limits(c).registerPerIp,
      key: (c) => `register-ip:${clientIp(c)}`,
      message: TOO_MANY_JOINS,
      refuse,
    }),
    limit({
      max: (c) => limits(c).registerPerCode,
      key: (c) => `register:${c.req.param("code")}:${clientIp(c)}`,
      message: TOO_MANY_JOINS,
      refuse,
    }),
  ];
}

/** Wrong enrollment codes per address: guessing codes is what this stops; a class using the right one is never counted. */
export const joinGuessLimit = limit({
  max: (c) => limits(c).joinFailuresPerIp,
  key: (c) => `join-miss:${clientIp(c)}`,
  message: "Too many enrollment links that do not exist were tried from this network. Please wait a minute.",
  failuresOnly: true,
});

/** Runs, "Run tests" and submissions of one user: SLATE_RUNS_PER_MINUTE together, wherever they start. */
export const runLimit = limit({
  max: (c) => c.var.ctx.config.runsPerMinute,
  key: (c) => `run:${c.var.user?.id}`,
  message: (c) =>
    `That is a lot of runs: you can start ${c.var.ctx.config.runsPerMinute} a minute. Take a breath, read your code once more, and run it again in a few seconds.`,
});
