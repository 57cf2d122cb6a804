// Editing sessions and their batches: accepting a batch (token, caps, format), flagging tampering,
// attaching a student's pending sessions to the submission they end in, reading a recording back for
// the replay, and purging a section's recordings.
import { ChangeSet } from "@codemirror/state";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/connection.ts";
import type { Submission } from "../../db/tables/problems.ts";
import { randomToken } from "../../lib/tokens.ts";
import type { EditEvent, RecordingBatch, SignalEvent } from "./recording-format.ts";
import { computeRisk } from "./risk-store.ts";
import { verifySessionToken } from "./token.ts";

/** Per submission (every session it gathers), and per batch request. */
export const CAPS = {
  analyticsBytes: 512 * 1024,
  recordingBytes: 2 * 1024 * 1024,
  batchBytes: 256 * 1024,
};

export type BatchOutcome =
  | { ok: true; duplicate: boolean }
  | { ok: false; status: 400 | 403 | 409 | 413; message: string };

const kib = (n: number) => `${Math.round(n / 1024)} KiB`;

/**
 * A session row for a refused token, so the student's next submission carries the flag (once per
 * reason: a flood of forged batches adds no rows).
 */
export async function flagTampering(db: Db, problemId: number, userId: number, reason: string, now: number) {
  const flagged = await db
    .selectFrom("integrity_sessions")
    .select("id")
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .where("submission_id", "is", null)
    .where("tampered", "=", 1)
    .where("tamper_reason", "=", reason)
    .executeTakeFirst();
  if (flagged) return;
  await db
    .insertInto("integrity_sessions")
    .values({
      sid: `tampered-${randomToken(12)}`,
      problem_id: problemId,
      user_id: userId,
      submission_id: null,
      started_at: now,
      last_at: now,
      tampered: 1,
      tamper_reason: reason,
    })
    .execute();
}

/**
 * Event times count from the session's start in the browser, which is after the server issued its
 * token: no honest event is later than the server's time since then. Forward-dated events would
 * otherwise let a student place a paste long before a "submit" and stretch typing to look slow.
 */
const CLOCK_SLACK_MS = 60_000;

function latestTime(batch: RecordingBatch): number {
  let latest = 0;
  for (const e of batch.edits) latest = Math.max(latest, e[1]);
  for (const e of batch.signals) latest = Math.max(latest, e[1]);
  return latest;
}

function changesAreValid(edits: EditEvent[]): boolean {
  for (const e of edits) {
    if (e[0] !== "e") continue;
    try {
      ChangeSet.fromJSON(e[3]);
    } catch {
      return false;
    }
  }
  return true;
}

async function pendingBytes(db: Db, problemId: number, userId: number) {
  const row = await db
    .selectFrom("integrity_sessions")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("recording_bytes"), eb.lit(0)).as("recording"),
      eb.fn.coalesce(eb.fn.sum<number>("analytics_bytes"), eb.lit(0)).as("analytics"),
    ])
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .where("submission_id", "is", null)
    .executeTakeFirstOrThrow();
  return { recording: Number(row.recording), analytics: Number(row.analytics) };
}

/**
 * Stores one batch of a student's editing session. The token must be this student's for this
 * problem; a bad one is refused and flagged. Totals over the submission-to-be are capped.
 */
export async function acceptBatch(
  ctx: AppContext,
  at: { problemId: number; userId: number },
  token: string | undefined,
  batch: RecordingBatch,
): Promise<BatchOutcome> {
  const { db, clock, secret } = ctx;
  const now = clock.now();
  const check = verifySessionToken(secret, token, at);
  if (!check.ok) {
    await flagTampering(db, at.problemId, at.userId, check.reason, now);
    return { ok: false, status: 403, message: `Refused: ${check.reason}.` };
  }
  if (!changesAreValid(batch.edits))
    return { ok: false, status: 400, message: "The batch holds invalid edits." };
  if (latestTime(batch) > now - check.claims.issuedAt + CLOCK_SLACK_MS)
    return {
      ok: false,
      status: 400,
      message: "The batch holds events later than its editing session can have reached.",
    };
  const recordingBytes =
    Buffer.byteLength(JSON.stringify(batch.edits)) + Buffer.byteLength(JSON.stringify(batch.init ?? []));
  const analyticsBytes = Buffer.byteLength(JSON.stringify(batch.signals));
  return db.transaction().execute(async (tx) => {
    let session = await tx
      .selectFrom("integrity_sessions")
      .selectAll()
      .where("sid", "=", check.claims.sid)
      .executeTakeFirst();
    if (session && session.submission_id !== null) {
      return { ok: false, status: 409, message: "This editing session ended with a submission." } as const;
    }
    const pending = await pendingBytes(tx, at.problemId, at.userId);
    if (pending.recording + recordingBytes > CAPS.recordingBytes) {
      return {
        ok: false,
        status: 413,
        message: `The recording of this submission would pass ${kib(CAPS.recordingBytes)}.`,
      } as const;
    }
    if (pending.analytics + analyticsBytes > CAPS.analyticsBytes) {
      return {
        ok: false,
        status: 413,
        message: `The analytics of this submission would pass ${kib(CAPS.analyticsBytes)}.`,
      } as const;
    }
    if (!session) {
      session = await tx
        .insertInto("integrity_sessions")
        .values({
          sid: check.claims.sid,
          problem_id: at.problemId,
          user_id: at.userId,
          submission_id: null,
          started_at: now,
          last_at: now,
          init_files: JSON.stringify(batch.init ?? []),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const inserted = await tx
      .insertInto("integrity_batches")
      .values({
        session_id: session.id,
        seq: batch.seq,
        received_at: now,
        edits: JSON.stringify(batch.edits),
        signals: JSON.stringify(batch.signals),
      })
      .onConflict((oc) => oc.columns(["session_id", "seq"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { ok: true, duplicate: true } as const;
    const counted = batch.edits.filter((e) => e[0] === "e" && e[4] === "t").length;
    await tx
      .updateTable("integrity_sessions")
      .set((eb) => ({
        last_at: now,
        batches: eb("batches", "+", 1),
        recording_bytes: eb("recording_bytes", "+", recordingBytes),
        analytics_bytes: eb("analytics_bytes", "+", analyticsBytes),
        reported_keystrokes: eb("reported_keystrokes", "+", batch.keystrokes),
        counted_keystrokes: eb("counted_keystrokes", "+", counted),
      }))
      .where("id", "=", session.id)
      .execute();
    return { ok: true, duplicate: false } as const;
  });
}

/**
 * After a submission is stored: the student's pending sessions of that problem become its recording,
 * and its risk score is computed. Called by solve/submit.ts.
 */
export async function attachRecording(ctx: AppContext, submission: Submission): Promise<void> {
  await ctx.db
    .updateTable("integrity_sessions")
    .set({ submission_id: submission.id })
    .where("problem_id", "=", submission.problem_id)
    .where("user_id", "=", submission.user_id)
    .where("submission_id", "is", null)
    .execute();
  await computeRisk(ctx.db, submission.id, ctx.clock.now());
}

export interface RecordedSession {
  startedAt: number;
  init: { name: string; content: string }[];
  edits: EditEvent[];
  signals: SignalEvent[];
  reportedKeystrokes: number;
  tampered: string | null;
}

/** A submission's sessions in order, with their events, as stored. */
export async function loadRecording(db: Db, submissionId: number): Promise<RecordedSession[]> {
  const sessions = await db
    .selectFrom("integrity_sessions")
    .selectAll()
    .where("submission_id", "=", submissionId)
    .orderBy("started_at")
    .orderBy("id")
    .execute();
  const out: RecordedSession[] = [];
  for (const s of sessions) {
    const batches = await db
      .selectFrom("integrity_batches")
      .select(["edits", "signals"])
      .where("session_id", "=", s.id)
      .orderBy("seq")
      .execute();
    out.push({
      startedAt: s.started_at,
      init: JSON.parse(s.init_files) as RecordedSession["init"],
      edits: batches.flatMap((b) => JSON.parse(b.edits) as EditEvent[]),
      signals: batches.flatMap((b) => JSON.parse(b.signals) as SignalEvent[]),
      reportedKeystrokes: s.reported_keystrokes,
      tampered: s.tampered ? (s.tamper_reason ?? "tampered") : null,
    });
  }
  return out;
}

/** Whether a submission has any recorded events (the replay link shows only then). */
export async function hasRecording(db: Db, submissionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("integrity_sessions")
    .select("id")
    .where("submission_id", "=", submissionId)
    .where("batches", ">", 0)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes every recording (sessions, batches) and risk score of a section's problems. */
export async function purgeSection(db: Db, sectionId: number): Promise<number> {
  const problems = db
    .selectFrom("problems")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select("problems.id")
    .where("tasks.section_id", "=", sectionId);
  return db.transaction().execute(async (tx) => {
    const deleted = await tx
      .deleteFrom("integrity_sessions")
      .where("problem_id", "in", problems)
      .executeTakeFirst();
    await tx
      .deleteFrom("integrity_risk")
      .where(
        "submission_id",
        "in",
        tx.selectFrom("submissions").select("submissions.id").where("submissions.problem_id", "in", problems),
      )
      .execute();
    return Number(deleted.numDeletedRows);
  });
}

/** Recording figures of a section: sessions and bytes, for the purge page. */
export async function sectionRecordingSummary(db: Db, sectionId: number) {
  const row = await db
    .selectFrom("integrity_sessions")
    .innerJoin("problems", "problems.id", "integrity_sessions.problem_id")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select((eb) => [
      eb.fn.countAll<number>().as("sessions"),
      eb.fn.coalesce(eb.fn.sum<number>("integrity_sessions.recording_bytes"), eb.lit(0)).as("recording"),
      eb.fn.coalesce(eb.fn.sum<number>("integrity_sessions.analytics_bytes"), eb.lit(0)).as("analytics"),
    ])
    .where("tasks.section_id", "=", sectionId)
    .executeTakeFirstOrThrow();
  return { sessions: Number(row.sessions), bytes: Number(row.recording) + Number(row.analytics) };
}
