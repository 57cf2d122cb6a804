import type { Db } from "../db/connection.ts";
import type { NewSection, Section, SectionUpdate, User } from "../db/schema.ts";
import { dropSectionAssignments } from "../features/targeting/assignees.ts";

export function selectOptionalSection(db: Db, id: number): Promise<Section | undefined> {
  return db.selectFrom("sections").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectOptionalSectionByCode(db: Db, code: string): Promise<Section | undefined> {
  return db.selectFrom("sections").selectAll().where("enroll_code", "=", code).executeTakeFirst();
}

export async function insertSection(
  db: Db,
  section: NewSection,
  ownerId: number,
  now: number,
): Promise<Section> {
  return db.transaction().execute(async (tx) => {
    const created = await tx.insertInto("sections").values(section).returningAll().executeTakeFirstOrThrow();
    await tx
      .insertInto("section_teachers")
      .values({ section_id: created.id, user_id: ownerId, role: "owner", added_at: now })
      .execute();
    return created;
  });
}

export async function updateSection(db: Db, id: number, changes: SectionUpdate): Promise<void> {
  await db.updateTable("sections").set(changes).where("id", "=", id).execute();
}

export interface SectionSummary extends Section {
  student_count: number;
}

/** Sections a teacher owns or co-teaches; every section for an admin. */
export function selectTeachingSections(
  db: Db,
  user: User,
  includeArchived: boolean,
): Promise<SectionSummary[]> {
  let q = db
    .selectFrom("sections")
    .selectAll("sections")
    .select((eb) =>
      eb
        .selectFrom("enrollments")
        .whereRef("enrollments.section_id", "=", "sections.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("student_count"),
    )
    .orderBy("sections.archived_at")
    .orderBy("sections.created_at", "desc");
  if (user.role !== "admin") {
    q = q.where(
      "sections.id",
      "in",
      db.selectFrom("section_teachers").select("section_id").where("user_id", "=", user.id),
    );
  }
  if (!includeArchived) q = q.where("sections.archived_at", "is", null);
  return q.execute() as Promise<SectionSummary[]>;
}

/** Live (not archived) sections a student is enrolled in. */
export function selectStudentSections(db: Db, userId: number): Promise<Section[]> {
  return db
    .selectFrom("sections")
    .innerJoin("enrollments", "enrollments.section_id", "sections.id")
    .selectAll("sections")
    .where("enrollments.user_id", "=", userId)
    .where("sections.archived_at", "is", null)
    .orderBy("sections.name")
    .execute();
}

export async function isSectionTeacher(db: Db, sectionId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("section_teachers")
    .select("user_id")
    .where("section_id", "=", sectionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function isEnrolled(db: Db, sectionId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("enrollments")
    .select("user_id")
    .where("section_id", "=", sectionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface RosterRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  active: number;
  enrolled_at: number;
}

/** A section's students by name (one student when userId is given). */
export function selectRoster(db: Db, sectionId: number, userId?: number): Promise<RosterRow[]> {
  let q = db
    .selectFrom("enrollments")
    .innerJoin("users", "users.id", "enrollments.user_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name",
      "users.email",
      "users.active",
      "enrollments.enrolled_at",
    ])
    .where("enrollments.section_id", "=", sectionId)
    .orderBy("users.display_name")
    .orderBy("users.id");
  if (userId !== undefined) q = q.where("users.id", "=", userId);
  return q.execute();
}

export interface SectionTeacherRow {
  id: number;
  username: string;
  display_name: string;
  role: "owner" | "co";
}

export function selectSectionTeachers(db: Db, sectionId: number): Promise<SectionTeacherRow[]> {
  return db
    .selectFrom("section_teachers")
    .innerJoin("users", "users.id", "section_teachers.user_id")
    .select(["users.id", "users.username", "users.display_name", "section_teachers.role"])
    .where("section_teachers.section_id", "=", sectionId)
    .orderBy("section_teachers.role", "desc")
    .orderBy("users.display_name")
    .execute();
}

/** Enrolls once; enrolling again changes nothing. */
export async function insertEnrollment(
  db: Db,
  sectionId: number,
  userId: number,
  now: number,
): Promise<void> {
  await db
    .insertInto("enrollments")
    .values({ section_id: sectionId, user_id: userId, enrolled_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteEnrollment(db: Db, sectionId: number, userId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .deleteFrom("enrollments")
      .where("section_id", "=", sectionId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (r.numDeletedRows === 0n) return false;
    await dropSectionAssignments(tx, sectionId, userId); // their remedial work there ends with it
    return true;
  });
}

export async function insertCoTeacher(db: Db, sectionId: number, userId: number, now: number): Promise<void> {
  await db
    .insertInto("section_teachers")
    .values({ section_id: sectionId, user_id: userId, role: "co", added_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteCoTeacher(db: Db, sectionId: number, userId: number): Promise<void> {
  await db
    .deleteFrom("section_teachers")
    .where("section_id", "=", sectionId)
    .where("user_id", "=", userId)
    .where("role", "=", "co")
    .execute();
}
