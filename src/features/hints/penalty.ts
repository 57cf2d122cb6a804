// The one rule for a problem's score after hints: the revealed hints' penalties come off, never
// below zero. The stored score (grade_cells.best, which the gradebook, its exports, dashboards, LMS
// passback and points read) applies the same rule in SQL in migrations/0019_hints.sql; everything
// computed on the fly in TypeScript calls this.
import type { Db } from "../../db/connection.ts";
import "../../db/tables/hints.ts";

export function scoreAfterHints(score: number, penalty: number): number;
export function scoreAfterHints(score: number | null, penalty: number): number | null;
export function scoreAfterHints(score: number | null, penalty: number): number | null {
  if (score === null) return null;
  return Math.max(0, Math.round((score - penalty) * 100) / 100);
}

/** Per problem: the total penalty `userId` owes for revealed hints (problems without any are absent). */
export async function hintPenalties(
  db: Db,
  userId: number,
  problemIds: readonly number[],
): Promise<Map<number, number>> {
  if (problemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("hint_penalties")
    .select(["problem_id", "penalty"])
    .where("user_id", "=", userId)
    .where("problem_id", "in", [...problemIds])
    .execute();
  return new Map(rows.map((r) => [r.problem_id, Number(r.penalty)]));
}

/** Per student: the total penalty owed on the problems of `problemIds`, keyed `${userId}:${problemId}`. */
export async function hintPenaltiesByStudent(
  db: Db,
  problemIds: readonly number[],
): Promise<Map<string, number>> {
  if (problemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("hint_penalties")
    .select(["problem_id", "user_id", "penalty"])
    .where("problem_id", "in", [...problemIds])
    .execute();
  return new Map(rows.map((r) => [`${r.user_id}:${r.problem_id}`, Number(r.penalty)]));
}
