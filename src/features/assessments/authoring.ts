// Building an assessment: its settings (the password sealed with the app secret so the teacher can
// read it back), its parts, and its slots: one question each, or a random block of N from a category.
import { z } from "zod";
import { type Db, inTransaction } from "../../db/connection.ts";
import type { Assessment } from "../../db/tables/assessments.ts";
import { checkbox, line, optionalText } from "../../http/validation.ts";
import { parseLocalInput } from "../../lib/local-time.ts";
import { decrypt, encrypt } from "../../lib/secret-box.ts";
import { openToStudentSql } from "../targeting/assignees.ts";
import { PHASES, type ReviewOptions, SHOWS } from "./review.ts";

const when = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const ms = parseLocalInput(v ?? "");
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: `${label} is not a valid date and time.` });
        return z.NEVER;
      }
      return ms;
    });

const optionalInt = (label: string, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? "").trim();
      if (t === "") return null;
      const n = Number(t);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be a whole number from ${min} to ${max}.` });
        return z.NEVER;
      }
      return n;
    });

const reviewFields = Object.fromEntries(
  PHASES.flatMap((p) => SHOWS.map((s) => [`review_${p}_${s}`, checkbox] as const)),
) as Record<string, typeof checkbox>;

export const assessmentForm = z
  .object({
    title: line("Title", 160),
    instructions: optionalText("Instructions", 10_000),
    opens_at: when("Opens"),
    closes_at: when("Closes"),
    time_limit_min: optionalInt("Time limit", 1, 24 * 60),
    password: optionalText("Password", 100),
    max_attempts: optionalInt("Attempts allowed", 1, 100),
    grading_method: z.enum(["highest", "average", "first", "last"], { error: "Choose a grading method." }),
    delivery: z.enum(["all", "page", "one"], { error: "Choose how questions are shown." }),
    sequential: checkbox,
    shuffle_questions: checkbox,
    shuffle_answers: checkbox,
    published: checkbox,
    practice_after_close: checkbox,
    ...reviewFields,
  })
  .refine((f) => f.opens_at === null || f.closes_at === null || f.closes_at > f.opens_at, {
    message: "The close time must be after the open time.",
  });

export type AssessmentForm = z.infer<typeof assessmentForm>;

function reviewOf(form: Record<string, unknown>): ReviewOptions {
  const out = {} as ReviewOptions;
  for (const p of PHASES) {
    out[p] = {} as ReviewOptions[typeof p];
    for (const s of SHOWS) out[p][s] = form[`review_${p}_${s}`] === true;
  }
  return out;
}

function columns(secret: string, f: AssessmentForm, now: number) {
  return {
    title: f.title,
    instructions: f.instructions,
    opens_at: f.opens_at,
    closes_at: f.closes_at,
    time_limit_s: f.time_limit_min === null ? null : f.time_limit_min * 60,
    password_enc: f.password ? encrypt(secret, f.password) : null,
    max_attempts: f.max_attempts,
    grading_method: f.grading_method,
    delivery: f.delivery,
    sequential: f.sequential ? 1 : 0,
    shuffle_questions: f.shuffle_questions ? 1 : 0,
    shuffle_answers: f.shuffle_answers ? 1 : 0,
    published: f.published ? 1 : 0,
    practice_after_close: f.practice_after_close ? 1 : 0,
    review: JSON.stringify(reviewOf(f as Record<string, unknown>)),
    updated_at: now,
  };
}

export async function createAssessment(
  db: Db,
  secret: string,
  sectionId: number,
  f: AssessmentForm,
  userId: number,
  now: number,
): Promise<number> {
  const run = async (tx: Db) => {
    const a = await tx
      .insertInto("assessments")
      .values({ section_id: sectionId, ...columns(secret, f, now), created_by: userId, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("assessment_parts")
      .values({ assessment_id: a.id, position: 0, title: "Part 1" })
      .execute();
    return a.id;
  };
  return inTransaction(db, run);
}

export async function updateAssessment(db: Db, secret: string, id: number, f: AssessmentForm, now: number) {
  await db
    .updateTable("assessments")
    .set(columns(secret, f, now))
    .where("id", "=", id)
    .execute();
}

/** The password as the teacher set it ("" without one). */
export function readPassword(secret: string, a: Assessment): string {
  return a.password_enc ? decrypt(secret, a.password_enc) : "";
}

/** The form's values for an existing assessment. */
export function formValues(
  secret: string,
  a: Assessment,
  toLocal: (ms: number | null) => string,
): Record<string, string> {
  const review = JSON.parse(a.review) as ReviewOptions;
  const values: Record<string, string> = {
    title: a.title,
    instructions: a.instructions,
    opens_at: toLocal(a.opens_at),
    closes_at: toLocal(a.closes_at),
    time_limit_min: a.time_limit_s === null ? "" : String(a.time_limit_s / 60),
    password: readPassword(secret, a),
    max_attempts: a.max_attempts === null ? "" : String(a.max_attempts),
    grading_method: a.grading_method,
    delivery: a.delivery,
  };
  const flags = [
    "sequential",
    "shuffle_questions",
    "shuffle_answers",
    "published",
    "practice_after_close",
  ] as const;
  for (const k of flags) if (a[k]) values[k] = "on";
  for (const p of PHASES) for (const s of SHOWS) if (review[p]?.[s]) values[`review_${p}_${s}`] = "on";
  return values;
}

export async function addPart(db: Db, assessmentId: number, title: string, instructions: string) {
  const last = await db
    .selectFrom("assessment_parts")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("assessment_parts")
    .values({ assessment_id: assessmentId, position: Number(last.p ?? -1) + 1, title, instructions })
    .execute();
}

export async function addSlot(
  db: Db,
  assessmentId: number,
  partId: number,
  slot: { questionId: number | null; categoryId: number | null; count: number; mark: number | null },
) {
  const last = await db
    .selectFrom("assessment_slots")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("part_id", "=", partId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("assessment_slots")
    .values({
      assessment_id: assessmentId,
      part_id: partId,
      position: Number(last.p ?? -1) + 1,
      question_id: slot.questionId,
      category_id: slot.categoryId,
      draw_count: slot.count,
      mark: slot.mark,
    })
    .execute();
}

export interface SlotRow {
  id: number;
  part_id: number;
  position: number;
  question_id: number | null;
  category_id: number | null;
  draw_count: number;
  mark: number | null;
  question_name: string | null;
  qtype: string | null;
  default_mark: number | null;
  category_name: string | null;
}

export async function structureOf(db: Db, assessmentId: number) {
  const [parts, slots] = await Promise.all([
    db
      .selectFrom("assessment_parts")
      .selectAll()
      .where("assessment_id", "=", assessmentId)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("assessment_slots as s")
      .leftJoin("questions as q", "q.id", "s.question_id")
      .leftJoin("question_versions as v", "v.id", "q.current_version_id")
      .leftJoin("question_categories as c", "c.id", "s.category_id")
      .select([
        "s.id",
        "s.part_id",
        "s.position",
        "s.question_id",
        "s.category_id",
        "s.draw_count",
        "s.mark",
        "v.name as question_name",
        "v.qtype",
        "v.default_mark",
        "c.name as category_name",
      ])
      .where("s.assessment_id", "=", assessmentId)
      .orderBy("s.position")
      .execute(),
  ]);
  return { parts, slots: slots as SlotRow[] };
}

/** A section's assessments; `studentId`: only those open to that student (remedial ones of others out). */
export function assessmentsOfSection(db: Db, sectionId: number, publishedOnly: boolean, studentId?: number) {
  let q = db.selectFrom("assessments").selectAll().where("section_id", "=", sectionId);
  if (publishedOnly) q = q.where("published", "=", 1);
  if (studentId !== undefined) q = q.where(openToStudentSql("assessment", studentId));
  return q.orderBy("opens_at").orderBy("id").execute();
}

/** Swaps a slot with its neighbour in its part (up or down); false when it is already at that end. */
export async function moveSlot(
  db: Db,
  assessmentId: number,
  slotId: number,
  dir: "up" | "down",
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const slot = await tx
      .selectFrom("assessment_slots")
      .selectAll()
      .where("id", "=", slotId)
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirst();
    if (!slot) return false;
    const siblings = await tx
      .selectFrom("assessment_slots")
      .select(["id", "position"])
      .where("part_id", "=", slot.part_id)
      .orderBy("position")
      .orderBy("id")
      .execute();
    const at = siblings.findIndex((s) => s.id === slot.id);
    const other = siblings[dir === "up" ? at - 1 : at + 1];
    if (!other) return false;
    // Positions are rewritten densely, so equal positions (older rows) still move one step.
    const order = siblings.map((s) => s.id);
    order[at] = other.id;
    order[siblings.indexOf(other)] = slot.id;
    for (const [position, id] of order.entries()) {
      await tx.updateTable("assessment_slots").set({ position }).where("id", "=", id).execute();
    }
    return true;
  });
}
