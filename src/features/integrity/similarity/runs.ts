// Similarity runs: started by a teacher for a problem or a task, computed in the background (one at a
// time per app, in chunks that let requests through, with progress in the database), stored with
// every pair, and reused while the submissions they compared stay the same. After a run the risk
// scores of the compared submissions are updated (their similarity contribution).
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import type { SimilarityRun } from "../../../db/tables/integrity.ts";
import type { Problem } from "../../../db/tables/problems.ts";
import { computeRisk } from "../risk-store.ts";
import { compareDocuments, pairCount } from "./compare.ts";
import { fingerprintOf, gatherInputs, type ProblemInput } from "./inputs.ts";

export interface RunScope {
  sectionId: number;
  scope: "problem" | "task";
  scopeId: number;
  problems: Problem[];
}

interface Runner {
  queue: Promise<void>;
  /** Runs this app is computing or will compute (others left "running" were cut by a restart). */
  active: Set<number>;
  listeners: Map<number, Set<() => void>>;
}

const runners = new WeakMap<AppContext, Runner>();

function runnerOf(ctx: AppContext): Runner {
  let r = runners.get(ctx);
  if (!r) {
    r = { queue: Promise.resolve(), active: new Set(), listeners: new Map() };
    runners.set(ctx, r);
  }
  return r;
}

/** Calls `fn` whenever the run's progress or status changes; returns the unsubscribe. */
export function onRunProgress(ctx: AppContext, runId: number, fn: () => void): () => void {
  const listeners = runnerOf(ctx).listeners;
  const set = listeners.get(runId) ?? new Set();
  set.add(fn);
  listeners.set(runId, set);
  return () => {
    set.delete(fn);
    if (set.size === 0) listeners.delete(runId);
  };
}

function notify(ctx: AppContext, runId: number): void {
  for (const fn of runnerOf(ctx).listeners.get(runId) ?? []) fn();
}

export function selectRun(db: Db, id: number): Promise<SimilarityRun | undefined> {
  return db.selectFrom("similarity_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A run with its status as this app knows it: one left running by a stopped server counts as failed. */
export async function selectLiveRun(ctx: AppContext, id: number): Promise<SimilarityRun | undefined> {
  const run = await selectRun(ctx.db, id);
  if (!run || run.status === "done" || run.status === "error" || runnerOf(ctx).active.has(run.id)) return run;
  const error = "The server stopped before this run finished. Start it again.";
  await ctx.db
    .updateTable("similarity_runs")
    .set({ status: "error", error })
    .where("id", "=", run.id)
    .execute();
  return { ...run, status: "error", error };
}

export function latestRun(db: Db, scope: "problem" | "task", scopeId: number, includeHistory: boolean) {
  return db
    .selectFrom("similarity_runs")
    .selectAll()
    .where("scope", "=", scope)
    .where("scope_id", "=", scopeId)
    .where("include_history", "=", includeHistory ? 1 : 0)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** Whether a run still describes the current submissions. */
export async function isCurrent(
  db: Db,
  run: SimilarityRun,
  problems: Problem[],
  history: HistoryAccess | null,
) {
  const inputs = await gatherInputs(db, problems, run.include_history ? history : null);
  return fingerprintOf(inputs, run.include_history === 1) === run.fingerprint;
}

export interface HistoryAccess {
  teacherId: number;
  isAdmin: boolean;
}

/**
 * Starts a run, or returns the stored one when nothing changed since (done, or still going).
 * The work happens after this resolves.
 */
export async function startRun(
  ctx: AppContext,
  scope: RunScope,
  by: HistoryAccess,
  includeHistory: boolean,
): Promise<{ runId: number; reused: boolean }> {
  const { db, clock } = ctx;
  const inputs = await gatherInputs(db, scope.problems, includeHistory ? by : null);
  const fingerprint = fingerprintOf(inputs, includeHistory);
  const runner = runnerOf(ctx);
  const same = await db
    .selectFrom("similarity_runs")
    .selectAll()
    .where("fingerprint", "=", fingerprint)
    .where("scope", "=", scope.scope)
    .where("scope_id", "=", scope.scopeId)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (same && (same.status === "done" || runner.active.has(same.id))) return { runId: same.id, reused: true };
  const total = inputs.reduce((n, i) => n + pairCount(i.docs), 0);
  const run = await db
    .insertInto("similarity_runs")
    .values({
      section_id: scope.sectionId,
      scope: scope.scope,
      scope_id: scope.scopeId,
      include_history: includeHistory ? 1 : 0,
      fingerprint,
      status: "queued",
      total,
      submissions: inputs.reduce((n, i) => n + i.docs.length, 0),
      error: null,
      created_by: by.teacherId,
      created_at: clock.now(),
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  runner.active.add(run.id);
  runner.queue = runner.queue.then(() => execute(ctx, run.id, inputs));
  return { runId: run.id, reused: false };
}

async function execute(ctx: AppContext, runId: number, inputs: ProblemInput[]): Promise<void> {
  const { db, clock, logger } = ctx;
  const runner = runnerOf(ctx);
  try {
    await db.updateTable("similarity_runs").set({ status: "running" }).where("id", "=", runId).execute();
    notify(ctx, runId);
    let before = 0;
    for (const input of inputs) {
      const pairs = await compareDocuments(input.docs, {
        starter: input.starter,
        chunk: 2000,
        onProgress: async (done) => {
          await db
            .updateTable("similarity_runs")
            .set({ progress: before + done })
            .where("id", "=", runId)
            .execute();
          notify(ctx, runId);
        },
      });
      before += pairs.length;
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < pairs.length; i += 500) {
          const rows = pairs.slice(i, i + 500).map((p) => ({
            run_id: runId,
            problem_id: input.problem.id,
            a_submission_id: p.a,
            b_submission_id: p.b,
            similarity: p.similarity,
            longest: p.longest,
            jaccard: p.jaccard,
            structure: p.structure,
            text: p.text,
            historical: p.historical ? 1 : 0,
          }));
          if (rows.length > 0) await tx.insertInto("similarity_pairs").values(rows).execute();
        }
      });
    }
    const now = clock.now();
    for (const input of inputs) {
      for (const d of input.docs) if (!d.historical) await computeRisk(db, d.id, now);
    }
    await db
      .updateTable("similarity_runs")
      .set({ status: "done", progress: before, finished_at: clock.now() })
      .where("id", "=", runId)
      .execute();
  } catch (err) {
    logger.error({ err, runId }, "similarity run failed");
    await db
      .updateTable("similarity_runs")
      .set({
        status: "error",
        error: "The comparison failed. Try again; if it keeps failing, tell the administrator.",
      })
      .where("id", "=", runId)
      .execute()
      .catch(() => undefined);
  } finally {
    runner.active.delete(runId);
    notify(ctx, runId);
  }
}

/** Resolves when every started run of this app has finished (tests, shutdown). */
export function runsSettled(ctx: AppContext): Promise<void> {
  return runnerOf(ctx).queue;
}
