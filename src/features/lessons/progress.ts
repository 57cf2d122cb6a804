// Page completions: a student marks a page complete (or reaching its end does, when the lesson says
// so); progress is completed pages over pages. Teachers read it per student and per page.
import type { Db } from "../../db/connection.ts";
import { notRemedialSql } from "../targeting/assignees.ts";

export async function completePage(db: Db, pageId: number, userId: number, now: number): Promise<void> {
  await db
    .insertInto("lesson_page_completions")
    .values({ page_id: pageId, user_id: userId, completed_at: now })
    .onConflict((oc) => oc.columns(["page_id", "user_id"]).doNothing())
    .execute();
}

export async function uncompletePage(db: Db, pageId: number, userId: number): Promise<void> {
  await db
    .deleteFrom("lesson_page_completions")
    .where("page_id", "=", pageId)
    .where("user_id", "=", userId)
    .execute();
}

/** The ids of the lesson's pages the user completed. */
export async function completedPages(db: Db, lessonId: number, userId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom("lesson_page_completions as c")
    .innerJoin("lesson_pages as p", "p.id", "c.page_id")
    .select("c.page_id")
    .where("p.lesson_id", "=", lessonId)
    .where("c.user_id", "=", userId)
    .execute();
  return new Set(rows.map((r) => r.page_id));
}

export interface Progress {
  done: number;
  total: number;
}

/** Per lesson: how many pages it has and how many the user completed. */
export async function progressByLesson(
  db: Db,
  lessonIds: readonly number[],
  userId: number,
): Promise<Map<number, Progress>> {
  const map = new Map<number, Progress>();
  if (lessonIds.length === 0) return map;
  const rows = await db
    .selectFrom("lesson_pages as p")
    .leftJoin("lesson_page_completions as c", (j) =>
      j.onRef("c.page_id", "=", "p.id").on("c.user_id", "=", userId),
    )
    .select((eb) => [
      "p.lesson_id",
      eb.fn.countAll<number>().as("total"),
      eb.fn.count<number>("c.page_id").as("done"),
    ])
    .where("p.lesson_id", "in", [...lessonIds])
    .groupBy("p.lesson_id")
    .execute();
  for (const id of lessonIds) map.set(id, { done: 0, total: 0 });
  for (const r of rows) map.set(r.lesson_id, { done: Number(r.done), total: Number(r.total) });
  return map;
}

export interface LessonResults {
  pages: { id: number; title: string; done: number }[];
  students: { id: number; display_name: string; username: string; done: Set<number> }[];
}

/**
 * Completion of one lesson, per student and per page. The students are those who see the lesson:
 * the section's, or only the assigned ones for a remedial lesson.
 */
export async function lessonResults(
  db: Db,
  lesson: { id: number; section_id: number; remedial: number },
  pages: readonly { id: number; title: string }[],
): Promise<LessonResults> {
  let q = db
    .selectFrom("enrollments as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select(["u.id", "u.display_name", "u.username"])
    .where("e.section_id", "=", lesson.section_id);
  if (lesson.remedial)
    q = q.where("u.id", "in", (eb) =>
      eb
        .selectFrom("remedial_assignees")
        .select("user_id")
        .where("item_type", "=", "lesson")
        .where("item_id", "=", lesson.id),
    );
  const students = await q.orderBy("u.display_name").orderBy("u.username").execute();
  const done =
    pages.length === 0
      ? []
      : await db
          .selectFrom("lesson_page_completions")
          .select(["page_id", "user_id"])
          .where(
            "page_id",
            "in",
            pages.map((p) => p.id),
          )
          .execute();
  const byUser = new Map<number, Set<number>>();
  for (const d of done) {
    const set = byUser.get(d.user_id) ?? new Set<number>();
    set.add(d.page_id);
    byUser.set(d.user_id, set);
  }
  const ids = new Set(students.map((s) => s.id));
  return {
    pages: pages.map((p) => ({
      id: p.id,
      title: p.title,
      done: done.filter((d) => d.page_id === p.id && ids.has(d.user_id)).length,
    })),
    students: students.map((s) => ({ ...s, done: byUser.get(s.id) ?? new Set() })),
  };
}

export interface DashboardLesson {
  id: number;
  title: string;
  remedial: number;
  pages: number;
  /** Students of the section who completed every page, and who started (at least one page). */
  finished: number;
  started: number;
}

/** Every lesson of a section with how far its students got; remedial ones only when asked. */
export async function sectionLessonCompletion(
  db: Db,
  sectionId: number,
  includeRemedial: boolean,
): Promise<{ lessons: DashboardLesson[]; students: number }> {
  let q = db
    .selectFrom("lessons")
    .select(["lessons.id", "lessons.title", "lessons.remedial"])
    .where("lessons.section_id", "=", sectionId)
    .where("lessons.published", "=", 1);
  if (!includeRemedial) q = q.where(notRemedialSql("lesson"));
  const lessons = await q.orderBy("lessons.id").execute();
  const students = await db
    .selectFrom("enrollments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("section_id", "=", sectionId)
    .executeTakeFirst();
  const out: DashboardLesson[] = [];
  for (const l of lessons) {
    const pages = await db
      .selectFrom("lesson_pages")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("lesson_id", "=", l.id)
      .executeTakeFirst();
    const perStudent = await db
      .selectFrom("lesson_page_completions as c")
      .innerJoin("lesson_pages as p", "p.id", "c.page_id")
      .innerJoin("enrollments as e", (j) =>
        j.onRef("e.user_id", "=", "c.user_id").on("e.section_id", "=", sectionId),
      )
      .select((eb) => ["c.user_id", eb.fn.countAll<number>().as("n")])
      .where("p.lesson_id", "=", l.id)
      .groupBy("c.user_id")
      .execute();
    const total = Number(pages?.n ?? 0);
    out.push({
      ...l,
      pages: total,
      started: perStudent.length,
      finished: perStudent.filter((s) => total > 0 && Number(s.n) >= total).length,
    });
  }
  return { lessons: out, students: Number(students?.n ?? 0) };
}
