// One-shot messages shown on the next page ("Section created."). Kept in a short-lived cookie so they
// also work for logged-out visitors; the text is rendered escaped like any other user-visible text.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv, Flash } from "../context.ts";

const NAME = "slate_flash";

export function setFlash(c: Context<AppEnv>, kind: Flash["kind"], text: string): void {
  setCookie(c, NAME, encodeURIComponent(JSON.stringify({ kind, text })), {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    maxAge: 60,
  });
}

export function takeFlash(c: Context<AppEnv>): Flash | null {
  const raw = getCookie(c, NAME);
  if (!raw) return null;
  deleteCookie(c, NAME, { path: "/" });
  try {
    const parsed = JSON.parse(decodeURIComponent(raw)) as Partial<Flash>;
    const kind = parsed.kind === "success" || parsed.kind === "error" ? parsed.kind : "info";
    return typeof parsed.text === "string" ? { kind, text: parsed.text.slice(0, 300) } : null;
  } catch {
    return null;
  }
}

/** Redirect after a successful POST, with a message for the next page. */
export function redirectWith(c: Context<AppEnv>, to: string, text: string, kind: Flash["kind"] = "success") {
  setFlash(c, kind, text);
  return c.redirect(to, 303);
}
