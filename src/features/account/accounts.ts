// Creating accounts: one path for the first admin, teachers made by an admin, and students who
// register through an enrollment link. The password policy and unique usernames are checked here.
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import type { Role, User } from "../../db/schema.ts";
import { endUserSessions } from "../../http/sessions.ts";
import { email, line, password, username } from "../../http/validation.ts";
import { hashPassword, passwordProblem, temporaryPassword } from "../../lib/passwords.ts";
import { insertUser, selectOptionalUserByUsername, updateUser } from "../../models/user.ts";

export interface NewAccount {
  username: string;
  displayName: string;
  email: string;
  password: string;
  role: Role;
  mustChangePassword?: boolean;
}

export type CreateResult = { ok: true; user: User } | { ok: false; message: string };

export async function createAccount(ctx: AppContext, a: NewAccount): Promise<CreateResult> {
  const problem = passwordProblem(a.password);
  if (problem) return { ok: false, message: problem };
  if (await selectOptionalUserByUsername(ctx.db, a.username)) {
    return { ok: false, message: `The username "${a.username}" is already taken.` };
  }
  const user = await insertUser(ctx.db, {
    username: a.username,
    display_name: a.displayName,
    email: a.email || null,
    password_hash: await hashPassword(a.password),
    role: a.role,
    must_change_password: a.mustChangePassword ? 1 : 0,
    created_at: ctx.clock.now(),
  });
  return { ok: true, user };
}

/**
 * Gives a user a new one-time temporary password (returned, to be shown once): the old one stops
 * working, they are logged out everywhere, a lockout ends, and they choose their own at the next login.
 */
export async function resetToTemporaryPassword(ctx: AppContext, userId: number): Promise<string> {
  const password = temporaryPassword();
  await updateUser(ctx.db, userId, {
    password_hash: await hashPassword(password),
    must_change_password: 1,
    failed_logins: 0,
    locked_until: null,
  });
  await endUserSessions(ctx, userId);
  return password;
}

/** Ends a lockout after too many failed logins, so the user can try again at once. */
export async function unlockAccount(ctx: AppContext, userId: number): Promise<void> {
  await updateUser(ctx.db, userId, { failed_logins: 0, locked_until: null });
}

/** The form a new user fills in (setup, registration through a link). */
export const newAccountForm = z
  .object({
    displayName: line("Full name", 80),
    username,
    email,
    password: password(),
    confirm: z.string({ error: "Please confirm the password." }).max(200),
  })
  .refine((d) => d.password === d.confirm, { message: "The two passwords do not match.", path: ["confirm"] });
