// Who may see or run a section. A section someone may not see answers 404, as if it did not exist,
// so ids cannot be probed. Checked on the server for every section route.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context.ts";
import type { Section } from "../db/schema.ts";
import { isEnrolled, isSectionTeacher, selectOptionalSection } from "../models/section.ts";
import { currentUser } from "./auth-middleware.ts";

const notFound = () =>
  new HTTPException(404, { message: "There is no such section, or you are not part of it." });

/** The section, when the current user teaches it (or is an admin). */
export async function sectionToTeach(c: Context<AppEnv>, id: number): Promise<Section> {
  const user = currentUser(c, "teacher", "admin");
  const section = await selectOptionalSection(c.var.ctx.db, id);
  if (!section) throw notFound();
  if (user.role !== "admin" && !(await isSectionTeacher(c.var.ctx.db, id, user.id))) throw notFound();
  return section;
}

/** The section and whether the viewer teaches it; students must be enrolled and it must be live. */
export async function sectionToView(
  c: Context<AppEnv>,
  id: number,
): Promise<{ section: Section; teaches: boolean }> {
  const user = currentUser(c);
  if (user.role !== "student") return { section: await sectionToTeach(c, id), teaches: true };
  const section = await selectOptionalSection(c.var.ctx.db, id);
  if (!section || section.archived_at !== null || !(await isEnrolled(c.var.ctx.db, id, user.id)))
    throw notFound();
  return { section, teaches: false };
}

/** The public enrollment link of a section. */
export function enrollLink(c: Context<AppEnv>, code: string): string {
  const origin = c.var.ctx.config.baseUrl ?? new URL(c.req.url).origin;
  return `${origin}/join/${code}`;
}
