// Forgotten passwords. Public: asking for an e-mail (only when SLATE_SMTP_URL is set; the answer
// never says whether an account exists) and using a reset link. Signed in: an admin, or a teacher
// for a student of their section, makes a one-time link to hand over.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppContext, AppEnv } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { clientIp } from "../../http/client-ip.ts";
import { redirectWith } from "../../http/flash.ts";
import { limit } from "../../http/rate-limit.ts";
import { formValidator, idParam, validated } from "../../http/validation.ts";
import { selectOptionalUser, selectOptionalUserByUsername } from "../../models/user.ts";
import { mailEnabled, resetMailText, sendMail } from "./mailer.ts";
import { checkResetToken, issueResetToken, resetLink, resetPassword } from "./password-reset.ts";
import { mayHandOverReset } from "./people.ts";
import { ForgotPage, ResetLinkPage, ResetPage } from "./views/reset.tsx";

const tokenParam = z.object({ token: z.string().min(10).max(200) });
const resetForm = z
  .object({ password: z.string().min(1, "Choose a password.").max(200), confirm: z.string().max(200) })
  .refine((d) => d.password === d.confirm, { message: "The two passwords do not match." });

async function userForReset(c: Context<AppEnv>, who: string): Promise<User | undefined> {
  const byName = await selectOptionalUserByUsername(c.var.ctx.db, who.toLowerCase());
  if (byName) return byName;
  if (!who.includes("@")) return undefined;
  return c.var.ctx.db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", who.toLowerCase()))
    .executeTakeFirst();
}

/** The e-mailed link uses SLATE_BASE_URL, never the Host header (config requires it with SMTP). */
async function mailResetLink(ctx: AppContext, user: User, to: string): Promise<void> {
  try {
    const token = await issueResetToken(ctx, user.id, "email", null);
    await sendMail(ctx, {
      to,
      subject: "Reset your Slate password",
      text: resetMailText(user.display_name, `${ctx.config.baseUrl}/password/reset/${token}`),
    });
  } catch (err) {
    ctx.logger.error({ err, userId: user.id }, "password reset e-mail failed");
  }
}

export const publicResetRoutes = new Hono<AppEnv>()
  .get("/password/forgot", (c) =>
    c.render(<ForgotPage mail={mailEnabled(c.var.ctx)} />, { title: "Forgot password", bare: true }),
  )
  .post(
    "/password/forgot",
    limit({
      max: 5,
      key: (c) => `forgot:${clientIp(c)}`,
      message: "Too many reset requests. Wait a minute.",
    }),
    validated("form", z.object({ who: z.string().trim().min(1).max(254) })),
    async (c) => {
      const ctx = c.var.ctx;
      if (!mailEnabled(ctx)) return c.redirect("/password/forgot", 303);
      const user = await userForReset(c, c.req.valid("form").who);
      // Issued and sent after the answer, so its time does not tell whether the account exists.
      if (user?.active && user.email) void mailResetLink(ctx, user, user.email);
      return c.render(<ForgotPage mail sent />, { title: "Forgot password", bare: true });
    },
  )
  .get("/password/reset/:token", validated("param", tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer"); // the token must not leave in a Referer header
    const check = await checkResetToken(c.var.ctx, token);
    if (!check.ok) c.status(410);
    const page = check.ok ? (
      <ResetPage token={token} name={check.user.display_name} />
    ) : (
      <ResetPage token={token} dead error={check.message} />
    );
    return c.render(page, { title: "New password", bare: true });
  })
  .post(
    "/password/reset/:token",
    limit({ max: 20, key: (c) => `reset:${clientIp(c)}`, message: "Too many attempts. Wait a minute." }),
    validated("param", tokenParam),
    formValidator(resetForm, (c, error) => {
      c.status(422);
      return c.render(<ResetPage token={c.req.param("token") ?? ""} error={error} />, {
        title: "New password",
        bare: true,
      });
    }),
    async (c) => {
      const { token } = c.req.valid("param");
      const result = await resetPassword(c.var.ctx, token, c.req.valid("form").password);
      if (!result.ok) {
        const dead = !(await checkResetToken(c.var.ctx, token)).ok;
        c.status(dead ? 410 : 422);
        return c.render(<ResetPage token={token} dead={dead} error={result.message} />, {
          title: "New password",
          bare: true,
        });
      }
      return redirectWith(c, "/login", "Your password has been set. Log in with it now.");
    },
  );

export const resetLinkRoutes = new Hono<AppEnv>().post(
  "/people/:id/reset-link",
  validated("param", idParam),
  async (c) => {
    const me = currentUser(c);
    const target = await selectOptionalUser(c.var.ctx.db, c.req.valid("param").id);
    const may = target ? await mayHandOverReset(c.var.ctx, me, target) : null;
    if (!target || !may)
      throw new HTTPException(404, { message: "There is no such user, or you cannot reset them." });
    const token = await issueResetToken(c.var.ctx, target.id, "link", me.id);
    c.header("Cache-Control", "no-store");
    const link = resetLink(c.var.ctx, c.req.url, token);
    return c.render(
      <ResetLinkPage name={target.display_name} username={target.username} link={link} back={may.back} />,
      { title: "Reset link" },
    );
  },
);
