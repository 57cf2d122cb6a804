// The section gradebook's assessment columns (src/analytics/assessment-columns.ts): every published
// assessment of the section, each student's grade by its grading method over their submitted,
// non-practice attempts. Two statements, whatever the number of assessments and students.
import type { AssessmentColumn } from "../../analytics/assessment-columns.ts";
import type { Db } from "../../db/connection.ts";
import { gradeOf } from "./grade-method.ts";

export async function gradebookAssessmentColumns(
  db: Db,
  sectionId: number,
  userId?: number,
): Promise<AssessmentColumn[]> {
  const list = await db
    .selectFrom("assessments")
    .select(["id", "title", "grading_method"])
    .where("section_id", "=", sectionId)
    .where("published", "=", 1)
    .orderBy("id")
    .execute();
  if (list.length === 0) return [];
  let q = db
    .selectFrom("assessment_attempts")
    .select(["assessment_id", "user_id", "number", "state", "score", "max_score", "pending_manual"])
    .where(
      "assessment_id",
      "in",
      list.map((a) => a.id),
    )
    .where("practice", "=", 0);
  if (userId !== undefined) q = q.where("user_id", "=", userId);
  const attempts = await q.execute();
  return list.map((a) => {
    const mine = attempts.filter((t) => t.assessment_id === a.id);
    const byUser = new Map<number, typeof mine>();
    const open = new Set<number>();
    for (const t of mine) {
      if (t.state === "open") open.add(t.user_id);
      if (t.state !== "submitted") continue;
      byUser.set(t.user_id, [...(byUser.get(t.user_id) ?? []), t]);
    }
    const cells: AssessmentColumn["cells"] = new Map();
    let max: number | null = null;
    for (const [user, done] of byUser) {
      const g = gradeOf(a.grading_method, done);
      if (!g) continue;
      cells.set(user, g);
      max = Math.max(max ?? 0, g.max);
    }
    return { id: a.id, title: a.title, max, method: a.grading_method, cells, open };
  });
}
