// A teacher's sections side by side: size, average grade, completion and recent activity, computed
// in ONE statement for all of them (the same definitions as grades.ts: visible problems, best
// effective score per student and problem from grade_cells, grade = points / points available).
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { User } from "../db/schema.ts";
import { dayKey, windowStart } from "./insights.ts";

export interface SectionComparison {
  id: number;
  name: string;
  term: string;
  students: number;
  problems: number;
  /**
   * Mean grade (percent) over students with a graded submission; null when there are none. Exact:
   * views round it when they print it, so an average of these is not rounded twice.
   */
  avgGrade: number | null;
  /** Solved student x problem pairs over all pairs, in percent. */
  completion: number;
  /** Students who submitted in the last 7 calendar days (today included). */
  activeWeek: number;
}

export async function compareSections(db: Db, user: User, now: number): Promise<SectionComparison[]> {
  const teaches =
    user.role === "admin"
      ? sql`1`
      : sql`s.id IN (SELECT section_id FROM section_teachers WHERE user_id = ${user.id})`;
  const weekAgo = dayKey(windowStart(now, 7));
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
    probs AS MATERIALIZED (
      SELECT p.id, t.section_id,
        (SELECT coalesce(sum(tc.points), 0) FROM test_cases tc WHERE tc.problem_id = p.id) AS maxp
      FROM tasks t JOIN problems p ON p.task_id = t.id
      WHERE t.section_id IN (SELECT id FROM secs) AND t.published = 1 AND t.remedial = 0
        AND (t.starts_at IS NULL OR t.starts_at <= ${now})
    ),
    totals AS (SELECT section_id, count(*) AS n, sum(maxp) AS maxp FROM probs GROUP BY section_id),
    per_student AS (
      SELECT pr.section_id, g.user_id, sum(coalesce(g.best, 0)) AS pts, sum(g.best IS NOT NULL) AS graded,
        sum(pr.maxp > 0 AND g.best >= pr.maxp - 1e-9) AS solved
      FROM probs pr
      JOIN grade_cells g ON g.problem_id = pr.id
      JOIN enrollments e ON e.section_id = pr.section_id AND e.user_id = g.user_id
      GROUP BY pr.section_id, g.user_id
    ),
    sec_stats AS (
      SELECT ps.section_id, avg(CASE WHEN ps.graded > 0 THEN ps.pts * 100.0 / tt.maxp END) AS avg_grade,
        sum(ps.solved) AS solved
      FROM per_student ps JOIN totals tt ON tt.section_id = ps.section_id
      GROUP BY ps.section_id
    ),
    active AS (
      SELECT a.section_id, count(DISTINCT a.user_id) AS n
      FROM activity_days a
      JOIN enrollments e ON e.user_id = a.user_id AND e.section_id = a.section_id
      WHERE a.section_id IN (SELECT id FROM secs) AND a.day >= ${weekAgo} AND a.submissions > 0
      GROUP BY a.section_id
    )
    SELECT secs.id, secs.name, secs.term,
      (SELECT count(*) FROM enrollments e WHERE e.section_id = secs.id) AS students,
      coalesce(totals.n, 0) AS problems, ss.avg_grade, coalesce(ss.solved, 0) AS solved,
      coalesce(active.n, 0) AS active_week
    FROM secs
    LEFT JOIN totals ON totals.section_id = secs.id
    LEFT JOIN sec_stats ss ON ss.section_id = secs.id
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
      avgGrade: r.avg_grade === null ? null : Number(r.avg_grade),
      completion: pairs === 0 ? 0 : Math.round((Number(r.solved) / pairs) * 10000) / 100,
      activeWeek: Number(r.active_week),
    };
  });
}
