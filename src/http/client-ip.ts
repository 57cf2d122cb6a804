import type { Server } from "bun";
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";

/**
 * The caller's address: with a trusted proxy, the LAST X-Forwarded-For entry (the address the proxy
 * itself saw; proxies append to whatever the client sent, so earlier entries are the client's own
 * word), else the socket's peer.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.ctx.config.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const server = c.env as Server<unknown> | undefined;
  return server?.requestIP?.(c.req.raw)?.address ?? "local";
}
