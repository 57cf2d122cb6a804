// Password reset tokens: random, signed with the app secret (a forged or mangled token is refused
// before the database is asked), stored only as a SHA-256, valid one hour, spent on first use, and
// superseded by a newer token for the same user; a handed-over link also needs its maker to still be
// allowed. Setting the new password ends every session.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { hashPassword, passwordProblem } from "../../lib/passwords.ts";
import { randomToken, sha256 } from "../../lib/tokens.ts";
import { deleteUserSessions } from "../../models/session.ts";
import { selectOptionalUser, updateUser } from "../../models/user.ts";
import { mayHandOverReset } from "./people.ts";

export const RESET_TTL_MS = 3_600_000;

const sign = (secret: string, nonce: string) =>
  createHmac("sha256", secret).update(`password-reset:${nonce}`).digest("base64url").slice(0, 22);

/** A new token for the user; earlier unused tokens stop working. */
export async function issueResetToken(
  ctx: AppContext,
  userId: number,
  via: "email" | "link",
  createdBy: number | null,
): Promise<string> {
  const nonce = randomToken(24);
  const token = `${nonce}.${sign(ctx.secret, nonce)}`;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("password_resets")
      .set({ used_at: now })
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .execute();
    await tx
      .insertInto("password_resets")
      .values({
        user_id: userId,
        token_hash: sha256(token),
        via,
        created_by: createdBy,
        created_at: now,
        expires_at: now + RESET_TTL_MS,
      })
      .execute();
  });
  return token;
}

export type TokenCheck = { ok: true; user: User; resetId: number } | { ok: false; message: string };

const SPENT = "This reset link has expired or was already used. Ask for a new one.";

function signatureOk(secret: string, token: string): boolean {
  const [nonce, sig, extra] = token.split(".");
  if (!nonce || !sig || extra !== undefined) return false;
  const want = Buffer.from(sign(secret, nonce));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * A handed-over link holds only while its maker may still reset the user: a teacher's link for a
 * student dies when the student becomes a teacher or admin, or leaves the section, or the maker does.
 */
async function creatorMayStill(ctx: AppContext, creatorId: number, user: User): Promise<boolean> {
  const creator = await selectOptionalUser(ctx.db, creatorId);
  return creator?.active === 1 && (await mayHandOverReset(ctx, creator, user)) !== null;
}

export async function checkResetToken(ctx: AppContext, token: string): Promise<TokenCheck> {
  if (!signatureOk(ctx.secret, token)) return { ok: false, message: SPENT };
  const row = await ctx.db
    .selectFrom("password_resets")
    .selectAll()
    .where("token_hash", "=", sha256(token))
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= ctx.clock.now()) return { ok: false, message: SPENT };
  const user = await selectOptionalUser(ctx.db, row.user_id);
  if (!user?.active) return { ok: false, message: SPENT };
  if (row.created_by !== null && !(await creatorMayStill(ctx, row.created_by, user)))
    return { ok: false, message: SPENT };
  return { ok: true, user, resetId: row.id };
}

/** Spends the token and sets the password; the message says what is wrong otherwise. */
export async function resetPassword(
  ctx: AppContext,
  token: string,
  password: string,
): Promise<{ ok: true; user: User } | { ok: false; message: string }> {
  const check = await checkResetToken(ctx, token);
  if (!check.ok) return check;
  const problem = passwordProblem(password);
  if (problem) return { ok: false, message: problem };
  const hash = await hashPassword(password);
  // Spending is one conditional update, so two tabs racing with the same link cannot both win.
  const spent = await ctx.db
    .updateTable("password_resets")
    .set({ used_at: ctx.clock.now() })
    .where("id", "=", check.resetId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) return { ok: false, message: SPENT };
  await updateUser(ctx.db, check.user.id, {
    password_hash: hash,
    must_change_password: 0,
    failed_logins: 0,
    locked_until: null,
  });
  await deleteUserSessions(ctx.db, check.user.id); // whoever knew the old password is logged out
  ctx.events.emit("account:changed", { userId: check.user.id }); // and their open streams end
  return { ok: true, user: check.user };
}

/** The public address of a reset link. */
export function resetLink(ctx: AppContext, requestUrl: string, token: string): string {
  const origin = ctx.config.baseUrl ?? new URL(requestUrl).origin;
  return `${origin}/password/reset/${token}`;
}
