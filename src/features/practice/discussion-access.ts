// Who may use a catalog problem's discussion (the community discussion routes call this first; a
// problem of a section keeps its own rules there). Any signed-in user of a published problem reads and
// writes; its moderators are the teacher who published it and the admins. An unpublished problem
// exists only for its moderators: everyone else gets 404, as for the problem page.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import type { Problem } from "../../db/tables/problems.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { createdBy } from "./access.ts";
import { selectCatalogEntry } from "./catalog.ts";

export interface CatalogDiscussionAccess {
  problem: Problem;
  /** A moderator: deletes anyone's comment, pins, chooses the visibility, never waits to solve. */
  teaches: boolean;
  /** Where the thread is shown: the practice problem page. */
  pageUrl: string;
}

/** The catalog problem's discussion access, or null when the problem is not in the catalog. */
export async function catalogDiscussionAccess(
  c: Context<AppEnv>,
  problemId: number,
): Promise<CatalogDiscussionAccess | null> {
  const entry = await selectCatalogEntry(c.var.ctx.db, problemId);
  if (!entry) return null;
  const user = currentUser(c);
  const moderator = user.role === "admin" || (await createdBy(c, problemId)) === user.id;
  if (!entry.published && !moderator)
    throw new HTTPException(404, { message: "There is no such practice problem." });
  return { problem: entry.problem, teaches: moderator, pageUrl: `/practice/problems/${problemId}` };
}
