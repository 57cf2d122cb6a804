// The page policy (default-src 'self') refuses every frame; a lesson page that embeds videos names
// the section's allowed hosts in frame-src for that one response. Registered before secureHeaders in
// src/app.tsx (like lms/lti/framing.ts), so it edits the policy secureHeaders has just written.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";

const frameHosts = new WeakMap<Request, readonly string[]>();

/** Lets this response's page frame https pages of `hosts` (each already a clean host name). */
export function allowFrames(c: Context<AppEnv>, hosts: readonly string[]): void {
  if (hosts.length > 0) frameHosts.set(c.req.raw, hosts);
}

export function lessonFraming(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const hosts = frameHosts.get(c.req.raw);
    const csp = c.res.headers.get("Content-Security-Policy");
    if (!hosts || !csp || /(^|;)\s*frame-src/.test(csp)) return;
    const sources = hosts.filter((h) => /^[a-z0-9.-]+$/.test(h)).map((h) => `https://${h}`);
    c.res.headers.set("Content-Security-Policy", `${csp}; frame-src 'self' ${sources.join(" ")}`);
  };
}
