// Who may see and change the catalog: any signed-in user practises; teachers and admins see hidden
// problems and manage the catalog (a teacher the problems they published, an admin all). A problem
// someone may not see answers 404.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { type CatalogEntry, selectCatalogEntry } from "./catalog.ts";

export const isStaff = (user: User) => user.role === "teacher" || user.role === "admin";

const notFound = () => new HTTPException(404, { message: "There is no such practice problem." });

export async function entryToView(c: Context<AppEnv>, problemId: number): Promise<CatalogEntry> {
  const user = currentUser(c);
  const entry = await selectCatalogEntry(c.var.ctx.db, problemId);
  if (!entry || (!entry.published && !isStaff(user))) throw notFound();
  return entry;
}

export async function createdBy(c: Context<AppEnv>, problemId: number): Promise<number | null | undefined> {
  const row = await c.var.ctx.db
    .selectFrom("practice_problems")
    .select("created_by")
    .where("problem_id", "=", problemId)
    .executeTakeFirst();
  return row ? row.created_by : undefined;
}

/** A catalog problem the current user may edit: an admin any, a teacher their own. */
export async function entryToManage(c: Context<AppEnv>, problemId: number): Promise<CatalogEntry> {
  const user = currentUser(c, "teacher", "admin");
  const entry = await selectCatalogEntry(c.var.ctx.db, problemId);
  if (!entry) throw notFound();
  if (user.role !== "admin" && (await createdBy(c, problemId)) !== user.id) throw notFound();
  return entry;
}
