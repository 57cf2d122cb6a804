import type { Db } from "../db/connection.ts";
import type { Submission } from "../db/tables/problems.ts";
import { hintPenalties, scoreAfterHints } from "../features/hints/penalty.ts";

export function selectOptionalSubmission(db: Db, id: number): Promise<Submission | undefined> {
  return db.selectFrom("submissions").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertSubmission(
  db: Db,
  s: {
    problemId: number;
    userId: number;
    files: string;
    mainFile: string;
    submittedAt: number;
    latePenaltyPct: number;
  },
): Promise<Submission> {
  return db
    .insertInto("submissions")
    .values({
      problem_id: s.problemId,
      user_id: s.userId,
      files: s.files,
      main_file: s.mainFile,
      submitted_at: s.submittedAt,
      late_penalty_pct: s.latePenaltyPct,
      regrade_id: null,
      claimed_at: null,
      graded_at: null,
      raw_score: null,
      max_score: null,
      score: null,
      results: null,
      error: null,
      override_score: null,
      override_comment: null,
      override_by: null,
      override_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Takes the oldest queued submission for grading; atomic, so two workers never take the same one. */
export function claimNextSubmission(db: Db, now: number): Promise<Submission | undefined> {
  return db
    .updateTable("submissions")
    .set({ status: "running", claimed_at: now })
    .where("id", "=", (eb) =>
      eb.selectFrom("submissions").select("id").where("status", "=", "queued").orderBy("id").limit(1),
    )
    .where("status", "=", "queued")
    .returningAll()
    .executeTakeFirst();
}

/**
 * After a crash, gradings that were running start again. Their round moves on, so a worker of the
 * old process that still finishes cannot write its result as well.
 */
export async function requeueInterrupted(db: Db): Promise<number> {
  const r = await db
    .updateTable("submissions")
    .set((eb) => ({ status: "queued", claimed_at: null, grading_round: eb("grading_round", "+", 1) }))
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface GradingWrite {
  status: "graded" | "error";
  rawScore: number | null;
  maxScore: number | null;
  score: number | null;
  results: string | null;
  error: string | null;
  gradedAt: number;
}

/** Writes a grading once: only for the round it claimed, and only while still running. */
export async function writeGrading(db: Db, sub: Submission, w: GradingWrite): Promise<boolean> {
  const r = await db
    .updateTable("submissions")
    .set({
      status: w.status,
      raw_score: w.rawScore,
      max_score: w.maxScore,
      score: w.score,
      results: w.results,
      error: w.error,
      graded_at: w.gradedAt,
    })
    .where("id", "=", sub.id)
    .where("status", "=", "running")
    .where("grading_round", "=", sub.grading_round)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Queues submissions again for a regrade. */
export async function requeueSubmissions(db: Db, ids: number[], regradeId: number): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable("submissions")
    .set((eb) => ({
      status: "queued",
      claimed_at: null,
      regrade_id: regradeId,
      previous_score: eb.ref("score"),
      grading_round: eb("grading_round", "+", 1),
    }))
    .where("id", "in", ids)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A submission's score as it counts: the teacher's override when there is one. */
export const effectiveScore = (s: Pick<Submission, "override_score" | "score">) =>
  s.override_score ?? s.score;

export interface ProblemProgress {
  problemId: number;
  attempts: number;
  best: number | null;
  maxScore: number | null;
  pending: number;
}

/** Per problem: attempts, best (effective) score and pending gradings of one student. */
export async function selectProgress(
  db: Db,
  userId: number,
  problemIds: number[],
): Promise<Map<number, ProblemProgress>> {
  if (problemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("submissions")
    .select((eb) => [
      "problem_id",
      eb.fn.countAll<number>().as("attempts"),
      eb.fn.max(eb.fn.coalesce("override_score", "score")).as("best"),
      eb.fn.max("max_score").as("max_score"),
      eb.fn
        .sum<number>(eb.case().when("status", "in", ["queued", "running"]).then(1).else(0).end())
        .as("pending"),
    ])
    .where("user_id", "=", userId)
    .where("problem_id", "in", problemIds)
    .groupBy("problem_id")
    .execute();
  const penalties = await hintPenalties(db, userId, problemIds);
  return new Map(
    rows.map((r) => [
      r.problem_id,
      {
        problemId: r.problem_id,
        attempts: Number(r.attempts),
        best: scoreAfterHints(r.best === null ? null : Number(r.best), penalties.get(r.problem_id) ?? 0),
        maxScore: r.max_score === null ? null : Number(r.max_score),
        pending: Number(r.pending),
      },
    ]),
  );
}

export function selectUserSubmissions(db: Db, problemId: number, userId: number): Promise<Submission[]> {
  return db
    .selectFrom("submissions")
    .selectAll()
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .execute();
}

/** Which try this is of its student for its problem (1 for the first): the number students see. */
export function submissionNumber(db: Db, sub: Submission): Promise<number> {
  return countUserSubmissions(db, sub.problem_id, sub.user_id, sub.id);
}

/** How many times a student has submitted to a problem (up to and including submission upToId). */
export async function countUserSubmissions(
  db: Db,
  problemId: number,
  userId: number,
  upToId = Number.MAX_SAFE_INTEGER,
): Promise<number> {
  const row = await db
    .selectFrom("submissions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .where("id", "<=", upToId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Back to the queue after the sandbox failed (not the student's code), to be retried. */
export async function requeueSubmission(db: Db, id: number): Promise<void> {
  await db.updateTable("submissions").set({ status: "queued" }).where("id", "=", id).execute();
}
