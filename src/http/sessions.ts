// Cookie sessions: the cookie holds a random token; SQLite holds only its SHA-256. Expiry slides
// forward with use. Over https the cookie is `__Host-` prefixed and Secure.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppContext, AppEnv } from "../context.ts";
import type { User } from "../db/schema.ts";
import { randomToken, sha256 } from "../lib/tokens.ts";
import {
  deleteSession,
  deleteUserSessions,
  insertSession,
  selectOptionalLiveSession,
  touchSession,
} from "../models/session.ts";
import { updateUser } from "../models/user.ts";

const DAY = 86_400_000;
const TOUCH_EVERY = 5 * 60_000; // refresh last_seen at most every 5 minutes, not on every request
/** A browser session ("Remember me" unticked) ends with the browser, or after this much idle time. */
export const BROWSER_SESSION_IDLE_MS = 12 * 3_600_000;

export function isHttps(c: Context<AppEnv>): boolean {
  const { config } = c.var.ctx;
  if (config.baseUrl) return config.baseUrl.startsWith("https:");
  if (config.trustProxy && c.req.header("x-forwarded-proto") === "https") return true;
  return new URL(c.req.url).protocol === "https:";
}

const cookieName = (secure: boolean) => (secure ? "__Host-slate_session" : "slate_session");

function readToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(isHttps(c)));
}

/** Loads the session's user, sliding its expiry; null when there is no live session. */
export async function loadSessionUser(c: Context<AppEnv>): Promise<User | null> {
  const token = readToken(c);
  if (!token) return null;
  const { db, clock, config } = c.var.ctx;
  const now = clock.now();
  const idHash = sha256(token);
  const found = await selectOptionalLiveSession(db, idHash, now);
  if (!found) return null;
  if (now - found.lastSeenAt > TOUCH_EVERY) {
    const ttl = found.persistent ? config.sessionDays * DAY : BROWSER_SESSION_IDLE_MS;
    await touchSession(db, idHash, now, now + ttl);
  }
  return found.user;
}

/**
 * Starts a fresh session (a new id at every login) and ends the one the browser had. `remember`
 * false: a browser session (the cookie has no Max-Age, the server forgets it after 12 idle hours).
 * `crossSite` (an LTI launch): over https the cookie is SameSite=None and Partitioned, so it is sent
 * inside the LMS's iframe; the origin check still guards every request that changes something.
 */
export async function startSession(
  c: Context<AppEnv>,
  userId: number,
  { crossSite = false, remember = true }: { crossSite?: boolean; remember?: boolean } = {},
): Promise<void> {
  await endSession(c);
  const { db, clock, config } = c.var.ctx;
  const token = randomToken();
  const now = clock.now();
  const expiresAt = now + (remember ? config.sessionDays * DAY : BROWSER_SESSION_IDLE_MS);
  await insertSession(db, { idHash: sha256(token), userId, now, expiresAt, persistent: remember });
  // Every way in counts as a login (the login form, registering through a link, first-run setup), so
  // the admin's "Last login" is not "never" for someone who joined and has worked ever since.
  await updateUser(db, userId, { last_login_at: now });
  const secure = isHttps(c);
  setCookie(c, cookieName(secure), token, {
    path: "/",
    httpOnly: true,
    secure,
    sameSite: crossSite && secure ? "None" : "Lax",
    partitioned: crossSite && secure,
    ...(remember ? { maxAge: config.sessionDays * 86_400 } : {}),
  });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = readToken(c);
  if (!token) return;
  await deleteSession(c.var.ctx.db, sha256(token));
  const secure = isHttps(c);
  deleteCookie(c, cookieName(secure), { path: "/", secure });
}

/** Ends every session of a user except, optionally, the current one. */
export async function endUserSessions(
  ctx: AppContext,
  userId: number,
  keep?: Context<AppEnv>,
): Promise<void> {
  const token = keep ? readToken(keep) : undefined;
  await deleteUserSessions(ctx.db, userId, token ? sha256(token) : undefined);
}
