// A user's own account: profile and password. A forced change (after an admin reset) comes first.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { endUserSessions } from "../../http/sessions.ts";
import { email, formValidator, line, password } from "../../http/validation.ts";
import { hashPassword, passwordProblem, verifyPassword } from "../../lib/passwords.ts";
import { updateUser } from "../../models/user.ts";
import { AccountPage, ForcedPasswordPage } from "./views/account.tsx";

const passwordForm = z
  .object({
    current: password("Current password"),
    password: password("New password"),
    confirm: z.string().max(200),
  })
  .refine((d) => d.password === d.confirm, { message: "The two new passwords do not match." });

const profileForm = z.object({ displayName: line("Full name", 80), email });

function renderPasswordPage(c: Context<AppEnv>, user: User, error: string) {
  c.status(422);
  if (user.must_change_password)
    return c.render(<ForcedPasswordPage error={error} />, { title: "New password", bare: true });
  return c.render(<AccountPage user={user} passwordError={error} />, { title: "Your account" });
}

export const accountRoutes = new Hono<AppEnv>()
  .get("/", (c) => c.render(<AccountPage user={currentUser(c)} />, { title: "Your account" }))
  .get("/password", (c) => {
    const user = currentUser(c);
    if (!user.must_change_password) return c.redirect("/account", 303);
    return c.render(<ForcedPasswordPage />, { title: "New password", bare: true });
  })
  .post(
    "/password",
    formValidator(passwordForm, (c, error) => renderPasswordPage(c, currentUser(c), error)),
    async (c) => {
      const user = currentUser(c);
      const form = c.req.valid("form");
      const problem = (await verifyPassword(form.current, user.password_hash))
        ? (passwordProblem(form.password) ??
          (form.password === form.current ? "Choose a password different from the current one." : null))
        : "The current password is not correct.";
      if (problem) return renderPasswordPage(c, user, problem);
      await updateUser(c.var.ctx.db, user.id, {
        password_hash: await hashPassword(form.password),
        must_change_password: 0,
      });
      await endUserSessions(c.var.ctx, user.id, c); // other devices must log in again
      return redirectWith(c, user.must_change_password ? "/" : "/account", "Your password has been changed.");
    },
  )
  .post(
    "/profile",
    formValidator(profileForm, (c, error) => {
      c.status(422);
      return c.render(<AccountPage user={currentUser(c)} profileError={error} />, { title: "Your account" });
    }),
    async (c) => {
      const user = currentUser(c);
      const form = c.req.valid("form");
      await updateUser(c.var.ctx.db, user.id, { display_name: form.displayName, email: form.email || null });
      return redirectWith(c, "/account", "Profile saved.");
    },
  );
