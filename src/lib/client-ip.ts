import type { Server } from "bun";
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";

/** The caller's address: the proxy's X-Forwarded-For when trusted, else the socket's peer. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.ctx.config.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  const server = c.env as Server<unknown> | undefined;
  return server?.requestIP?.(c.req.raw)?.address ?? "local";
}
