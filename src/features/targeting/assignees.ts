// Remedial targeting: a task, lesson or assessment marked remedial is for the students assigned to it
// and nobody else in the section. Every check and every list asks this module, so the rule lives in
// one place: teachers of the section always see the item; a student sees it when it is not remedial
// or when they are one of its assignees.
import { type SqlBool, sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { RemedialKind } from "../../db/tables/targeting.ts";
import { targetingError } from "./form.ts";

export type { RemedialKind };

/** The tables whose rows can be remedial, by kind (each has `id` and `remedial` columns). */
const TABLES = { task: "tasks", lesson: "lessons", assessment: "assessments" } as const;

export async function isAssigned(
  db: Db,
  kind: RemedialKind,
  itemId: number,
  userId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom("remedial_assignees")
    .select("user_id")
    .where("item_type", "=", kind)
    .where("item_id", "=", itemId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a student may see an item: not remedial, or assigned to them. */
export async function openToStudent(
  db: Db,
  kind: RemedialKind,
  item: { id: number; remedial: number },
  userId: number,
): Promise<boolean> {
  return item.remedial === 0 || isAssigned(db, kind, item.id, userId);
}

/**
 * A where-clause for lists a student sees: rows of `kind`'s table that are not remedial or are
 * assigned to `userId`. Use as `.where(openToStudentSql("task", userId))` on a query over `tasks`;
 * `alias` names the table when a raw query calls it something else (`FROM tasks t`: "t").
 */
export function openToStudentSql(kind: RemedialKind, userId: number, alias?: string) {
  const table = alias ?? TABLES[kind];
  return sql<SqlBool>`(${sql.ref(`${table}.remedial`)} = 0 OR EXISTS (SELECT 1 FROM remedial_assignees ra WHERE ra.item_type = ${kind} AND ra.item_id = ${sql.ref(`${table}.id`)} AND ra.user_id = ${userId}))`;
}

/** A where-clause that leaves remedial rows out (class dashboards and analytics by default). */
export function notRemedialSql(kind: RemedialKind, alias?: string) {
  return sql<SqlBool>`${sql.ref(`${alias ?? TABLES[kind]}.remedial`)} = 0`;
}

export async function assigneeIds(db: Db, kind: RemedialKind, itemId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("remedial_assignees")
    .select("user_id")
    .where("item_type", "=", kind)
    .where("item_id", "=", itemId)
    .orderBy("user_id")
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Replaces an item's assignees with those of `userIds` who are enrolled in the section (anyone else
 * is dropped: a forged id cannot target a stranger). Returns how many were assigned. Run it in the
 * transaction that saves the item.
 */
export async function setAssignees(
  db: Db,
  kind: RemedialKind,
  itemId: number,
  sectionId: number,
  userIds: readonly number[],
): Promise<number> {
  await db
    .deleteFrom("remedial_assignees")
    .where("item_type", "=", kind)
    .where("item_id", "=", itemId)
    .execute();
  if (userIds.length === 0) return 0;
  const enrolled = await db
    .selectFrom("enrollments")
    .select("user_id")
    .where("section_id", "=", sectionId)
    .where("user_id", "in", [...new Set(userIds)])
    .execute();
  if (enrolled.length === 0) return 0;
  await db
    .insertInto("remedial_assignees")
    .values(enrolled.map((e) => ({ item_type: kind, item_id: itemId, user_id: e.user_id })))
    .execute();
  return enrolled.length;
}

/**
 * Copies an item's assignees to its clone in `sectionId` (cloning "with targeting kept"); students
 * not enrolled there are dropped. Returns how many were kept.
 */
export async function copyAssignees(
  db: Db,
  kind: RemedialKind,
  fromId: number,
  toId: number,
  sectionId: number,
): Promise<number> {
  return setAssignees(db, kind, toId, sectionId, await assigneeIds(db, kind, fromId));
}

/**
 * Ends a student's assignments to the remedial work of a section, when they leave it: otherwise
 * joining again would silently give back work the teacher's picker no longer showed them.
 */
export async function dropSectionAssignments(db: Db, sectionId: number, userId: number): Promise<void> {
  await sql`DELETE FROM remedial_assignees WHERE user_id = ${userId} AND (
      (item_type = 'task' AND item_id IN (SELECT id FROM tasks WHERE section_id = ${sectionId}))
      OR (item_type = 'lesson' AND item_id IN (SELECT id FROM lessons WHERE section_id = ${sectionId}))
      OR (item_type = 'assessment' AND item_id IN (SELECT id FROM assessments WHERE section_id = ${sectionId})))`.execute(
    db,
  );
}

/** How many of `userIds` are enrolled in the section (checked before saving a remedial item). */
export async function enrolledCount(db: Db, sectionId: number, userIds: readonly number[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const row = await db
    .selectFrom("enrollments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("section_id", "=", sectionId)
    .where("user_id", "in", [...new Set(userIds)])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The section's students for the picker, by name. */
export function targetStudents(db: Db, sectionId: number) {
  return db
    .selectFrom("enrollments")
    .innerJoin("users", "users.id", "enrollments.user_id")
    .select(["users.id", "users.display_name", "users.username"])
    .where("enrollments.section_id", "=", sectionId)
    .orderBy("users.display_name")
    .orderBy("users.id")
    .execute();
}

/** Per item id: how many students a remedial item of `kind` is assigned to (for the teacher's badges). */
export async function assigneeCounts(
  db: Db,
  kind: RemedialKind,
  itemIds: readonly number[],
): Promise<Map<number, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("remedial_assignees")
    .select((eb) => ["item_id", eb.fn.countAll<number>().as("n")])
    .where("item_type", "=", kind)
    .where("item_id", "in", [...itemIds])
    .groupBy("item_id")
    .execute();
  return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
}

/**
 * Saves an item's targeting in the transaction that saves the item: the remedial flag's assignees
 * (none when it is not remedial). Call checkTargeting first so a remedial item always has students.
 */
export async function saveTargeting(
  db: Db,
  kind: RemedialKind,
  itemId: number,
  sectionId: number,
  t: { remedial: boolean; assignees: readonly number[] },
): Promise<number> {
  return setAssignees(db, kind, itemId, sectionId, t.remedial ? t.assignees : []);
}

/** The form's message when a remedial item would have no enrolled students, else undefined. */
export async function checkTargeting(
  db: Db,
  sectionId: number,
  t: { remedial: boolean; assignees: readonly number[] },
): Promise<string | undefined> {
  if (!t.remedial) return undefined;
  return targetingError(
    { ...t, assignees: [...t.assignees] },
    await enrolledCount(db, sectionId, t.assignees),
  );
}
