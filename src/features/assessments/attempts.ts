// Attempts: starting one (every rule of the assessment checked on the server), saving answers while it
// is open, submitting it (by the student, or by the server when its time is up), and the sweep that
// submits the attempts whose deadline passed. Items keep the question version and choice order they
// were drawn with, so later edits never change what a student answered.
import { timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Assessment, Attempt, AttemptItem, QuestionVersion } from "../../db/tables/assessments.ts";
import type { Clock } from "../../lib/clock.ts";
import type { EventBus } from "../../lib/events.ts";
import { decrypt } from "../../lib/secret-box.ts";
import { descendantsOf } from "./banks.ts";
import type { ImportedQuestion } from "./formats/types.ts";
import { gradeResponse, type Layout, layoutFor, type Response } from "./grading.ts";
import { questionOf } from "./question.ts";
import { isClosed } from "./review.ts";
import { range, shuffled } from "./shuffle.ts";

export interface AttemptDeps {
  db: Db;
  clock: Clock;
  events?: EventBus;
  secret?: string;
}

/** A rule refused the request; `status` is the HTTP status the route answers with. */
export class AttemptRefused extends Error {
  constructor(
    message: string,
    readonly status: 403 | 409 | 422 = 409,
  ) {
    super(message);
  }
}

/** Server-side grace for a save or submit that left the browser just before the deadline. */
export const GRACE_MS = 2000;

function changed(deps: AttemptDeps, a: Pick<Assessment, "id" | "section_id">, userId: number) {
  deps.events?.emit("assessment:changed", { assessmentId: a.id, sectionId: a.section_id, userId });
}

export function selectAssessment(db: Db, id: number) {
  return db.selectFrom("assessments").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectAttempt(db: Db, id: number) {
  return db.selectFrom("assessment_attempts").selectAll().where("id", "=", id).executeTakeFirst();
}

export function attemptsOf(db: Db, assessmentId: number, userId: number): Promise<Attempt[]> {
  return db
    .selectFrom("assessment_attempts")
    .selectAll()
    .where("assessment_id", "=", assessmentId)
    .where("user_id", "=", userId)
    .orderBy("number")
    .execute();
}

export interface LoadedItem extends AttemptItem {
  question: ImportedQuestion;
  layout: Layout;
  parsed: Response | null;
}

/** The attempt's items with their question versions (only the given item ids, when there are some). */
export async function itemsOf(db: Db, attemptId: number, only?: number[]): Promise<LoadedItem[]> {
  if (only && only.length === 0) return [];
  let query = db
    .selectFrom("attempt_items as i")
    .innerJoin("question_versions as v", "v.id", "i.version_id")
    .selectAll("i")
    .select([
      "v.qtype",
      "v.name",
      "v.body",
      "v.body_format",
      "v.default_mark",
      "v.general_feedback",
      "v.tags",
      "v.data",
      "v.question_id as v_question_id",
      "v.version",
      "v.created_by",
      "v.created_at",
    ])
    .where("i.attempt_id", "=", attemptId)
    .orderBy("i.position");
  if (only) query = query.where("i.id", "in", only);
  const rows = await query.execute();
  return rows.map((r) => {
    const version = { ...r, id: r.version_id, question_id: r.v_question_id } as unknown as QuestionVersion;
    const item: AttemptItem = {
      id: r.id,
      attempt_id: r.attempt_id,
      position: r.position,
      page: r.page,
      part_id: r.part_id,
      question_id: r.question_id,
      version_id: r.version_id,
      max_mark: r.max_mark,
      choice_order: r.choice_order,
      response: r.response,
      fraction: r.fraction,
      score: r.score,
      teacher_feedback: r.teacher_feedback,
      graded_by: r.graded_by,
      saved_at: r.saved_at,
    };
    return {
      ...item,
      question: questionOf(version),
      layout: JSON.parse(r.choice_order) as Layout,
      parsed: r.response ? (JSON.parse(r.response) as Response) : null,
    };
  });
}

function passwordMatches(deps: AttemptDeps, a: Assessment, given: string): boolean {
  if (!a.password_enc) return true;
  if (!deps.secret) return false;
  const want = Buffer.from(decrypt(deps.secret, a.password_enc));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

interface DrawnItem {
  partId: number;
  partIndex: number;
  version: QuestionVersion;
  mark: number;
}

/** The questions of a new attempt: fixed slots, and random blocks drawn now (no question twice). */
async function drawQuestions(db: Db, a: Assessment, random: () => number): Promise<DrawnItem[]> {
  const parts = await db
    .selectFrom("assessment_parts")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .orderBy("position")
    .execute();
  const slots = await db
    .selectFrom("assessment_slots")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .orderBy("position")
    .execute();
  const used = new Set(slots.flatMap((s) => (s.question_id ? [s.question_id] : [])));
  const out: DrawnItem[] = [];
  for (const [partIndex, part] of parts.entries()) {
    let partSlots = slots.filter((s) => s.part_id === part.id);
    if (a.shuffle_questions) partSlots = shuffled(partSlots, random);
    const drawn: DrawnItem[] = [];
    for (const slot of partSlots) {
      if (slot.question_id) {
        const v = await currentVersion(db, slot.question_id);
        if (v) drawn.push({ partId: part.id, partIndex, version: v, mark: slot.mark ?? v.default_mark });
        continue;
      }
      if (!slot.category_id) continue;
      for (const v of await drawFromCategory(db, slot.category_id, slot.draw_count, used, random)) {
        used.add(v.question_id);
        drawn.push({ partId: part.id, partIndex, version: v, mark: slot.mark ?? v.default_mark });
      }
    }
    out.push(...drawn);
  }
  return out;
}

async function currentVersion(db: Db, questionId: number): Promise<QuestionVersion | undefined> {
  return db
    .selectFrom("questions as q")
    .innerJoin("question_versions as v", "v.id", "q.current_version_id")
    .selectAll("v")
    .where("q.id", "=", questionId)
    .executeTakeFirst();
}

/** N random questions (not descriptions, not already used) from a category and those below it. */
export async function drawFromCategory(
  db: Db,
  categoryId: number,
  count: number,
  used: ReadonlySet<number>,
  random: () => number = Math.random,
): Promise<QuestionVersion[]> {
  const category = await db
    .selectFrom("question_categories")
    .select("bank_id")
    .where("id", "=", categoryId)
    .executeTakeFirst();
  if (!category) return [];
  const all = await db
    .selectFrom("question_categories")
    .selectAll()
    .where("bank_id", "=", category.bank_id)
    .execute();
  const pool = await db
    .selectFrom("questions as q")
    .innerJoin("question_versions as v", "v.id", "q.current_version_id")
    .selectAll("v")
    .where("q.category_id", "in", descendantsOf(all, categoryId))
    .where("q.hidden_at", "is", null) // deleted from the bank, kept only for past attempts
    .where("v.qtype", "!=", "description")
    .execute();
  return shuffled(
    pool.filter((v) => !used.has(v.question_id)),
    random,
  ).slice(0, count);
}

function pageOf(a: Assessment, partIndex: number, position: number): number {
  if (a.delivery === "page") return partIndex;
  if (a.delivery === "one") return position;
  return 0;
}

export interface StartOptions {
  password?: string;
  random?: () => number;
}

/** Starts an attempt, or returns the open one (one open attempt at a time). */
export async function startAttempt(
  deps: AttemptDeps,
  a: Assessment,
  userId: number,
  opts: StartOptions = {},
): Promise<Attempt> {
  const now = deps.clock.now();
  const open = await openAttempt(deps, a, userId);
  if (open) return open;
  if (!a.published) throw new AttemptRefused("This assessment is not published.", 403);
  if (a.opens_at !== null && now < a.opens_at)
    throw new AttemptRefused("This assessment has not opened yet.");
  const closed = isClosed(a, now);
  if (closed && !a.practice_after_close) throw new AttemptRefused("This assessment has closed.");
  const previous = await attemptsOf(deps.db, a.id, userId);
  const graded = previous.filter((p) => p.practice === 0);
  if (!closed && a.max_attempts !== null && graded.length >= a.max_attempts) {
    throw new AttemptRefused(
      `You have used all ${a.max_attempts} attempt${a.max_attempts === 1 ? "" : "s"} of this assessment.`,
    );
  }
  if (!closed && !passwordMatches(deps, a, opts.password ?? "")) {
    throw new AttemptRefused("That password is not right.", 403);
  }
  const random = opts.random ?? Math.random;
  const drawn = await drawQuestions(deps.db, a, random);
  if (drawn.length === 0) throw new AttemptRefused("This assessment has no questions yet.", 422);
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const attempt = await tx
        .insertInto("assessment_attempts")
        .values({
          assessment_id: a.id,
          user_id: userId,
          number: previous.length + 1,
          practice: closed ? 1 : 0,
          started_at: now,
          deadline_at: deadlineOf(a, now, closed),
          max_score: drawn.reduce((s, d) => s + (d.version.qtype === "description" ? 0 : d.mark), 0),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("attempt_items")
        .values(
          drawn.map((d, position) => ({
            attempt_id: attempt.id,
            position,
            page: pageOf(a, d.partIndex, position),
            part_id: d.partId,
            question_id: d.version.question_id,
            version_id: d.version.id,
            max_mark: d.version.qtype === "description" ? 0 : d.mark,
            choice_order: JSON.stringify(layoutFor(questionOf(d.version), a.shuffle_answers === 1, random)),
          })),
        )
        .execute();
      return attempt;
    });
  } catch (err) {
    // Two starts at once: the unique index on open attempts let one through; return that one.
    const raced = await openAttempt(deps, a, userId);
    if (raced) return raced;
    throw err;
  } finally {
    changed(deps, a, userId);
  }
}

/** When an attempt started at `startedAt` ends: its time limit, or the close (practice attempts: no close). */
function deadlineOf(
  a: Pick<Assessment, "time_limit_s" | "closes_at">,
  startedAt: number,
  practice: boolean,
): number | null {
  const limits = [
    a.time_limit_s !== null ? startedAt + a.time_limit_s * 1000 : null,
    practice ? null : a.closes_at,
  ];
  const deadlines = limits.filter((d): d is number => d !== null);
  return deadlines.length ? Math.min(...deadlines) : null;
}

/**
 * After the teacher changed the close time or the time limit, the open attempts follow, as in Moodle:
 * an exam ended early ends for everyone in it, an extension reaches those already writing.
 */
export async function retimeOpenAttempts(db: Db, a: Assessment): Promise<void> {
  const open = await db
    .selectFrom("assessment_attempts")
    .select(["id", "started_at", "practice"])
    .where("assessment_id", "=", a.id)
    .where("state", "=", "open")
    .execute();
  for (const t of open) {
    await db
      .updateTable("assessment_attempts")
      .set({ deadline_at: deadlineOf(a, t.started_at, t.practice === 1) })
      .where("id", "=", t.id)
      .where("state", "=", "open")
      .execute();
  }
}

/** The user's open attempt, submitted first when its time is up. */
async function openAttempt(deps: AttemptDeps, a: Assessment, userId: number): Promise<Attempt | undefined> {
  const open = await deps.db
    .selectFrom("assessment_attempts")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("user_id", "=", userId)
    .where("state", "=", "open")
    .executeTakeFirst();
  if (!open) return undefined;
  if (await submitIfExpired(deps, open)) return undefined;
  return open;
}

export const isExpired = (attempt: Pick<Attempt, "deadline_at">, now: number) =>
  attempt.deadline_at !== null && now > attempt.deadline_at + GRACE_MS;

/** Submits an open attempt whose time is up (checked on every request); true when it did. */
export async function submitIfExpired(deps: AttemptDeps, attempt: Attempt): Promise<boolean> {
  if (attempt.state !== "open" || !isExpired(attempt, deps.clock.now())) return false;
  await submitAttempt(deps, attempt.id, { auto: true });
  return true;
}

/** The item ids a form names (q12, q12_0, present_12). */
export function itemIdsOf(keys: readonly string[]): number[] {
  const ids = new Set<number>();
  for (const k of keys) {
    const m = /^(?:q|present_)(\d{1,12})(?:_\d+)?$/.exec(k);
    if (m) ids.add(Number(m[1]));
  }
  return [...ids];
}

export const MAX_TEXT = { short: 500, essay: 20_000 };

/** A response from form values; a refusal for one that is too big or not of this question. */
export function responseFrom(item: LoadedItem, values: (name: string) => string[]): Response | null {
  const q = item.question;
  const name = `q${item.id}`;
  const first = values(name)[0];
  const index = (v: string | undefined, n: number) => {
    if (v === undefined || v === "") return null;
    const i = Number(v);
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new AttemptRefused("That choice is not one of the answers.", 422);
    return i;
  };
  switch (q.qtype) {
    case "multichoice": {
      // The form sends positions as shown (views/question-view.tsx); the response keeps answer indexes.
      const n = q.answer?.length ?? 0;
      const order = item.layout.order.length === n ? item.layout.order : range(n);
      const answerAt = (v: string | undefined) => {
        const pos = index(v, n);
        return pos === null ? null : order[pos]!;
      };
      if (q.single === 1) {
        const i = answerAt(first);
        return i === null ? null : { choice: i };
      }
      const picked = values(name)
        .map(answerAt)
        .filter((i): i is number => i !== null);
      return { choices: [...new Set(picked)] };
    }
    case "truefalse":
      return first === "1" ? { value: true } : first === "0" ? { value: false } : null;
    case "shortanswer":
    case "numerical":
    case "essay": {
      const text = first ?? "";
      const max = q.qtype === "essay" ? MAX_TEXT.essay : MAX_TEXT.short;
      if (text.length > max) throw new AttemptRefused(`An answer can be at most ${max} characters.`, 422);
      return { text };
    }
    case "match": {
      // Each menu sends the position of the chosen answer in its shown list; pairs keep answer indexes.
      const total = (q.subquestions ?? []).filter((s) => s.trim()).length;
      const choices = new Set((q.subanswers ?? []).map((s) => s.trim())).size;
      const shown = item.layout.choices?.length === choices ? item.layout.choices : range(choices);
      const pairs: (number | null)[] = Array.from({ length: total }, (_, k) => {
        const pos = index(values(`${name}_${k}`)[0], choices);
        return pos === null ? null : shown[pos]!;
      });
      return { pairs };
    }
    default:
      return null;
  }
}

/**
 * The pages a student may see and answer: all, or only the furthest reached (no going back). A later
 * page is not open either: seen by its URL, it would let the student come back to this one knowing it.
 */
export function answerablePage(a: Assessment, attempt: Attempt, page: number): boolean {
  return a.sequential === 0 || a.delivery === "all" || page === attempt.page;
}

/**
 * Saves the answers of the given items (the form of one page, or one autosaved field). Refused when
 * the attempt is not open, its time is up, an item is not of this attempt or its page is behind.
 */
export async function saveResponses(
  deps: AttemptDeps,
  a: Assessment,
  attempt: Attempt,
  items: LoadedItem[],
  form: { keys: string[]; values: (name: string) => string[] },
): Promise<number> {
  const now = deps.clock.now();
  if (attempt.state !== "open")
    throw new AttemptRefused("This attempt has been submitted; answers are closed.");
  if (await submitIfExpired(deps, attempt))
    throw new AttemptRefused("Time is up: the attempt was submitted.");
  const byId = new Map(items.map((i) => [i.id, i]));
  const touched = new Set<number>();
  for (const key of form.keys) {
    const m = /^q(\d+)(?:_\d+)?$/.exec(key);
    if (!m) continue;
    const item = byId.get(Number(m[1]));
    if (!item) throw new AttemptRefused("That question is not part of this attempt.", 422);
    touched.add(item.id);
  }
  for (const key of form.keys) {
    const m = /^present_(\d+)$/.exec(key); // an empty multi-answer or matching field was on the form
    if (m && byId.has(Number(m[1]))) touched.add(Number(m[1]));
    else if (m) throw new AttemptRefused("That question is not part of this attempt.", 422);
  }
  const updates = [...touched].map((id) => {
    const item = byId.get(id)!;
    if (!answerablePage(a, attempt, item.page)) throw new AttemptRefused("You cannot go back to that page.");
    return { id, response: JSON.stringify(responseFrom(item, form.values)) };
  });
  if (updates.length === 0) return 0;
  await deps.db.transaction().execute(async (tx) => {
    // Checked again inside the transaction: a submit (another tab, the sweep) may have closed the
    // attempt since this request read it, and a late write would be graded by the next regrade.
    const current = await tx
      .selectFrom("assessment_attempts")
      .select("state")
      .where("id", "=", attempt.id)
      .executeTakeFirst();
    if (current?.state !== "open")
      throw new AttemptRefused("This attempt has been submitted; answers are closed.");
    for (const u of updates) {
      await tx
        .updateTable("attempt_items")
        .set({ response: u.response, saved_at: now })
        .where("id", "=", u.id)
        .execute();
    }
  });
  return updates.length;
}

/** Moves the furthest page reached (sequential delivery) forward. */
export async function reachPage(db: Db, attempt: Attempt, page: number): Promise<void> {
  if (page > attempt.page) {
    await db
      .updateTable("assessment_attempts")
      .set({ page })
      .where("id", "=", attempt.id)
      .where("state", "=", "open")
      .execute();
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Totals of an attempt from its items: the score (never below 0) and how many wait for a teacher. */
export async function recomputeTotals(db: Db, attemptId: number): Promise<void> {
  const items = await db
    .selectFrom("attempt_items")
    .select(["score", "fraction", "max_mark"])
    .where("attempt_id", "=", attemptId)
    .execute();
  const pending = items.filter((i) => i.fraction === null && i.max_mark > 0).length;
  const score = Math.max(0, round(items.reduce((s, i) => s + (i.score ?? 0), 0)));
  await db
    .updateTable("assessment_attempts")
    .set({ score, pending_manual: pending })
    .where("id", "=", attemptId)
    .execute();
}

/** Grades every item but essays and closes the attempt. A second call does nothing. */
export async function submitAttempt(
  deps: AttemptDeps,
  attemptId: number,
  opts: { auto?: boolean } = {},
): Promise<boolean> {
  const now = deps.clock.now();
  const attempt = await selectAttempt(deps.db, attemptId);
  if (attempt?.state !== "open") return false;
  const done = await deps.db.transaction().execute(async (tx) => {
    // The responses are read in the transaction that closes the attempt: a save landing between a
    // read outside it and the close would be stored but never graded.
    const graded = (await itemsOf(tx, attemptId)).map((item) => {
      const fraction = gradeResponse(item.question, item.parsed);
      return {
        id: item.id,
        fraction,
        score: fraction === null ? null : round(fraction * item.max_mark),
        max: item.max_mark,
      };
    });
    // The state check in the UPDATE makes two submits at once (the student and the sweep) close it once.
    const closed = await tx
      .updateTable("assessment_attempts")
      .set({
        state: "submitted",
        submitted_at: opts.auto && attempt.deadline_at !== null ? Math.min(now, attempt.deadline_at) : now,
        auto_submitted: opts.auto ? 1 : 0,
        score: Math.max(0, round(graded.reduce((sum, g) => sum + (g.score ?? 0), 0))),
        pending_manual: graded.filter((g) => g.fraction === null && g.max > 0).length,
      })
      .where("id", "=", attemptId)
      .where("state", "=", "open")
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 0) return false;
    if (graded.length > 0) {
      // One statement for all items (20 separate UPDATEs cost more than the grading itself).
      const rows = sql.join(graded.map((g) => sql`(${g.id}, ${g.fraction}, ${g.score})`));
      await sql`UPDATE attempt_items SET fraction = v.column2, score = v.column3
        FROM (VALUES ${rows}) AS v WHERE attempt_items.id = v.column1`.execute(tx);
    }
    return true;
  });
  if (done) {
    const a = await selectAssessment(deps.db, attempt.assessment_id);
    if (a) changed(deps, a, attempt.user_id);
  }
  return done;
}

/** The periodic sweep: submits every open attempt whose deadline has passed. */
export async function submitExpiredAttempts(deps: AttemptDeps): Promise<number> {
  const due = await deps.db
    .selectFrom("assessment_attempts")
    .select("id")
    .where("state", "=", "open")
    .where("deadline_at", "<", deps.clock.now() - GRACE_MS)
    .execute();
  let n = 0;
  for (const { id } of due) if (await submitAttempt(deps, id, { auto: true })) n++;
  return n;
}

/** A teacher's mark (0..max) and feedback for one response; the attempt's total follows. */
export async function markItem(
  deps: AttemptDeps,
  itemId: number,
  mark: number,
  feedback: string,
  teacherId: number,
): Promise<void> {
  const item = await deps.db
    .selectFrom("attempt_items")
    .selectAll()
    .where("id", "=", itemId)
    .executeTakeFirst();
  if (!item) throw new AttemptRefused("There is no such response.", 422);
  if (!(mark >= 0 && mark <= item.max_mark)) {
    throw new AttemptRefused(`The mark must be between 0 and ${item.max_mark}.`, 422);
  }
  const attempt = await selectAttempt(deps.db, item.attempt_id);
  if (attempt?.state !== "submitted") throw new AttemptRefused("That attempt is still open.");
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("attempt_items")
      .set({
        score: mark,
        fraction: item.max_mark > 0 ? mark / item.max_mark : 0,
        teacher_feedback: feedback,
        graded_by: teacherId,
      })
      .where("id", "=", itemId)
      .execute();
    await recomputeTotals(tx, item.attempt_id);
  });
  const a = await selectAssessment(deps.db, attempt.assessment_id);
  if (a) changed(deps, a, attempt.user_id);
}

/**
 * After a question was fixed: every submitted attempt's items move to the question's current version
 * (when it is still the same type with the same number of answers, so responses keep their meaning)
 * and are graded again; teachers' marks of essays stay.
 */
export async function regradeAssessment(deps: AttemptDeps, a: Assessment): Promise<number> {
  const attempts = await deps.db
    .selectFrom("assessment_attempts")
    .select("id")
    .where("assessment_id", "=", a.id)
    .where("state", "=", "submitted")
    .execute();
  let changedItems = 0;
  for (const { id } of attempts) {
    const items = await itemsOf(deps.db, id);
    await deps.db.transaction().execute(async (tx) => {
      for (const item of items) {
        const current = await currentVersion(tx, item.question_id);
        let question = item.question;
        let versionId = item.version_id;
        if (current && current.id !== item.version_id) {
          const next = questionOf(current);
          const sameShape =
            next.qtype === question.qtype &&
            (next.answer?.length ?? 0) === (question.answer?.length ?? 0) &&
            (next.subquestions?.length ?? 0) === (question.subquestions?.length ?? 0);
          if (sameShape) {
            question = next;
            versionId = current.id;
          }
        }
        if (question.qtype === "essay") continue;
        const fraction = gradeResponse(question, item.parsed);
        const score = fraction === null ? null : round(fraction * item.max_mark);
        if (score !== item.score || versionId !== item.version_id) changedItems++;
        await tx
          .updateTable("attempt_items")
          .set({ version_id: versionId, fraction, score })
          .where("id", "=", item.id)
          .execute();
      }
      await recomputeTotals(tx, id);
    });
  }
  changed(deps, a, 0);
  return changedItems;
}
