// The grade outbox: when a submission's score changes (graded, regraded, overridden: the
// "submission:graded" event), a row per LMS link of its task is set pending; a worker sends the
// student's current score for the task and retries with exponential backoff, then gives up as failed
// (a teacher can retry). Durable: pending rows survive a restart.
import { sql } from "kysely";
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import type { SlateEvents } from "../../../lib/events.ts";
import { subjectOf } from "./accounts.ts";
import { ensureLineItem, postScore } from "./ags.ts";
import { selectOptionalContext } from "./contexts.ts";
import { selectOptionalPlatform } from "./platforms.ts";
import { targetScore } from "./targets.ts";

export const MAX_ATTEMPTS = 8;
const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 60 * 60_000;

/** 10 s, 20 s, 40 s, ... at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queues the score of this submission for every LMS link of its task its student is known to. Nothing
 * is queued while the student has no counted score (a grading that ended in an error) or the task
 * gives no points: there is nothing a gradebook could take.
 */
export async function enqueueScore(ctx: AppContext, e: SlateEvents["submission:graded"]): Promise<number> {
  const score = await targetScore(ctx.db, "task", e.taskId, e.userId);
  if (!score || score.maximum <= 0) return 0;
  const links = await ctx.db
    .selectFrom("lti_links")
    .innerJoin("lti_contexts", "lti_contexts.id", "lti_links.context_id")
    .innerJoin("lti_accounts", (j) =>
      j
        .onRef("lti_accounts.platform_id", "=", "lti_contexts.platform_id")
        .on("lti_accounts.user_id", "=", e.userId),
    )
    .select("lti_links.id")
    .where("lti_links.target_kind", "=", "task")
    .where("lti_links.target_id", "=", e.taskId)
    .where("lti_contexts.section_id", "=", e.sectionId)
    .where("lti_links.score_scope", "=", 1)
    .execute();
  const now = ctx.clock.now();
  for (const link of links) {
    await ctx.db
      .insertInto("lti_grade_outbox")
      .values({
        submission_id: e.submissionId,
        link_id: link.id,
        user_id: e.userId,
        status: "pending",
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        score_sent: null,
        sent_at: null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["submission_id", "link_id"]).doUpdateSet({
          status: "pending",
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          updated_at: now,
        }),
      )
      .execute();
  }
  return links.length;
}

const BACKFILL_MS = 7 * 86_400_000;

/**
 * At start: queues graded submissions of the last week that have an LMS link but no delivery row,
 * e.g. when the process stopped between a grading's write and its event. Returns how many.
 */
export async function backfillScores(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const r = await sql`
    INSERT INTO lti_grade_outbox (submission_id, link_id, user_id, status, attempts, next_attempt_at, updated_at)
    SELECT s.id, l.id, s.user_id, 'pending', 0, ${now}, ${now}
    FROM submissions s
    JOIN problems p ON p.id = s.problem_id
    JOIN tasks t ON t.id = p.task_id
    JOIN lti_links l ON l.target_kind = 'task' AND l.target_id = t.id AND l.score_scope = 1
    JOIN lti_contexts k ON k.id = l.context_id AND k.section_id = t.section_id
    JOIN lti_accounts a ON a.platform_id = k.platform_id AND a.user_id = s.user_id
    WHERE s.status = 'graded' AND s.graded_at >= ${now - BACKFILL_MS}
      AND NOT EXISTS (SELECT 1 FROM lti_grade_outbox o WHERE o.submission_id = s.id AND o.link_id = l.id)
  `.execute(ctx.db);
  return Number(r.numAffectedRows ?? 0n);
}

type OutboxRow = Awaited<ReturnType<typeof dueRows>>[number];

function dueRows(db: Db, now: number) {
  return db
    .selectFrom("lti_grade_outbox")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .limit(20)
    .execute();
}

async function send(ctx: AppContext, row: OutboxRow): Promise<number> {
  const link = await ctx.db
    .selectFrom("lti_links")
    .selectAll()
    .where("id", "=", row.link_id)
    .executeTakeFirst();
  const context = link && (await selectOptionalContext(ctx.db, link.context_id));
  const platform = context && (await selectOptionalPlatform(ctx.db, context.platform_id));
  if (!link || !context || !platform || !link.target_kind || link.target_id === null) {
    throw new Error("the LMS link of this score is gone");
  }
  const subject = await subjectOf(ctx, platform.id, row.user_id);
  if (!subject) throw new Error("the student is not linked to this LMS");
  const score = await targetScore(ctx.db, link.target_kind, link.target_id, row.user_id);
  if (!score) throw new Error("there is no score to send yet");
  const lineitem = await ensureLineItem(ctx, platform, context, link);
  await postScore(ctx, platform, lineitem, {
    userId: subject,
    scoreGiven: score.given,
    scoreMaximum: score.maximum,
  });
  return score.given;
}

async function attempt(ctx: AppContext, row: OutboxRow): Promise<void> {
  const now = () => ctx.clock.now();
  try {
    const given = await send(ctx, row);
    await ctx.db
      .updateTable("lti_grade_outbox")
      .set({
        status: "sent",
        attempts: row.attempts + 1,
        score_sent: given,
        sent_at: now(),
        last_error: null,
        updated_at: now(),
      })
      .where("id", "=", row.id)
      .where("updated_at", "=", row.updated_at) // a newer score queued meanwhile stays pending
      .execute();
  } catch (err) {
    const attempts = row.attempts + 1;
    const message = (err as Error).message.slice(0, 300);
    ctx.logger.warn({ err, outbox: row.id, attempts }, "lti: sending a score failed");
    await ctx.db
      .updateTable("lti_grade_outbox")
      .set({
        status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        attempts,
        next_attempt_at: now() + backoffMs(attempts),
        last_error: message,
        updated_at: now(),
      })
      .where("id", "=", row.id)
      .where("updated_at", "=", row.updated_at)
      .execute();
  }
}

/** Sends every score that is due; returns how many were tried. */
export async function sendDueScores(ctx: AppContext): Promise<number> {
  const rows = await dueRows(ctx.db, ctx.clock.now());
  for (const row of rows) await attempt(ctx, row);
  return rows.length;
}

/** A failed (or waiting) score goes out at the next round. */
export async function retryScore(db: Db, id: number, now: number): Promise<void> {
  await db
    .updateTable("lti_grade_outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, updated_at: now })
    .where("id", "=", id)
    .where("status", "!=", "sent")
    .execute();
}

export interface OutboxEntry {
  id: number;
  submissionId: number;
  studentName: string;
  linkTitle: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  scoreSent: number | null;
  updatedAt: number;
}

/** The section's recent score deliveries, newest first. */
export async function selectSectionOutbox(db: Db, sectionId: number, limit = 100): Promise<OutboxEntry[]> {
  const rows = await db
    .selectFrom("lti_grade_outbox as o")
    .innerJoin("lti_links as l", "l.id", "o.link_id")
    .innerJoin("lti_contexts as k", "k.id", "l.context_id")
    .innerJoin("users as u", "u.id", "o.user_id")
    .select([
      "o.id",
      "o.submission_id",
      "o.status",
      "o.attempts",
      "o.last_error",
      "o.score_sent",
      "o.updated_at",
      "u.display_name",
      "l.title",
    ])
    .where("k.section_id", "=", sectionId)
    .orderBy("o.updated_at", "desc")
    .orderBy("o.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    submissionId: r.submission_id,
    studentName: r.display_name,
    linkTitle: r.title,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    scoreSent: r.score_sent,
    updatedAt: r.updated_at,
  }));
}

/** How a submission's score went to the LMS: one entry per link (empty when it has none). */
export function selectSubmissionOutbox(db: Db, submissionId: number) {
  return db
    .selectFrom("lti_grade_outbox")
    .select(["status", "attempts", "last_error", "sent_at"])
    .where("submission_id", "=", submissionId)
    .execute();
}
