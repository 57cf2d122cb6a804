// A teacher's sections side by side: size, average grade, completion and recent activity, computed
// in ONE statement for all of them (the same definitions as grades.ts: visible problems, best
// effective score per student and problem, grade = points / points available).
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { User } from "../../db/schema.ts";
import { DAY_MS } from "./insights.ts";

export interface SectionComparison {
  id: number;
  name: string;
  term: string;
  students: number;
  problems: number;
  /** Mean grade (percent) over students with a graded submission; null when there are none. */
  avgGrade: number | null;
  /** Solved student x problem pairs over all pairs, in percent. */
  completion: number;
  /** Students who submitted in the last 7 days. */
  activeWeek: number;
}

export async function compareSections(db: Db, user: User, now: number): Promise<SectionComparison[]> {
  const teaches =
    user.role === "admin"
      ? sql`1`
      : sql`s.id IN (SELECT section_id FROM section_teachers WHERE user_id = ${user.id})`;
  const weekAgo = now - 7 * DAY_MS;
  const result = await sql<{
    id: number;
    name: string;
    term: string;
    students: number;
    problems: number;
    avg_grade: number | null;
    solved: number;
    active_week: number;
  }>`
    WITH secs AS (
      SELECT s.id, s.name, s.term FROM sections s WHERE s.archived_at IS NULL AND ${teaches}
    ),
    probs AS (
      SELECT p.id, t.section_id,
        (SELECT coalesce(sum(tc.points), 0) FROM test_cases tc WHERE tc.problem_id = p.id) AS maxp
      FROM problems p JOIN tasks t ON t.id = p.task_id
      WHERE t.section_id IN (SELECT id FROM secs) AND t.published = 1
        AND (t.starts_at IS NULL OR t.starts_at <= ${now})
    ),
    totals AS (SELECT section_id, count(*) AS n, sum(maxp) AS maxp FROM probs GROUP BY section_id),
    cells AS (
      SELECT sub.user_id, pr.section_id, pr.maxp,
        max(CASE WHEN sub.status = 'graded' THEN coalesce(sub.override_score, sub.score) END) AS best
      FROM submissions sub
      JOIN probs pr ON pr.id = sub.problem_id
      JOIN enrollments e ON e.user_id = sub.user_id AND e.section_id = pr.section_id
      GROUP BY sub.user_id, pr.id
    ),
    per_student AS (
      SELECT section_id, user_id, sum(coalesce(best, 0)) AS pts, sum(best IS NOT NULL) AS graded,
        sum(maxp > 0 AND best >= maxp - 1e-9) AS solved
      FROM cells GROUP BY section_id, user_id
    ),
    active AS (
      SELECT t.section_id, count(DISTINCT sub.user_id) AS n
      FROM submissions sub JOIN problems p ON p.id = sub.problem_id JOIN tasks t ON t.id = p.task_id
      JOIN enrollments e ON e.user_id = sub.user_id AND e.section_id = t.section_id
      WHERE t.section_id IN (SELECT id FROM secs) AND sub.submitted_at >= ${weekAgo}
      GROUP BY t.section_id
    )
    SELECT secs.id, secs.name, secs.term,
      (SELECT count(*) FROM enrollments e WHERE e.section_id = secs.id) AS students,
      coalesce(totals.n, 0) AS problems,
      (SELECT avg(ps.pts * 100.0 / totals.maxp) FROM per_student ps
        WHERE ps.section_id = secs.id AND ps.graded > 0) AS avg_grade,
      (SELECT coalesce(sum(ps.solved), 0) FROM per_student ps WHERE ps.section_id = secs.id) AS solved,
      coalesce(active.n, 0) AS active_week
    FROM secs
    LEFT JOIN totals ON totals.section_id = secs.id
    LEFT JOIN active ON active.section_id = secs.id
    ORDER BY secs.name, secs.id
  `.execute(db);
  return result.rows.map((r) => {
    const pairs = Number(r.students) * Number(r.problems);
    return {
      id: r.id,
      name: r.name,
      term: r.term,
      students: Number(r.students),
      problems: Number(r.problems),
      avgGrade: r.avg_grade === null ? null : Math.round(Number(r.avg_grade) * 100) / 100,
      completion: pairs === 0 ? 0 : Math.round((Number(r.solved) / pairs) * 10000) / 100,
      activeWeek: Number(r.active_week),
    };
  });
}
