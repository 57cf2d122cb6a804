// First run: while no admin exists every page leads here; afterwards setup is closed for good.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import { isSetupDone } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { startSession } from "../../http/sessions.ts";
import { formValidator } from "../../http/validation.ts";
import { withLock } from "../../lib/lock.ts";
import { SetupPage } from "../../ui/account-forms.tsx";
import { createAccount, newAccountForm } from "../account/accounts.ts";

const closed = () => new HTTPException(403, { message: "Setup is already complete. Log in instead." });

export const setupRoutes = new Hono<AppEnv>()
  .get("/setup", async (c) => {
    if (await isSetupDone(c.var.ctx)) throw closed();
    return c.render(<SetupPage />, { title: "Set up Slate", bare: true });
  })
  .post(
    "/setup",
    async (c, next) => {
      if (await isSetupDone(c.var.ctx)) throw closed();
      await next();
    },
    formValidator(newAccountForm, (c, error, values) => {
      c.status(422);
      return c.render(<SetupPage error={error} values={values} />, { title: "Set up Slate", bare: true });
    }),
    async (c) => {
      const form = c.req.valid("form");
      const ctx = c.var.ctx;
      const result = await withLock("setup", async () => {
        if (await isSetupDone(ctx)) throw closed();
        return createAccount(ctx, { ...form, role: "admin" });
      });
      if (!result.ok) {
        c.status(422);
        return c.render(<SetupPage error={result.message} values={form} />, {
          title: "Set up Slate",
          bare: true,
        });
      }
      await startSession(c, result.user.id);
      return redirectWith(c, "/", "Welcome to Slate. Next, create a teacher account.");
    },
  );
