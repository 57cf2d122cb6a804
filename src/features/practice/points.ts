// Points: a catalog problem's points once, when the user first solves it fully (practice_solves keeps
// that first solve), plus their best score on each problem of the sections that keep gamification on.
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Submission } from "../../db/tables/problems.ts";

export const isFullMarks = (s: Submission) =>
  s.status === "graded" && (s.max_score ?? 0) > 0 && (s.override_score ?? s.score ?? 0) >= (s.max_score ?? 0);

/** Records the first full solve of a catalog problem; false when it was solved before (or is not full marks). */
export async function recordSolve(db: Db, sub: Submission, points: number): Promise<boolean> {
  if (!isFullMarks(sub)) return false;
  const result = await db
    .insertInto("practice_solves")
    .values({
      user_id: sub.user_id,
      problem_id: sub.problem_id,
      submission_id: sub.id,
      points,
      solved_at: sub.graded_at ?? sub.submitted_at,
    })
    .onConflict((oc) => oc.columns(["user_id", "problem_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface PointsTotal {
  catalog: number;
  sections: number;
  total: number;
  solved: number;
}

export async function pointsOf(db: Db, userId: number): Promise<PointsTotal> {
  const row = await sql<{ catalog: number; solved: number; sections: number }>`
    SELECT
      (SELECT coalesce(sum(points), 0) FROM practice_solves WHERE user_id = ${userId}) AS catalog,
      (SELECT count(*) FROM practice_solves WHERE user_id = ${userId}) AS solved,
      (SELECT coalesce(sum(gc.best), 0) FROM grade_cells gc
        JOIN problems p ON p.id = gc.problem_id JOIN tasks t ON t.id = p.task_id
        WHERE gc.user_id = ${userId} AND NOT EXISTS (
          SELECT 1 FROM practice_section_settings ss WHERE ss.section_id = t.section_id AND ss.gamification = 0)
      ) AS sections
  `.execute(db);
  const r = row.rows[0] ?? { catalog: 0, solved: 0, sections: 0 };
  const catalog = Number(r.catalog);
  const sections = Math.round(Number(r.sections) * 100) / 100;
  return { catalog, sections, total: Math.round((catalog + sections) * 100) / 100, solved: Number(r.solved) };
}

export interface PointsLeader {
  userId: number;
  /** null unless they chose to show their name. */
  name: string | null;
  points: number;
  solved: number;
}

/** The catalog's points leaderboard; users who hide their points are left out. */
export async function selectPointsLeaders(db: Db, limit = 10): Promise<PointsLeader[]> {
  const rows = await sql<{
    user_id: number;
    display_name: string;
    show_name: number | null;
    points: number;
    solved: number;
  }>`
    SELECT ps.user_id, u.display_name, pr.show_name, sum(ps.points) AS points, count(*) AS solved
    FROM practice_solves ps JOIN users u ON u.id = ps.user_id
    LEFT JOIN practice_prefs pr ON pr.user_id = ps.user_id
    WHERE coalesce(pr.hide_points, 0) = 0 AND u.active = 1
    GROUP BY ps.user_id ORDER BY points DESC, max(ps.solved_at) ASC LIMIT ${limit}
  `.execute(db);
  return rows.rows.map((r) => ({
    userId: r.user_id,
    name: r.show_name === 1 ? r.display_name : null,
    points: Number(r.points),
    solved: Number(r.solved),
  }));
}
