// Computing and storing a submission's risk score from what the database holds: its attached sessions
// (tampering flags, recorded edits and signals), the problem's settings, the student's earlier
// recorded submissions (their typing baseline) and the highest similarity to another student.
import type { Db } from "../../db/connection.ts";
import { type CodeFile, replayFiles, unknownChars, unrecordedChars } from "./reconstruct.ts";
import type { EditEvent, SignalEvent } from "./recording-format.ts";
import { type Contribution, type Risk, scoreRisk } from "./risk.ts";
import { selectIntegritySettings } from "./settings.ts";
import { LATE_WINDOW_MS, type RecordingStats, recordingStats, type SessionRecording } from "./signals.ts";

export interface StoredRisk extends Risk {
  submissionId: number;
  stats: RecordingStats | null;
}

async function sessionsOf(db: Db, submissionId: number, submittedAt: number) {
  const sessions = await db
    .selectFrom("integrity_sessions")
    .select(["id", "tampered", "tamper_reason", "reported_keystrokes", "batches", "init_files"])
    .where("submission_id", "=", submissionId)
    .orderBy("started_at")
    .orderBy("id")
    .execute();
  const tampering = sessions.filter((s) => s.tampered).map((s) => s.tamper_reason ?? "tampered");
  const recorded: SessionRecording[] = [];
  for (const s of sessions.filter((x) => !x.tampered && x.batches > 0)) {
    const batches = await db
      .selectFrom("integrity_batches")
      .select(["edits", "signals", "received_at"])
      .where("session_id", "=", s.id)
      .orderBy("seq")
      .execute();
    const edits = batches.map((b) => JSON.parse(b.edits) as EditEvent[]);
    let lateFrom: number | undefined;
    for (const [i, b] of batches.entries()) {
      if (b.received_at < submittedAt - LATE_WINDOW_MS) continue;
      lateFrom = edits.slice(0, i).reduce((n, e) => n + e.length, 0);
      break;
    }
    recorded.push({
      lateFrom,
      init: parseFiles(s.init_files),
      edits: edits.flat(),
      signals: batches.flatMap((b) => JSON.parse(b.signals) as SignalEvent[]),
      reportedKeystrokes: s.reported_keystrokes,
    });
  }
  return { tampering, recorded };
}

function parseFiles(json: string): CodeFile[] {
  try {
    const files = JSON.parse(json) as CodeFile[];
    return Array.isArray(files) ? files.filter((f) => typeof f?.content === "string") : [];
  } catch {
    return [];
  }
}

/**
 * How much of the submitted code the recorded sessions did not write: the submission against each
 * session's replayed end, and each session's first files against what they may honestly be (the
 * starter, the student's earlier submissions, what another session of this submission wrote).
 */
async function unrecorded(
  db: Db,
  sub: { id: number; user_id: number; problem_id: number; files: string },
  recorded: SessionRecording[],
) {
  const problem = await db
    .selectFrom("problems")
    .select("starter_files")
    .where("id", "=", sub.problem_id)
    .executeTakeFirst();
  const earlier = await db
    .selectFrom("submissions")
    .select("files")
    .where("problem_id", "=", sub.problem_id)
    .where("user_id", "=", sub.user_id)
    .where("id", "<", sub.id)
    .orderBy("id", "desc")
    .limit(5)
    .execute();
  const finals = recorded.map((r) => replayFiles(r.init ?? [], r.edits));
  const known = [problem?.starter_files ?? "[]", ...earlier.map((e) => e.files)].flatMap((json) =>
    parseFiles(json).map((f) => f.content),
  );
  let chars = 0;
  for (const [i, r] of recorded.entries()) {
    const others = finals.filter((f, j) => f !== null && j !== i).flatMap((f) => [...f!.values()]);
    for (const f of r.init ?? []) chars += unknownChars(f.content, ["", ...known, ...others]);
  }
  const submitted = parseFiles(sub.files);
  chars += unrecordedChars(
    submitted,
    finals.filter((f) => f !== null),
  );
  return { chars, submittedChars: submitted.reduce((n, f) => n + f.content.length, 0) };
}

/** Paste was blocked when the student worked (unknown, so not claimed, if changed since). */
async function pasteWasBlocked(db: Db, problemId: number, submittedAt: number): Promise<boolean> {
  const row = await db
    .selectFrom("integrity_settings")
    .select(["paste", "updated_at"])
    .where("problem_id", "=", problemId)
    .executeTakeFirst();
  return row?.paste === "blocked" && row.updated_at <= submittedAt;
}

async function typingHistory(db: Db, userId: number, beforeId: number) {
  const rows = await db
    .selectFrom("integrity_risk")
    .innerJoin("submissions", "submissions.id", "integrity_risk.submission_id")
    .select("integrity_risk.stats")
    .where("submissions.user_id", "=", userId)
    .where("submissions.id", "<", beforeId)
    .orderBy("submissions.id", "desc")
    .limit(20)
    .execute();
  return rows
    .map((r) => JSON.parse(r.stats) as Partial<RecordingStats>)
    .filter((s) => typeof s.cpm === "number" && s.cpm > 0)
    .map((s) => ({ cpm: s.cpm!, burstiness: s.burstiness ?? 0 }));
}

/** The highest similarity of this submission to another student's, over the stored runs. */
export async function topSimilarity(db: Db, submissionId: number) {
  const row = await db
    .selectFrom("similarity_pairs")
    .innerJoin("submissions as other", (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([
            eb("similarity_pairs.a_submission_id", "=", submissionId),
            eb("other.id", "=", eb.ref("similarity_pairs.b_submission_id")),
          ]),
          eb.and([
            eb("similarity_pairs.b_submission_id", "=", submissionId),
            eb("other.id", "=", eb.ref("similarity_pairs.a_submission_id")),
          ]),
        ]),
      ),
    )
    .innerJoin("users", "users.id", "other.user_id")
    .select(["similarity_pairs.similarity", "similarity_pairs.historical", "users.display_name"])
    .where((eb) =>
      eb.or([
        eb("similarity_pairs.a_submission_id", "=", submissionId),
        eb("similarity_pairs.b_submission_id", "=", submissionId),
      ]),
    )
    .orderBy("similarity_pairs.similarity", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  // The risk is shown to every teacher of the section; an earlier term's student stays unnamed.
  return {
    value: row.similarity,
    otherName: row.historical ? "an earlier term's student" : row.display_name,
  };
}

export async function computeRisk(db: Db, submissionId: number, now: number): Promise<StoredRisk | null> {
  const sub = await db
    .selectFrom("submissions")
    .select(["id", "user_id", "problem_id", "files", "submitted_at"])
    .where("id", "=", submissionId)
    .executeTakeFirst();
  if (!sub) return null;
  const settings = await selectIntegritySettings(db, sub.problem_id);
  const { tampering, recorded } = await sessionsOf(db, sub.id, sub.submitted_at);
  const stats = recorded.length > 0 ? recordingStats(recorded) : null;
  if (stats) {
    const missing = await unrecorded(db, sub, recorded);
    stats.unrecordedChars = missing.chars;
    stats.submittedChars = missing.submittedChars;
  }
  const risk = scoreRisk({
    recordingOn: settings.recording,
    pasteBlocked: await pasteWasBlocked(db, sub.problem_id, sub.submitted_at),
    stats,
    tampering,
    history: await typingHistory(db, sub.user_id, sub.id),
    similarity: await topSimilarity(db, sub.id),
  });
  const values = {
    score: risk.score,
    contributions: JSON.stringify(risk.contributions),
    stats: JSON.stringify(stats ?? {}),
    computed_at: now,
  };
  await db
    .insertInto("integrity_risk")
    .values({ submission_id: sub.id, ...values })
    .onConflict((oc) => oc.column("submission_id").doUpdateSet(values))
    .execute();
  return { submissionId: sub.id, ...risk, stats };
}

export async function selectRisk(db: Db, submissionId: number): Promise<StoredRisk | null> {
  const row = await db
    .selectFrom("integrity_risk")
    .selectAll()
    .where("submission_id", "=", submissionId)
    .executeTakeFirst();
  if (!row) return null;
  const stats = JSON.parse(row.stats) as Partial<RecordingStats>;
  return {
    submissionId,
    score: row.score,
    contributions: JSON.parse(row.contributions) as Contribution[],
    stats: typeof stats.sessions === "number" ? (stats as RecordingStats) : null,
  };
}

/** Risk scores of many submissions (the submissions table), by id. */
export async function selectRisks(db: Db, ids: number[]): Promise<Map<number, StoredRisk>> {
  const out = new Map<number, StoredRisk>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("integrity_risk")
    .select(["submission_id", "score", "contributions"])
    .where("submission_id", "in", ids)
    .execute();
  for (const r of rows) {
    out.set(r.submission_id, {
      submissionId: r.submission_id,
      score: r.score,
      contributions: JSON.parse(r.contributions) as Contribution[],
      stats: null,
    });
  }
  return out;
}
