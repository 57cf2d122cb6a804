// Question banks: a teacher's own banks and those shared with a section they teach; nested categories;
// questions whose every edit adds a version. Imports store everything in one transaction or nothing.
import type { Db } from "../../db/connection.ts";
import type { User } from "../../db/schema.ts";
import type { QuestionBank, QuestionCategory, QuestionVersion } from "../../db/tables/assessments.ts";
import type { ImportedItem, ImportedQuestion } from "./formats/types.ts";
import { versionColumns } from "./question.ts";

/** The bank, when this user may use it: its owner, an admin, or a teacher of a section it is shared with. */
export async function bankFor(db: Db, bankId: number, user: User): Promise<QuestionBank | undefined> {
  const bank = await db.selectFrom("question_banks").selectAll().where("id", "=", bankId).executeTakeFirst();
  if (!bank) return undefined;
  if (bank.owner_id === user.id || user.role === "admin") return bank;
  if (user.role !== "teacher") return undefined;
  const shared = await db
    .selectFrom("question_bank_sections as s")
    .innerJoin("section_teachers as t", "t.section_id", "s.section_id")
    .select("s.bank_id")
    .where("s.bank_id", "=", bankId)
    .where("t.user_id", "=", user.id)
    .executeTakeFirst();
  return shared ? bank : undefined;
}

export interface BankRow extends QuestionBank {
  owner_name: string;
  questions: number;
}

/** Banks the user may use: own first, then shared ones. */
export async function banksFor(db: Db, user: User): Promise<BankRow[]> {
  const rows = await db
    .selectFrom("question_banks as b")
    .innerJoin("users as u", "u.id", "b.owner_id")
    .selectAll("b")
    .select("u.display_name as owner_name")
    .select((eb) =>
      eb
        .selectFrom("questions as q")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("q.bank_id", "=", "b.id")
        .where("q.hidden_at", "is", null)
        .as("questions"),
    )
    .where((eb) =>
      eb.or([
        eb("b.owner_id", "=", user.id),
        eb(
          "b.id",
          "in",
          eb
            .selectFrom("question_bank_sections as s")
            .innerJoin("section_teachers as t", "t.section_id", "s.section_id")
            .select("s.bank_id")
            .where("t.user_id", "=", user.id),
        ),
      ]),
    )
    .orderBy("b.name")
    .execute();
  return rows
    .map((r) => ({ ...r, questions: Number(r.questions) }))
    .sort((a, b) => Number(b.owner_id === user.id) - Number(a.owner_id === user.id));
}

export async function createBank(db: Db, ownerId: number, name: string, now: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const bank = await tx
      .insertInto("question_banks")
      .values({ owner_id: ownerId, name, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("question_categories")
      .values({ bank_id: bank.id, parent_id: null, name: "Default", created_at: now })
      .execute();
    return bank.id;
  });
}

export function categoriesOf(db: Db, bankId: number): Promise<QuestionCategory[]> {
  return db
    .selectFrom("question_categories")
    .selectAll()
    .where("bank_id", "=", bankId)
    .orderBy("id")
    .execute();
}

export interface CategoryNode extends QuestionCategory {
  depth: number;
  path: string;
}

/** Categories in tree order (a parent before its children), each with its depth and full path. */
export function categoryTree(categories: readonly QuestionCategory[]): CategoryNode[] {
  const children = new Map<number | null, QuestionCategory[]>();
  for (const c of categories) {
    const list = children.get(c.parent_id) ?? [];
    list.push(c);
    children.set(c.parent_id, list);
  }
  const out: CategoryNode[] = [];
  const walk = (parent: number | null, depth: number, prefix: string) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = prefix ? `${prefix}/${c.name}` : c.name;
      out.push({ ...c, depth, path });
      walk(c.id, depth + 1, path);
    }
  };
  walk(null, 0, "");
  return out;
}

/** A category and all below it. */
export function descendantsOf(categories: readonly QuestionCategory[], id: number): number[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    for (const c of categories) if (c.parent_id === out[i]) out.push(c.id);
  }
  return out;
}

/** The category at "a/b/c" under the bank's roots, created where missing. */
async function categoryAt(tx: Db, bankId: number, path: string, now: number): Promise<number> {
  // Moodle writes "$course$/top/Name" or "$system$/..."; Slate's banks have no contexts.
  const parts = path
    .replace(/^\$[a-z]+\$\/?/, "")
    .split("/")
    .map((p) => p.trim())
    .filter((p) => p && p !== "top");
  let parent: number | null = null;
  if (parts.length === 0) parts.push("Default");
  for (const name of parts) {
    const found: { id: number } | undefined = await tx
      .selectFrom("question_categories")
      .select("id")
      .where("bank_id", "=", bankId)
      .where("name", "=", name)
      .where((eb) => (parent === null ? eb("parent_id", "is", null) : eb("parent_id", "=", parent)))
      .executeTakeFirst();
    parent =
      found?.id ??
      (
        await tx
          .insertInto("question_categories")
          .values({ bank_id: bankId, parent_id: parent, name: name.slice(0, 120), created_at: now })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
  }
  return parent as number;
}

export async function createCategory(
  db: Db,
  bankId: number,
  parentId: number | null,
  name: string,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto("question_categories")
    .values({ bank_id: bankId, parent_id: parentId, name, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertQuestion(
  tx: Db,
  bankId: number,
  categoryId: number,
  q: ImportedQuestion,
  userId: number,
  now: number,
): Promise<number> {
  const question = await tx
    .insertInto("questions")
    .values({
      bank_id: bankId,
      category_id: categoryId,
      current_version_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await tx
    .insertInto("question_versions")
    .values({
      question_id: question.id,
      version: 1,
      ...versionColumns(q),
      created_by: userId,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .updateTable("questions")
    .set({ current_version_id: version.id })
    .where("id", "=", question.id)
    .execute();
  return question.id;
}

export function createQuestion(
  db: Db,
  bankId: number,
  categoryId: number,
  q: ImportedQuestion,
  userId: number,
  now: number,
): Promise<number> {
  return db.transaction().execute((tx) => insertQuestion(tx, bankId, categoryId, q, userId, now));
}

/** An edit: a new version becomes current; attempts keep pointing at the version they were taken with. */
export async function reviseQuestion(
  db: Db,
  questionId: number,
  q: ImportedQuestion,
  categoryId: number,
  userId: number,
  now: number,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const last = await tx
      .selectFrom("question_versions")
      .select((eb) => eb.fn.max("version").as("v"))
      .where("question_id", "=", questionId)
      .executeTakeFirstOrThrow();
    const version = await tx
      .insertInto("question_versions")
      .values({
        question_id: questionId,
        version: Number(last.v ?? 0) + 1,
        ...versionColumns(q),
        created_by: userId,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .updateTable("questions")
      .set({ current_version_id: version.id, category_id: categoryId, updated_at: now })
      .where("id", "=", questionId)
      .execute();
    return version.id;
  });
}

/** Stores an import: categories from `$CATEGORY:` lines (under the bank), questions into the current one. */
export async function importItems(
  db: Db,
  bankId: number,
  startCategoryId: number,
  items: readonly ImportedItem[],
  userId: number,
  now: number,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    let category = startCategoryId;
    let created = 0;
    for (const item of items) {
      if (item.qtype === "category") category = await categoryAt(tx, bankId, item.category, now);
      else {
        await insertQuestion(tx, bankId, category, item, userId, now);
        created++;
      }
    }
    await tx.updateTable("question_banks").set({ updated_at: now }).where("id", "=", bankId).execute();
    return created;
  });
}

export interface QuestionRow {
  id: number;
  category_id: number;
  version: QuestionVersion;
}

/** The bank's questions with their current versions. */
export async function questionsOf(db: Db, bankId: number): Promise<QuestionRow[]> {
  const rows = await db
    .selectFrom("questions as q")
    .innerJoin("question_versions as v", "v.id", "q.current_version_id")
    .selectAll("v")
    .select(["q.id as qid", "q.category_id"])
    .where("q.bank_id", "=", bankId)
    .where("q.hidden_at", "is", null)
    .orderBy("v.name")
    .execute();
  return rows.map(({ qid, category_id, ...version }) => ({ id: qid, category_id, version }));
}

export async function questionWithBank(db: Db, questionId: number) {
  return db.selectFrom("questions").selectAll().where("id", "=", questionId).executeTakeFirst();
}

export function versionsOf(db: Db, questionId: number) {
  return db
    .selectFrom("question_versions as v")
    .leftJoin("users as u", "u.id", "v.created_by")
    .selectAll("v")
    .select("u.display_name as author")
    .where("v.question_id", "=", questionId)
    .orderBy("v.version", "desc")
    .execute();
}

export function selectVersion(db: Db, id: number) {
  return db.selectFrom("question_versions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Sections the bank is shared with, and those its owner teaches (to offer). */
export async function sharing(db: Db, bankId: number, ownerId: number) {
  const [shared, teaching] = await Promise.all([
    db.selectFrom("question_bank_sections").select("section_id").where("bank_id", "=", bankId).execute(),
    db
      .selectFrom("sections as s")
      .innerJoin("section_teachers as t", "t.section_id", "s.id")
      .select(["s.id", "s.name"])
      .where("t.user_id", "=", ownerId)
      .where("s.archived_at", "is", null)
      .orderBy("s.name")
      .execute(),
  ]);
  return { shared: new Set(shared.map((s) => s.section_id)), teaching };
}

export async function setSharing(db: Db, bankId: number, sectionIds: number[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("question_bank_sections").where("bank_id", "=", bankId).execute();
    if (sectionIds.length > 0) {
      await tx
        .insertInto("question_bank_sections")
        .values(sectionIds.map((section_id) => ({ bank_id: bankId, section_id })))
        .execute();
    }
  });
}
