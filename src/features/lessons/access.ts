// Who may see or manage a lesson. Built on section access; anything someone may not see answers 404,
// as if it did not exist (task-access does the same): a student of another section, a student not
// assigned to a remedial lesson, a draft or a lesson that has not started, another teacher's lesson.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import type { Section } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { sectionToTeach, sectionToView } from "../../http/section-access.ts";
import { openToStudent } from "../targeting/assignees.ts";
import { isLive, type Lesson, selectLesson } from "./lessons.ts";

const notFound = () => new HTTPException(404, { message: "There is no such lesson, or you cannot see it." });

export async function lessonToTeach(
  c: Context<AppEnv>,
  id: number,
): Promise<{ lesson: Lesson; section: Section }> {
  const lesson = await selectLesson(c.var.ctx.db, id);
  if (!lesson) throw notFound();
  const section = await sectionToTeach(c, lesson.section_id).catch(() => {
    throw notFound();
  });
  return { lesson, section };
}

export async function lessonToView(
  c: Context<AppEnv>,
  id: number,
): Promise<{ lesson: Lesson; section: Section; teaches: boolean }> {
  const { db, clock } = c.var.ctx;
  const lesson = await selectLesson(db, id);
  if (!lesson) throw notFound();
  const { section, teaches } = await sectionToView(c, lesson.section_id).catch(() => {
    throw notFound();
  });
  if (!teaches) {
    if (!isLive(lesson, clock.now())) throw notFound();
    if (!(await openToStudent(db, "lesson", lesson, currentUser(c).id))) throw notFound();
  }
  return { lesson, section, teaches };
}
