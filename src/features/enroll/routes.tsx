// Enrollment links (/join/CODE): a visitor registers as a student or logs in, and is enrolled.
// A rotated or disabled code, or an archived section, answers 404.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Section, User } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { formValues, joinGuessLimit, loginLimits, registrationLimits } from "../../http/rate-limit.ts";
import { startSession } from "../../http/sessions.ts";
import { formValidator } from "../../http/validation.ts";
import { insertEnrollment, selectOptionalSectionByCode } from "../../models/section.ts";
import { createAccount, newAccountForm } from "../account/accounts.ts";
import { checkLogin, loginMessage } from "../auth/login.ts";
import { loginForm } from "../auth/routes.tsx";
import { JoinPage } from "./views/join.tsx";

const codeParam = z.object({ code: z.string().regex(/^[a-z0-9]{4,32}$/) });

async function openSection(c: Context<AppEnv>): Promise<Section> {
  const parsed = codeParam.safeParse({ code: c.req.param("code") });
  const section = parsed.success
    ? await selectOptionalSectionByCode(c.var.ctx.db, parsed.data.code)
    : undefined;
  if (!section?.enroll_enabled || section.archived_at !== null) {
    throw new HTTPException(404, {
      message: "This enrollment link is not valid any more. Ask your teacher for the current link.",
    });
  }
  return section;
}

async function render(
  c: Context<AppEnv>,
  status: 200 | 401 | 422 | 429,
  extra: Partial<Parameters<typeof JoinPage>[0]>,
) {
  const section = await openSection(c);
  c.status(status);
  const page = <JoinPage section={section} code={section.enroll_code} user={c.var.user} {...extra} />;
  return c.render(page, { title: `Join ${section.name}`, bare: true });
}

async function enrollAndGo(c: Context<AppEnv>, section: Section, user: User) {
  if (user.role !== "student")
    return redirectWith(c, "/", "Teachers and admins are not enrolled through links.", "info");
  await insertEnrollment(c.var.ctx.db, section.id, user.id, c.var.ctx.clock.now());
  return redirectWith(c, `/sections/${section.id}`, `Welcome to ${section.name}!`);
}

const refuseRegistration = async (c: Context<AppEnv>, error: string) =>
  render(c, 429, { register: { error, values: await formValues(c, ["displayName", "username", "email"]) } });

const refuseLogin = async (c: Context<AppEnv>, error: string) =>
  render(c, 429, { login: { error, values: await formValues(c, ["username"]) } });

export const enrollRoutes = new Hono<AppEnv>()
  .use("/:code/*", joinGuessLimit) // also matches /:code itself
  .get("/:code", (c) => render(c, 200, {}))
  .post("/:code/enroll", async (c) => {
    const section = await openSection(c);
    return enrollAndGo(c, section, currentUser(c));
  })
  .post(
    "/:code/register",
    ...registrationLimits(refuseRegistration),
    formValidator(newAccountForm, (c, error, values) => render(c, 422, { register: { error, values } })),
    async (c) => {
      const section = await openSection(c);
      const form = c.req.valid("form");
      const result = await createAccount(c.var.ctx, { ...form, role: "student" });
      if (!result.ok) return render(c, 422, { register: { error: result.message, values: form } });
      await startSession(c, result.user.id);
      return enrollAndGo(c, section, result.user);
    },
  )
  .post(
    "/:code/login",
    ...loginLimits(refuseLogin),
    formValidator(loginForm, (c, error, values) => render(c, 422, { login: { error, values } })),
    async (c) => {
      const section = await openSection(c);
      const form = c.req.valid("form");
      const result = await checkLogin(c.var.ctx, form.username, form.password);
      if (!result.ok) {
        const error = loginMessage(result, c.var.ctx.clock.now());
        return render(c, result.reason === "locked" ? 429 : 401, {
          login: { error, values: { username: form.username } },
        });
      }
      await startSession(c, result.user.id);
      return enrollAndGo(c, section, result.user);
    },
  );
