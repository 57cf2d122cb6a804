// Teachers' comments on lines of a submission (migrations/0015). Several per line; deleted with
// their submission (ON DELETE CASCADE).
import type { Db } from "../../../db/connection.ts";
import type { CodeComment } from "../../../db/tables/community.ts";

export interface CodeCommentRow extends CodeComment {
  author_name: string;
}

export function selectCodeComments(db: Db, submissionId: number): Promise<CodeCommentRow[]> {
  return db
    .selectFrom("code_comments")
    .innerJoin("users", "users.id", "code_comments.author_id")
    .selectAll("code_comments")
    .select("users.display_name as author_name")
    .where("code_comments.submission_id", "=", submissionId)
    .orderBy("code_comments.id")
    .execute();
}

export function selectCodeComment(db: Db, id: number): Promise<CodeComment | undefined> {
  return db.selectFrom("code_comments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertCodeComment(
  db: Db,
  c: { submissionId: number; authorId: number; file: string; line: number; body: string; now: number },
): Promise<void> {
  await db
    .insertInto("code_comments")
    .values({
      submission_id: c.submissionId,
      author_id: c.authorId,
      file: c.file,
      line: c.line,
      body: c.body,
      created_at: c.now,
    })
    .execute();
}

export async function updateCodeComment(db: Db, id: number, body: string, now: number): Promise<void> {
  await db.updateTable("code_comments").set({ body, edited_at: now }).where("id", "=", id).execute();
}

export async function deleteCodeComment(db: Db, id: number): Promise<void> {
  await db.deleteFrom("code_comments").where("id", "=", id).execute();
}

/** How many comments each of these submissions has (the history's count). */
export async function countCodeComments(db: Db, submissionIds: number[]): Promise<Map<number, number>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("code_comments")
    .select(["submission_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("submission_id", "in", submissionIds)
    .groupBy("submission_id")
    .execute();
  return new Map(rows.map((r) => [r.submission_id, Number(r.n)]));
}
