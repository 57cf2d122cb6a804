// Problem discussions (migrations/0015): comments with replies, one pinned comment per problem, and
// the teacher's visibility choice (always, or only once the student has solved the problem).
import { sql } from "kysely";
import type { Db } from "../../../db/connection.ts";
import type { DiscussionComment } from "../../../db/tables/community.ts";

export type Visibility = "always" | "after_solved";

export interface CommentRow extends DiscussionComment {
  author_name: string;
  author_role: string;
}

export async function selectVisibility(db: Db, problemId: number): Promise<Visibility> {
  const row = await db
    .selectFrom("discussion_settings")
    .select("visibility")
    .where("problem_id", "=", problemId)
    .executeTakeFirst();
  return row?.visibility ?? "always";
}

export async function saveVisibility(db: Db, problemId: number, visibility: Visibility): Promise<void> {
  await db
    .insertInto("discussion_settings")
    .values({ problem_id: problemId, visibility })
    .onConflict((oc) => oc.column("problem_id").doUpdateSet({ visibility }))
    .execute();
}

/** Solved: a graded submission with full marks (a teacher's override counts). */
export async function hasSolved(db: Db, problemId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("submissions")
    .select("id")
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .where("status", "=", "graded")
    .where(sql<boolean>`coalesce(override_score, score) >= max_score`)
    .executeTakeFirst();
  return row !== undefined;
}

export function selectComments(db: Db, problemId: number): Promise<CommentRow[]> {
  return db
    .selectFrom("discussion_comments")
    .innerJoin("users", "users.id", "discussion_comments.author_id")
    .selectAll("discussion_comments")
    .select(["users.display_name as author_name", "users.role as author_role"])
    .where("discussion_comments.problem_id", "=", problemId)
    .orderBy("discussion_comments.id")
    .execute();
}

export function selectComment(db: Db, id: number): Promise<DiscussionComment | undefined> {
  return db.selectFrom("discussion_comments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertComment(
  db: Db,
  c: { problemId: number; parentId: number | null; authorId: number; body: string; now: number },
): Promise<void> {
  await db
    .insertInto("discussion_comments")
    .values({
      problem_id: c.problemId,
      parent_id: c.parentId,
      author_id: c.authorId,
      body: c.body,
      created_at: c.now,
    })
    .execute();
}

export async function editComment(db: Db, id: number, body: string, now: number): Promise<void> {
  await db.updateTable("discussion_comments").set({ body, edited_at: now }).where("id", "=", id).execute();
}

/** Deletes a comment; one with replies stays as "deleted" so the replies keep their thread. */
export async function deleteComment(db: Db, id: number, now: number): Promise<void> {
  const reply = await db
    .selectFrom("discussion_comments")
    .select("id")
    .where("parent_id", "=", id)
    .executeTakeFirst();
  if (reply) {
    await db
      .updateTable("discussion_comments")
      .set({ body: "", deleted_at: now, pinned: 0 })
      .where("id", "=", id)
      .execute();
  } else await db.deleteFrom("discussion_comments").where("id", "=", id).execute();
}

/** Pins one comment of the problem (unpinning any other), or unpins it. */
export async function pinComment(db: Db, problemId: number, id: number, pin: boolean): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("discussion_comments")
      .set({ pinned: 0 })
      .where("problem_id", "=", problemId)
      .execute();
    if (pin) await tx.updateTable("discussion_comments").set({ pinned: 1 }).where("id", "=", id).execute();
  });
}
