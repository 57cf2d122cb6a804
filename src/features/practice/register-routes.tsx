// Public registration (/register), for a hobbyist's server without sections: closed (404) until an
// admin opens it on /practice/admin. Same password policy as every account, and rate limited per
// address under the registrations' per-address ceiling.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import { redirect } from "../../http/auth-middleware.ts";
import { clientIp } from "../../http/client-ip.ts";
import { redirectWith } from "../../http/flash.ts";
import { formValues, limit, registrationLimits } from "../../http/rate-limit.ts";
import { startSession } from "../../http/sessions.ts";
import { formValidator } from "../../http/validation.ts";
import { createAccount, newAccountForm } from "../account/accounts.ts";
import { isRegistrationOpen } from "./settings.ts";
import { RegisterPage } from "./views/register.tsx";

async function requireOpen(c: Context<AppEnv>): Promise<void> {
  if (!(await isRegistrationOpen(c.var.ctx.db)))
    throw new HTTPException(404, {
      message: "Registration is closed on this server. Ask its administrator for an account.",
    });
}

function render(
  c: Context<AppEnv>,
  status: 200 | 422 | 429,
  error?: string,
  values?: Record<string, string>,
) {
  c.status(status);
  return c.render(<RegisterPage error={error} values={values} />, { title: "Create an account", bare: true });
}

const refuse = async (c: Context<AppEnv>, error: string) =>
  render(c, 429, error, await formValues(c, ["displayName", "username", "email"]));

const [perIpCeiling] = registrationLimits(refuse);

export const registerRoutes = new Hono<AppEnv>()
  .get("/register", async (c) => {
    await requireOpen(c);
    if (c.var.user) return redirect(c, "/practice");
    return render(c, 200);
  })
  .post(
    "/register",
    async (c, next) => {
      await requireOpen(c);
      // Signed in already: no second account, and the session stays theirs (like the form's GET).
      if (c.var.user) return redirect(c, "/practice");
      await next();
    },
    perIpCeiling,
    limit({
      max: (c) => c.var.ctx.config.limits.registerPerCode,
      key: (c) => `register-public:${clientIp(c)}`,
      message: "Too many registrations from this network. Please wait a minute and try again.",
      refuse,
    }),
    formValidator(newAccountForm, (c, error, values) => render(c, 422, error, values)),
    async (c) => {
      const form = c.req.valid("form");
      const result = await createAccount(c.var.ctx, { ...form, role: "student" });
      if (!result.ok) return render(c, 422, result.message, form);
      await startSession(c, result.user.id);
      return redirectWith(
        c,
        "/practice",
        `Welcome to Slate, ${result.user.display_name}! Pick a problem to start.`,
      );
    },
  );
