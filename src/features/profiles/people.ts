// Who may act for whom: admins for anyone but themselves; a teacher for the students of sections
// they teach. Used by reset links and by who may see whose profile.
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";

/** A section both teaches (teacherId) and has the student enrolled, or undefined. */
export async function sharedSection(ctx: AppContext, teacherId: number, studentId: number) {
  return ctx.db
    .selectFrom("section_teachers")
    .innerJoin("enrollments", "enrollments.section_id", "section_teachers.section_id")
    .select("section_teachers.section_id as id")
    .where("section_teachers.user_id", "=", teacherId)
    .where("enrollments.user_id", "=", studentId)
    .executeTakeFirst();
}

/** Where to go back to after handing over a reset link, or null when `me` may not. */
export async function mayHandOverReset(
  ctx: AppContext,
  me: User,
  target: User,
): Promise<{ back: string } | null> {
  if (me.id === target.id) return null;
  if (me.role === "admin") return { back: `/admin/users/${target.id}` };
  if (me.role !== "teacher" || target.role !== "student") return null;
  const section = await sharedSection(ctx, me.id, target.id);
  return section ? { back: `/sections/${section.id}` } : null;
}
