// Checking a username and password, with lockout: 5 consecutive failures lock the account for
// 15 minutes. Unknown users cost the same argon2 work as known ones, so timing tells nothing.
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { verifyAgainstNothing, verifyPassword } from "../../lib/passwords.ts";
import { selectOptionalUserByUsername, updateUser } from "../../models/user.ts";

export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" | "inactive" }
  | { ok: false; reason: "locked"; until: number };

export async function checkLogin(ctx: AppContext, username: string, password: string): Promise<LoginResult> {
  const { db, clock } = ctx;
  const now = clock.now();
  const user = await selectOptionalUserByUsername(db, username);
  if (!user) {
    await verifyAgainstNothing(password);
    return { ok: false, reason: "invalid" };
  }
  if (user.locked_until !== null && user.locked_until > now) {
    return { ok: false, reason: "locked", until: user.locked_until };
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const failures = user.failed_logins + 1;
    if (failures >= MAX_FAILURES) {
      await updateUser(db, user.id, { failed_logins: 0, locked_until: now + LOCKOUT_MS });
      return { ok: false, reason: "locked", until: now + LOCKOUT_MS };
    }
    await updateUser(db, user.id, { failed_logins: failures, locked_until: null });
    return { ok: false, reason: "invalid" };
  }
  // Only someone who knows the password learns that the account is deactivated.
  if (!user.active) return { ok: false, reason: "inactive" };
  await updateUser(db, user.id, { failed_logins: 0, locked_until: null, last_login_at: now });
  return { ok: true, user };
}

export function loginMessage(result: Exclude<LoginResult, { ok: true }>, now: number): string {
  switch (result.reason) {
    case "invalid":
      return "Wrong username or password.";
    case "inactive":
      return "This account has been deactivated. Ask your teacher or administrator.";
    case "locked": {
      const minutes = Math.max(1, Math.ceil((result.until - now) / 60_000));
      return `Too many failed attempts. This account is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}.`;
    }
  }
}
