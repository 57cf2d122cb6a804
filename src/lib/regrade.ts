// Regrading after tests or points changed: the chosen submissions go back into the durable queue
// (their round moves on, their old score is kept for the summary) and the workers take them.
import type { AppContext } from "../context.ts";
import { requeueSubmissions } from "../models/submission.ts";

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
