// Who is asking, and may they: session loading, the first-run setup gate, login and role guards.
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppContext, AppEnv } from "../context.ts";
import type { Role, User } from "../db/schema.ts";
import { adminExists } from "../models/user.ts";
import { loadSessionUser } from "./sessions.ts";

export function loadUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("user", await loadSessionUser(c));
    await next();
  };
}

// Once an admin exists, setup is closed for good; remember that instead of asking the database.
const setupDone = new WeakSet<AppContext>();

export async function isSetupDone(ctx: AppContext): Promise<boolean> {
  if (setupDone.has(ctx)) return true;
  if (!(await adminExists(ctx.db))) return false;
  setupDone.add(ctx);
  return true;
}

/** While no admin exists, every page leads to /setup. */
export function setupGate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.path !== "/setup" && !(await isSetupDone(c.var.ctx))) return redirect(c, "/setup");
    await next();
  };
}

/** Logged-in users only; a user with a temporary password must change it first. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) {
      const next = c.req.method === "GET" ? `?next=${encodeURIComponent(c.req.path)}` : "";
      return redirect(c, `/login${next}`);
    }
    if (user.must_change_password && c.req.path !== "/account/password")
      return redirect(c, "/account/password");
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    currentUser(c, ...roles);
    await next();
  };
}

/** The logged-in user, checked against the allowed roles (403 otherwise). */
export function currentUser(c: Context<AppEnv>, ...roles: Role[]): User {
  const user = c.var.user;
  if (!user) throw new HTTPException(401, { message: "Please log in." });
  if (roles.length > 0 && !roles.includes(user.role)) {
    throw new HTTPException(403, { message: "You do not have access to this page." });
  }
  return user;
}

/** A redirect that also works for htmx requests (which would otherwise swap the target page in). */
export function redirect(c: Context<AppEnv>, to: string) {
  if (c.req.header("hx-request")) {
    c.header("HX-Redirect", to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}
