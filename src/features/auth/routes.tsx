// Logging in and out. Login is rate limited per IP and per username, on top of the account lockout.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { redirect } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { formValues, loginLimits } from "../../http/rate-limit.ts";
import { endSession, startSession } from "../../http/sessions.ts";
import { checkbox, formValidator, password } from "../../http/validation.ts";
import { safeNext } from "../../lib/safe-next.ts";
import { LoginPage } from "../../ui/account-forms.tsx";
import { isRegistrationOpen } from "../practice/settings.ts";
import { checkLogin, loginMessage } from "./login.ts";

export const loginForm = z.object({
  username: z
    .string({ error: "Username is required." })
    .trim()
    .min(1, "Username is required.")
    .max(64, "Wrong username or password."),
  password: password(),
  next: z.string().max(500).optional(),
  remember: checkbox,
});

export const authRoutes = new Hono<AppEnv>()
  .get("/login", async (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.var.user) return redirect(c, next);
    const registerOpen = await isRegistrationOpen(c.var.ctx.db);
    const page = <LoginPage next={next === "/" ? undefined : next} registerOpen={registerOpen} />;
    return c.render(page, { title: "Log in", bare: true });
  })
  .post(
    "/login",
    ...loginLimits(async (c, error) =>
      c.render(<LoginPage error={error} values={await formValues(c, ["username"])} />, {
        title: "Log in",
        bare: true,
      }),
    ),
    formValidator(loginForm, (c, error, values) => {
      c.status(422);
      return c.render(<LoginPage error={error} values={values} />, { title: "Log in", bare: true });
    }),
    async (c) => {
      const form = c.req.valid("form");
      const result = await checkLogin(c.var.ctx, form.username, form.password);
      if (!result.ok) {
        c.status(result.reason === "locked" ? 429 : 401);
        const error = loginMessage(result, c.var.ctx.clock.now());
        return c.render(
          <LoginPage error={error} values={{ username: form.username }} next={safeNext(form.next)} />,
          {
            title: "Log in",
            bare: true,
          },
        );
      }
      await startSession(c, result.user.id, { remember: form.remember });
      return redirect(c, safeNext(form.next));
    },
  )
  .post("/logout", async (c) => {
    await endSession(c);
    return redirectWith(c, "/login", "You have been logged out.", "info");
  });
