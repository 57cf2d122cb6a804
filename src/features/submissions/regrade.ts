// Regrading after tests or points changed: the chosen submissions go back into the durable queue
// (their round moves on, their old score is kept for the summary) and the workers take them.
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/connection.ts";
import type { TestCase } from "../../db/tables/problems.ts";
import type { GradeResult } from "../../grading/job.ts";
import { requeueSubmissions } from "../../models/submission.ts";

export interface RegradeProgress {
  total: number;
  done: number;
  errors: number;
  up: number;
  down: number;
  same: number;
}

export async function startRegrade(
  ctx: AppContext,
  taskId: number,
  userId: number,
  ids: number[],
): Promise<number> {
  const { db, clock } = ctx;
  // Only submissions of this task: ids come from a form and are not trusted.
  const own = await db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .select("submissions.id")
    .where("problems.task_id", "=", taskId)
    .where("submissions.id", "in", ids.length > 0 ? ids : [-1])
    .execute();
  const regrade = await db
    .insertInto("regrades")
    .values({ task_id: taskId, requested_by: userId, total: own.length, created_at: clock.now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await requeueSubmissions(
    db,
    own.map((r) => r.id),
    regrade.id,
  );
  ctx.grading.notify();
  return regrade.id;
}

export async function regradeProgress(ctx: AppContext, regradeId: number): Promise<RegradeProgress> {
  const rows = await ctx.db
    .selectFrom("submissions")
    .select(["status", "score", "previous_score"])
    .where("regrade_id", "=", regradeId)
    .execute();
  const done = rows.filter((r) => r.status === "graded" || r.status === "error");
  const graded = done.filter((r) => r.status === "graded");
  const delta = (r: (typeof rows)[number]) => (r.score ?? 0) - (r.previous_score ?? 0);
  return {
    total: rows.length,
    done: done.length,
    errors: done.length - graded.length,
    up: graded.filter((r) => delta(r) > 0).length,
    down: graded.filter((r) => delta(r) < 0).length,
    same: graded.filter((r) => delta(r) === 0).length,
  };
}

/**
 * Whether a grading used other tests or points than `tests` have now: a test added, removed or
 * re-weighted since. (A changed input or expected output leaves no trace in the results: the editor
 * says so right after such an edit instead.)
 */
export function gradedWithOtherTests(
  results: string | null,
  tests: Pick<TestCase, "id" | "points">[],
): boolean {
  if (results === null) return false;
  let graded: GradeResult["tests"];
  try {
    graded = (JSON.parse(results) as GradeResult).tests;
  } catch {
    return true;
  }
  if (!Array.isArray(graded) || graded.length !== tests.length) return true;
  const points = new Map(tests.map((t) => [t.id, t.points]));
  return graded.some((o) => points.get(o.testId) !== o.maxPoints);
}

export interface ProblemScores {
  /** Submissions with a final result (graded or failed to grade): what a regrade would run again. */
  ids: number[];
  /** Of the graded ones, those graded against other tests or points than the current ones. */
  outdated: number;
}

function finishedSubmissions(db: Db, problemId: number) {
  return db
    .selectFrom("submissions")
    .select(["id", "status", "results"])
    .where("problem_id", "=", problemId)
    .where("status", "in", ["graded", "error"]);
}

/** Submissions of the problem with a final result (queued ones will be graded with the new tests anyway). */
export async function finishedSubmissionIds(db: Db, problemId: number): Promise<number[]> {
  return (await finishedSubmissions(db, problemId).execute()).map((r) => r.id);
}

/** The problem's finished submissions and how many of their scores predate today's tests. */
export async function problemScores(
  db: Db,
  problemId: number,
  tests: Pick<TestCase, "id" | "points">[],
): Promise<ProblemScores> {
  const rows = await finishedSubmissions(db, problemId).execute();
  return {
    ids: rows.map((r) => r.id),
    outdated: rows.filter((r) => r.status === "graded" && gradedWithOtherTests(r.results, tests)).length,
  };
}

export function selectOptionalRegrade(db: Db, id: number) {
  return db.selectFrom("regrades").selectAll().where("id", "=", id).executeTakeFirst();
}
