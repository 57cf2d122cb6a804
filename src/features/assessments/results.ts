// What the teacher's results show: a grade per student by the grading method (highest first,
// ungraded after, no attempt last), the score distribution and the item analysis of the submitted
// (non-practice) attempts.
import type { Db } from "../../db/connection.ts";
import type { Assessment, QuestionVersion } from "../../db/tables/assessments.ts";
import { type Grade, gradeOf } from "./grade-method.ts";
import { type Response, responseLabel } from "./grading.ts";
import { analyseItems, type ItemStats } from "./item-analysis.ts";
import { questionOf } from "./question.ts";

export interface GradeRow {
  userId: number;
  name: string;
  username: string;
  attempts: number;
  open: boolean;
  grade: Grade | null;
  lastSubmitted: number | null;
}

export async function gradesReport(db: Db, a: Assessment): Promise<GradeRow[]> {
  const [students, attempts] = await Promise.all([
    db
      .selectFrom("enrollments as e")
      .innerJoin("users as u", "u.id", "e.user_id")
      .select(["u.id", "u.display_name", "u.username"])
      .where("e.section_id", "=", a.section_id)
      .execute(),
    db
      .selectFrom("assessment_attempts")
      .select([
        "user_id",
        "number",
        "state",
        "score",
        "max_score",
        "pending_manual",
        "submitted_at",
        "practice",
      ])
      .where("assessment_id", "=", a.id)
      .execute(),
  ]);
  const rows = students.map((s): GradeRow => {
    const mine = attempts.filter((t) => t.user_id === s.id && t.practice === 0);
    const done = mine.filter((t) => t.state === "submitted");
    return {
      userId: s.id,
      name: s.display_name,
      username: s.username,
      attempts: mine.length,
      open: mine.some((t) => t.state === "open"),
      grade: gradeOf(a.grading_method, done),
      lastSubmitted: done.reduce<number | null>((m, t) => Math.max(m ?? 0, t.submitted_at ?? 0), null),
    };
  });
  const rank = (r: GradeRow) => (r.grade === null ? 2 : r.grade.provisional ? 1 : 0);
  const pct = (r: GradeRow) => (r.grade && r.grade.max > 0 ? r.grade.score / r.grade.max : 0);
  return rows.sort((x, y) => rank(x) - rank(y) || pct(y) - pct(x) || x.name.localeCompare(y.name));
}

/** Grades in ten bands of 10% (the last includes 100%). */
export function distribution(rows: readonly GradeRow[]): number[] {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const r of rows) {
    if (!r.grade || r.grade.max <= 0) continue;
    const p = r.grade.score / r.grade.max;
    bins[Math.min(9, Math.max(0, Math.floor(p * 10)))]!++;
  }
  return bins;
}

export interface AnalysedItem extends ItemStats {
  name: string;
  qtype: string;
  maxMark: number;
}

/**
 * Item statistics over every submitted attempt, or (as Moodle offers) only each student's first
 * submitted one, where nobody has yet practised on the questions.
 */
export async function itemAnalysis(
  db: Db,
  a: Assessment,
  which: "all" | "first" = "all",
): Promise<AnalysedItem[]> {
  let query = db
    .selectFrom("attempt_items as i")
    .innerJoin("assessment_attempts as t", "t.id", "i.attempt_id")
    .innerJoin("question_versions as v", "v.id", "i.version_id")
    .select([
      "i.attempt_id",
      "i.question_id",
      "i.version_id",
      "i.response",
      "i.fraction",
      "i.score",
      "i.max_mark",
      "t.score as total",
    ])
    .where("t.assessment_id", "=", a.id)
    .where("t.state", "=", "submitted")
    .where("t.practice", "=", 0)
    .where("v.qtype", "!=", "description");
  if (which === "first")
    query = query.where("t.number", "=", (eb) =>
      eb
        .selectFrom("assessment_attempts as f")
        .select((f) => f.fn.min("f.number").as("n"))
        .whereRef("f.assessment_id", "=", "t.assessment_id")
        .whereRef("f.user_id", "=", "t.user_id")
        .where("f.state", "=", "submitted")
        .where("f.practice", "=", 0),
    );
  const rows = await query.execute();
  const versionIds = [...new Set(rows.map((r) => r.version_id))];
  const versions = versionIds.length
    ? await db.selectFrom("question_versions").selectAll().where("id", "in", versionIds).execute()
    : [];
  const questions = new Map(versions.map((v: QuestionVersion) => [v.id, questionOf(v)]));
  const latest = new Map<number, { name: string; qtype: string; maxMark: number }>();
  for (const r of rows) {
    const q = questions.get(r.version_id)!;
    latest.set(r.question_id, { name: q.name, qtype: q.qtype, maxMark: r.max_mark });
  }
  const totals = new Map(rows.map((r) => [r.attempt_id, r.total ?? 0]));
  const stats = analyseItems(
    rows.map((r) => ({
      attemptId: r.attempt_id,
      questionId: r.question_id,
      fraction: r.fraction === null ? null : r.max_mark > 0 ? (r.score ?? 0) / r.max_mark : 0,
      score: r.score ?? 0,
      label: responseLabel(
        questions.get(r.version_id)!,
        r.response ? (JSON.parse(r.response) as Response) : null,
      ),
    })),
    [...totals].map(([attemptId, score]) => ({ attemptId, score })),
  );
  return stats
    .map((s) => ({ ...s, ...latest.get(s.questionId)! }))
    .sort((x, y) => x.name.localeCompare(y.name));
}

/** Essays waiting for a mark (or all essay responses), by question or for one attempt. */
export async function essayResponses(
  db: Db,
  a: Assessment,
  filter: { questionId?: number; attemptId?: number },
) {
  let q = db
    .selectFrom("attempt_items as i")
    .innerJoin("assessment_attempts as t", "t.id", "i.attempt_id")
    .innerJoin("users as u", "u.id", "t.user_id")
    .innerJoin("question_versions as v", "v.id", "i.version_id")
    .select([
      "i.id",
      "i.attempt_id",
      "i.question_id",
      "i.response",
      "i.score",
      "i.max_mark",
      "i.teacher_feedback",
      "i.fraction",
      "v.name as question_name",
      "v.body",
      "v.body_format",
      "u.display_name",
      "t.number",
    ])
    .where("t.assessment_id", "=", a.id)
    .where("t.state", "=", "submitted")
    .where("v.qtype", "=", "essay");
  if (filter.questionId) q = q.where("i.question_id", "=", filter.questionId);
  if (filter.attemptId) q = q.where("i.attempt_id", "=", filter.attemptId);
  return q.orderBy("v.name").orderBy("u.display_name").orderBy("t.number").execute();
}
