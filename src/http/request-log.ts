import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.ts";
import { randomToken } from "../lib/tokens.ts";

/** Gives each request an id (echoed as X-Request-Id) and logs one line when it ends. */
export function requestLogger(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = c.req.header("x-request-id")?.slice(0, 64) || randomToken(9);
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    const started = performance.now();
    await next();
    if (c.req.path.startsWith("/static/")) return;
    c.var.ctx.logger.info(
      {
        reqId: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        user: c.var.user?.id,
      },
      "request",
    );
  };
}
