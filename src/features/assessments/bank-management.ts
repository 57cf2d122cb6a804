// Renaming and deleting banks and categories, moving and deleting questions. Nothing an attempt or
// an assessment depends on disappears: a bank or category still holding questions (or a random
// block) is refused with the reason; a question that attempts used is hidden, not deleted, since
// attempts keep pointing at its versions; one an assessment still lists must be taken out there first.
import type { Db } from "../../db/connection.ts";
import { descendantsOf } from "./banks.ts";

export class BankRefused extends Error {}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function renameBank(db: Db, bankId: number, name: string, now: number): Promise<void> {
  await db.updateTable("question_banks").set({ name, updated_at: now }).where("id", "=", bankId).execute();
}

async function countQuestions(db: Db, column: "bank_id" | "category_id", id: number): Promise<number> {
  const row = await db
    .selectFrom("questions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(column, "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes an empty bank (its categories, images and sharing go with it). */
export async function deleteBank(db: Db, bankId: number): Promise<void> {
  const n = await countQuestions(db, "bank_id", bankId);
  if (n > 0)
    throw new BankRefused(
      `This bank still holds ${plural(n, "question", "questions")} (hidden ones included, kept for past attempts). Delete or move them first.`,
    );
  await db.deleteFrom("question_banks").where("id", "=", bankId).execute();
}

export async function renameCategory(db: Db, categoryId: number, name: string): Promise<void> {
  await db.updateTable("question_categories").set({ name }).where("id", "=", categoryId).execute();
}

/** Titles of assessments with a random block drawing from one of these categories. */
async function assessmentsDrawingFrom(db: Db, categoryIds: number[]): Promise<string[]> {
  const rows = await db
    .selectFrom("assessment_slots as s")
    .innerJoin("assessments as a", "a.id", "s.assessment_id")
    .select("a.title")
    .distinct()
    .where("s.category_id", "in", categoryIds)
    .execute();
  return rows.map((r) => r.title);
}

/** Deletes an empty category without subcategories; a bank keeps at least one category. */
export async function deleteCategory(db: Db, bankId: number, categoryId: number): Promise<void> {
  const all = await db.selectFrom("question_categories").selectAll().where("bank_id", "=", bankId).execute();
  if (all.length <= 1) throw new BankRefused("A bank needs at least one category; this is its last.");
  if (descendantsOf(all, categoryId).length > 1)
    throw new BankRefused("This category has subcategories. Delete or empty them first.");
  const n = await countQuestions(db, "category_id", categoryId);
  if (n > 0)
    throw new BankRefused(
      `This category still holds ${plural(n, "question", "questions")} (hidden ones included, kept for past attempts). Move or delete them first.`,
    );
  const drawing = await assessmentsDrawingFrom(db, [categoryId]);
  if (drawing.length > 0)
    throw new BankRefused(
      `A random block of ${drawing.join(", ")} draws from this category. Remove it there first.`,
    );
  await db.deleteFrom("question_categories").where("id", "=", categoryId).execute();
}

export async function moveQuestion(
  db: Db,
  questionId: number,
  categoryId: number,
  now: number,
): Promise<void> {
  await db
    .updateTable("questions")
    .set({ category_id: categoryId, updated_at: now })
    .where("id", "=", questionId)
    .execute();
}

/**
 * Deletes a question no attempt used; hides one that attempts used (their versions must stay).
 * Refused while an assessment lists it: removing it there is the teacher's decision, not a side effect.
 */
export async function removeQuestion(db: Db, questionId: number, now: number): Promise<"deleted" | "hidden"> {
  const listed = await db
    .selectFrom("assessment_slots as s")
    .innerJoin("assessments as a", "a.id", "s.assessment_id")
    .select("a.title")
    .distinct()
    .where("s.question_id", "=", questionId)
    .execute();
  if (listed.length > 0)
    throw new BankRefused(
      `${listed.map((r) => r.title).join(", ")} still ${listed.length === 1 ? "lists" : "list"} this question. Remove it there first.`,
    );
  const used = await db
    .selectFrom("attempt_items as i")
    .innerJoin("question_versions as v", "v.id", "i.version_id")
    .select("i.id")
    .where("v.question_id", "=", questionId)
    .limit(1)
    .executeTakeFirst();
  if (used) {
    await db.updateTable("questions").set({ hidden_at: now }).where("id", "=", questionId).execute();
    return "hidden";
  }
  await db.deleteFrom("questions").where("id", "=", questionId).execute();
  return "deleted";
}
