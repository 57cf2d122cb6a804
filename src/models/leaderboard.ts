// A task's leaderboard: each student's total of their best (effective) score per problem, ranked by
// total, then by the time of the scoring submission (the earliest at which they reached it).
import type { Db } from "../db/connection.ts";
import { hintPenaltiesByStudent, scoreAfterHints } from "../features/hints/penalty.ts";

export interface LeaderRow {
  userId: number;
  displayName: string;
  total: number;
  /** When the last problem's best score was first reached. */
  reachedAt: number;
}

export async function selectLeaderboard(db: Db, taskId: number): Promise<LeaderRow[]> {
  const rows = await db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("users", "users.id", "submissions.user_id")
    .select((eb) => [
      "submissions.user_id",
      "submissions.problem_id",
      "users.display_name",
      "submissions.submitted_at",
      eb.fn.coalesce("submissions.override_score", "submissions.score").as("score"),
    ])
    .where("problems.task_id", "=", taskId)
    .where("submissions.status", "=", "graded")
    .where("users.role", "=", "student")
    // A student may hide their points from leaderboards (src/features/practice/settings.ts).
    .where(
      "users.id",
      "not in",
      db.selectFrom("practice_prefs").select("user_id").where("hide_points", "=", 1),
    )
    .orderBy("submissions.submitted_at")
    .execute();
  const best = new Map<string, { score: number; at: number }>();
  const names = new Map<number, string>();
  for (const r of rows) {
    names.set(r.user_id, r.display_name);
    const key = `${r.user_id}:${r.problem_id}`;
    const score = Number(r.score ?? 0);
    const seen = best.get(key);
    if (!seen || score > seen.score) best.set(key, { score, at: r.submitted_at }); // rows are in time order
  }
  const problemIds = [...new Set(rows.map((r) => r.problem_id))];
  const penalties = await hintPenaltiesByStudent(db, problemIds);
  for (const [key, b] of best) b.score = scoreAfterHints(b.score, penalties.get(key) ?? 0);
  const totals = new Map<number, LeaderRow>();
  for (const [key, b] of best) {
    const userId = Number(key.split(":")[0]);
    const row = totals.get(userId) ?? {
      userId,
      displayName: names.get(userId) ?? "",
      total: 0,
      reachedAt: 0,
    };
    row.total = Math.round((row.total + b.score) * 100) / 100;
    if (b.score > 0) row.reachedAt = Math.max(row.reachedAt, b.at);
    totals.set(userId, row);
  }
  return [...totals.values()].sort((a, b) => b.total - a.total || a.reachedAt - b.reachedAt);
}
