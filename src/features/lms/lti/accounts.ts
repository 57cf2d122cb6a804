// LMS users as Slate accounts: linked by platform and subject (the LMS's stable user id). A new one
// gets an account without a password (it signs in through the LMS only); an Instructor becomes a
// teacher, a Learner a student. An existing student who is an Instructor in the LMS is promoted;
// nobody is ever demoted from here, and an administrator stays one.
import type { AppContext } from "../../../context.ts";
import type { User } from "../../../db/schema.ts";
import { randomToken, sha256 } from "../../../lib/tokens.ts";
import {
  insertUser,
  selectOptionalUser,
  selectOptionalUserByUsername,
  updateUser,
} from "../../../models/user.ts";
import type { LtiRole } from "./claims.ts";

/** Never a valid argon2 hash: Bun.password.verify fails on it, so no password opens the account. */
export const NO_PASSWORD = "!lti";

export interface LtiPerson {
  subject: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
}

function displayName(p: LtiPerson): string {
  const name = p.name?.trim() || [p.givenName, p.familyName].filter(Boolean).join(" ").trim();
  return (name || "LMS user").replace(/[\r\n\t]+/g, " ").slice(0, 80);
}

/**
 * The new account's username. The readable one can be guessed from the LMS's user id, so anyone who
 * registers it first (a classmate, through a join link) would make this person's launches fail: then
 * a random ending is added. Accounts are linked by lti_accounts, never by username.
 */
async function freeUsername(ctx: AppContext, platformId: number, subject: string): Promise<string> {
  const base = `lti${platformId}-${sha256(subject).slice(0, 10)}`;
  if (!(await selectOptionalUserByUsername(ctx.db, base))) return base;
  return `${base}-${randomToken(6).replace(/[^A-Za-z0-9]/g, "x")}`;
}

async function createUser(ctx: AppContext, platformId: number, p: LtiPerson, role: LtiRole): Promise<User> {
  return insertUser(ctx.db, {
    username: await freeUsername(ctx, platformId, p.subject),
    display_name: displayName(p),
    email: p.email && /^[^\s@]+@[^\s@]+$/.test(p.email) ? p.email : null,
    password_hash: NO_PASSWORD,
    role: role === "instructor" ? "teacher" : "student",
    created_at: ctx.clock.now(),
    last_login_at: null,
  });
}

/** The Slate user of this LMS person, made or promoted as their role needs. */
export async function linkAccount(
  ctx: AppContext,
  platformId: number,
  person: LtiPerson,
  role: LtiRole,
): Promise<User> {
  const { db, clock } = ctx;
  const link = await db
    .selectFrom("lti_accounts")
    .select("user_id")
    .where("platform_id", "=", platformId)
    .where("subject", "=", person.subject)
    .executeTakeFirst();
  let user = link ? await selectOptionalUser(db, link.user_id) : undefined;
  if (!user) {
    user = await createUser(ctx, platformId, person, role);
    await db
      .insertInto("lti_accounts")
      .values({ platform_id: platformId, subject: person.subject, user_id: user.id, created_at: clock.now() })
      .onConflict((oc) => oc.columns(["platform_id", "subject"]).doUpdateSet({ user_id: user!.id }))
      .execute();
  }
  // A deactivated account is refused afterwards; it must not come back later as a teacher.
  if (role === "instructor" && user.role === "student" && user.active) {
    await updateUser(db, user.id, { role: "teacher" });
    user = { ...user, role: "teacher" };
  }
  return user;
}

/** The LMS subject of a user at a platform (the userId AGS scores are for). */
export async function subjectOf(ctx: AppContext, platformId: number, userId: number): Promise<string | null> {
  const row = await ctx.db
    .selectFrom("lti_accounts")
    .select("subject")
    .where("platform_id", "=", platformId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.subject ?? null;
}
