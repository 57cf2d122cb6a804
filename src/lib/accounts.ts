// Creating accounts: one path for the first admin, teachers made by an admin, and students who
// register through an enrollment link. The password policy and unique usernames are checked here.
import { z } from "zod";
import type { AppContext } from "../context.ts";
import type { Role, User } from "../db/schema.ts";
import { insertUser, selectOptionalUserByUsername } from "../models/user.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import { email, line, password, username } from "./validation.ts";

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
