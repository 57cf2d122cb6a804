// The addresses a platform needs from Slate (shown to the admin) and that Slate sends in its messages.
import type { Context } from "hono";
import type { AppContext, AppEnv } from "../../../context.ts";

export interface ToolUrls {
  login: string;
  launch: string;
  deepLinking: string;
  jwks: string;
}

export function baseUrl(c: Context<AppEnv>): string {
  return c.var.ctx.config.baseUrl ?? new URL(c.req.url).origin;
}

export function toolUrls(base: string): ToolUrls {
  return {
    login: `${base}/lti/login`,
    launch: `${base}/lti/launch`,
    deepLinking: `${base}/lti/deep-link`,
    jwks: `${base}/lti/jwks`,
  };
}

export const urlsOf = (c: Context<AppEnv>) => toolUrls(baseUrl(c));

/** For work outside a request (grade passback): the configured base URL. */
export const configuredBase = (ctx: AppContext) => ctx.config.baseUrl ?? "";
