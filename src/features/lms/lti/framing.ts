// Slate inside an LMS: the app's CSP says frame-ancestors 'none'. When platforms are registered, pages
// may be framed by those platforms' origins only (the LMS shows launches in an iframe), and the
// deep-linking answer may post its form to the one return URL the platform gave. This middleware sits
// before secureHeaders in app.tsx, so it edits the headers secureHeaders has just set.
import type { Context, MiddlewareHandler } from "hono";
import type { AppContext, AppEnv } from "../../../context.ts";
import { frameOriginsOf, selectPlatforms } from "./platforms.ts";

const cache = new WeakMap<AppContext, Promise<string[]>>();

async function loadOrigins(ctx: AppContext): Promise<string[]> {
  const platforms = await selectPlatforms(ctx.db);
  return [...new Set(platforms.flatMap((p) => frameOriginsOf(p)))];
}

function frameOrigins(ctx: AppContext): Promise<string[]> {
  let origins = cache.get(ctx);
  if (!origins) {
    origins = loadOrigins(ctx);
    origins.catch(() => cache.delete(ctx)); // a failed read is tried again by the next request
    cache.set(ctx, origins);
  }
  return origins;
}

/** Platforms changed: the next request reads their origins again. */
export function forgetFrameOrigins(ctx: AppContext): void {
  cache.delete(ctx);
}

const formTargets = new WeakMap<Request, string>();

/** This response's form posts to `origin` (the platform's deep-linking return URL). */
export function allowFormTarget(c: Context<AppEnv>, origin: string): void {
  formTargets.set(c.req.raw, origin);
}

// The admin's pages are not part of any launch: they stay unframable, so a registered platform cannot
// put them under a click-jacking overlay.
const neverFramed = (path: string) => path === "/admin" || path.startsWith("/admin/");

// A CSP source must not smuggle in another directive: origins come from URL.origin, but be strict.
const safeSource = (s: string) => /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(s);

export function lmsFraming(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const csp = c.res.headers.get("Content-Security-Policy");
    if (!csp) return;
    let edited = csp;
    const origins = (await frameOrigins(c.var.ctx)).filter(safeSource);
    if (origins.length > 0 && !neverFramed(c.req.path)) {
      edited = edited.replace("frame-ancestors 'none'", `frame-ancestors 'self' ${origins.join(" ")}`);
      c.res.headers.delete("X-Frame-Options");
    }
    const target = formTargets.get(c.req.raw);
    if (target && safeSource(target))
      edited = edited.replace("form-action 'self'", `form-action 'self' ${target}`);
    if (edited !== csp) c.res.headers.set("Content-Security-Policy", edited);
  };
}
