// Cross-site request forgery: every request that can change something (any method but GET, HEAD and
// OPTIONS) must come from this site's own pages, whatever its content type. hono/csrf checks only
// form-like bodies, so a JSON POST from another origin got through. Browsers send Sec-Fetch-Site and
// Origin on such requests; a request with neither (not a browser, or a very old one) is refused too.
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function fromThisSite(c: Context<AppEnv>): boolean {
  if (c.req.header("sec-fetch-site") === "same-origin") return true;
  const origin = c.req.header("origin");
  if (!origin) return false;
  return origin === new URL(c.req.url).origin || origin === c.var.ctx.config.baseUrl;
}

export function originCheck(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // An empty message: the error page words it as "sent from another site" (see errors.tsx).
    if (!SAFE.has(c.req.method) && !fromThisSite(c)) throw new HTTPException(403, { message: "" });
    await next();
  };
}
