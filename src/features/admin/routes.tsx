// Administration: users (search, create teachers, roles, deactivation, password resets) and system
// status. Every route here is for admins only.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { currentUser, requireRole } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { endUserSessions } from "../../http/sessions.ts";
import { email, formValidator, idParam, line, username, validated } from "../../http/validation.ts";
import { temporaryPassword } from "../../lib/passwords.ts";
import { searchUsers, selectOptionalUser } from "../../models/user.ts";
import { TemporaryPasswordPage } from "../../ui/temporary-password.tsx";
import { createAccount, resetToTemporaryPassword, unlockAccount } from "../account/accounts.ts";
import { systemRoutes } from "./system-routes.tsx";
import { NewUserPage, UserDetailPage, UserListPage } from "./views/users.tsx";

const PAGE_SIZE = 50;
const role = z.enum(["admin", "teacher", "student"], { error: "Choose a role: admin, teacher or student." });

const listQuery = z.object({
  q: z.string().max(100, "Search text is too long.").optional().default(""),
  role: z
    .union([role, z.literal("")])
    .optional()
    .default(""),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});

/** Where an action was pressed, to go back there. */
const fromQuery = z.object({ from: z.enum(["list"]).optional().catch(undefined) });

const newUserForm = z.object({
  displayName: line("Full name", 80),
  username,
  email,
  role: z.enum(["teacher", "admin"], { error: "New accounts here are teachers or administrators." }),
});

/** The user being managed; admins may not demote or deactivate themselves (no lock-out by accident). */
async function managedUser(c: Context<AppEnv>, id: number, allowSelf = false): Promise<User> {
  const user = await selectOptionalUser(c.var.ctx.db, id);
  if (!user) throw new HTTPException(404, { message: "There is no such user." });
  if (!allowSelf && user.id === currentUser(c).id) {
    throw new HTTPException(403, {
      message: "You cannot change your own role or status. Ask another administrator.",
    });
  }
  return user;
}

/**
 * Changes a managed user; taking away an admin (demotion, deactivation) happens only while another
 * active admin remains, checked inside the UPDATE so two admins acting on each other at once cannot
 * both win and leave nobody to administer Slate. False when refused.
 */
async function updateManaged(
  c: Context<AppEnv>,
  user: User,
  changes: { role?: User["role"]; active?: number; failed_logins?: number; locked_until?: null },
): Promise<boolean> {
  const losesAdmin = (changes.role !== undefined && changes.role !== "admin") || changes.active === 0;
  let q = c.var.ctx.db.updateTable("users").set(changes).where("id", "=", user.id);
  if (losesAdmin)
    q = q.where((eb) =>
      eb.or([
        eb("role", "!=", "admin"),
        eb.exists(
          eb
            .selectFrom("users as other")
            .select("other.id")
            .where("other.role", "=", "admin")
            .where("other.active", "=", 1)
            .where("other.id", "!=", user.id),
        ),
      ]),
    );
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const lastAdmin = () =>
  new HTTPException(409, { message: "Slate needs at least one active administrator. Nothing was changed." });

async function showTemporaryPassword(c: Context<AppEnv>, user: User, created: boolean) {
  const password = await resetToTemporaryPassword(c.var.ctx, user.id);
  c.header("Cache-Control", "no-store"); // the password must not linger in a cache
  return c.render(<TemporaryPasswordPage user={user} password={password} created={created} />, {
    title: created ? "Account created" : "Password reset",
  });
}

export const adminRoutes = new Hono<AppEnv>()
  .use(requireRole("admin"))
  .route("/system", systemRoutes)
  .get("/users", validated("query", listQuery), async (c) => {
    const { q, role, page } = c.req.valid("query");
    const offset = (page - 1) * PAGE_SIZE;
    const { users, total } = await searchUsers(c.var.ctx.db, {
      q,
      role: role || undefined,
      limit: PAGE_SIZE,
      offset,
    });
    const props = { users, total, q, role, page, pageSize: PAGE_SIZE, now: c.var.ctx.clock.now() };
    return c.render(<UserListPage {...props} />, { title: "Users" });
  })
  .get("/users/new", (c) => c.render(<NewUserPage />, { title: "New teacher" }))
  .post(
    "/users",
    formValidator(newUserForm, (c, error, values) => {
      c.status(422);
      return c.render(<NewUserPage error={error} values={values} />, { title: "New teacher" });
    }),
    async (c) => {
      const form = c.req.valid("form");
      // A random placeholder; the real temporary password is set and shown on the next step.
      const result = await createAccount(c.var.ctx, {
        ...form,
        password: temporaryPassword(),
        mustChangePassword: true,
      });
      if (!result.ok) {
        c.status(422);
        return c.render(<NewUserPage error={result.message} values={form} />, { title: "New teacher" });
      }
      return showTemporaryPassword(c, result.user, true);
    },
  )
  .get("/users/:id", validated("param", idParam), async (c) => {
    const user = await managedUser(c, c.req.valid("param").id, true);
    const self = user.id === currentUser(c).id;
    return c.render(<UserDetailPage user={user} self={self} now={c.var.ctx.clock.now()} />, {
      title: user.display_name,
    });
  })
  .post("/users/:id/role", validated("param", idParam), validated("form", z.object({ role })), async (c) => {
    const user = await managedUser(c, c.req.valid("param").id);
    const newRole = c.req.valid("form").role;
    if (!(await updateManaged(c, user, { role: newRole }))) throw lastAdmin();
    c.var.ctx.events.emit("account:changed", { userId: user.id }); // open streams checked the old role
    return redirectWith(
      c,
      `/admin/users/${user.id}`,
      `${user.display_name} is now ${article(newRole)} ${newRole}.`,
    );
  })
  .post("/users/:id/:action{deactivate|reactivate}", validated("param", idParam), async (c) => {
    const user = await managedUser(c, c.req.valid("param").id);
    const active = c.req.param("action") === "reactivate";
    const changes = { active: active ? 1 : 0, failed_logins: 0, locked_until: null };
    if (!(await updateManaged(c, user, changes))) throw lastAdmin();
    if (!active) await endUserSessions(c.var.ctx, user.id); // logged out everywhere, at once
    if (!active) c.var.ctx.events.emit("account:deactivated", { userId: user.id }); // and their open pages' streams
    return redirectWith(
      c,
      `/admin/users/${user.id}`,
      `${user.display_name} was ${active ? "reactivated" : "deactivated"}.`,
    );
  })
  .post("/users/:id/reset-password", validated("param", idParam), async (c) => {
    const user = await managedUser(c, c.req.valid("param").id);
    return showTemporaryPassword(c, user, false);
  })
  .post("/users/:id/unlock", validated("param", idParam), validated("query", fromQuery), async (c) => {
    const user = await managedUser(c, c.req.valid("param").id);
    await unlockAccount(c.var.ctx, user.id);
    const back = c.req.valid("query").from === "list" ? "/admin/users" : `/admin/users/${user.id}`;
    return redirectWith(c, back, `${user.display_name} can log in again.`);
  });

const article = (word: string) => (/^[aeiou]/.test(word) ? "an" : "a");
