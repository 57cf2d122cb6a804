// Lessons and their pages: the queries and writes of this feature. A page's snippets follow its body
// (syncSnippets): one row per runnable fence, by position, so a student's edit of the second snippet
// stays with the second snippet when the teacher fixes a typo in the first.
import type { Db } from "../../db/connection.ts";
import type { Lesson, LessonCompletion, LessonPage } from "../../db/tables/lessons.ts";
import { openToStudentSql } from "../targeting/assignees.ts";
import { attachLessonImages, type LessonImageRow } from "./images.ts";
import type { LessonDraft } from "./markdown-format.ts";
import { DEFAULT_VIDEO_HOSTS, snippetCodes } from "./render.ts";

export type { Lesson, LessonPage };

export interface LessonFields {
  title: string;
  description: string;
  published: boolean;
  starts_at: number | null;
  completion: LessonCompletion;
  remedial: boolean;
}

export function selectLesson(db: Db, id: number): Promise<Lesson | undefined> {
  return db.selectFrom("lessons").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectPages(db: Db, lessonId: number): Promise<LessonPage[]> {
  return db
    .selectFrom("lesson_pages")
    .selectAll()
    .where("lesson_id", "=", lessonId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** Whether a student sees the lesson at all (published, started); targeting is checked apart. */
export const isLive = (lesson: Lesson, now: number) =>
  lesson.published === 1 && (lesson.starts_at === null || lesson.starts_at <= now);

/** The section's lessons: all for its teachers; published, started and open to them for a student. */
export function lessonsOfSection(db: Db, sectionId: number, student: { id: number } | null, now: number) {
  let q = db.selectFrom("lessons").selectAll().where("lessons.section_id", "=", sectionId);
  if (student)
    q = q
      .where("lessons.published", "=", 1)
      .where((eb) => eb.or([eb("lessons.starts_at", "is", null), eb("lessons.starts_at", "<=", now)]))
      .where(openToStudentSql("lesson", student.id));
  return q.orderBy("lessons.id").execute();
}

/** When the next published lesson of the section starts (the section page's live list then grows). */
export async function nextLessonStart(db: Db, sectionId: number, now: number): Promise<number | null> {
  const row = await db
    .selectFrom("lessons")
    .select((eb) => eb.fn.min<number>("starts_at").as("next"))
    .where("section_id", "=", sectionId)
    .where("published", "=", 1)
    .where("starts_at", ">", now)
    .executeTakeFirst();
  return row?.next ?? null;
}

export async function insertLesson(db: Db, sectionId: number, f: LessonFields, now: number): Promise<Lesson> {
  return db
    .insertInto("lessons")
    .values({
      section_id: sectionId,
      title: f.title,
      description: f.description,
      published: f.published ? 1 : 0,
      starts_at: f.starts_at,
      completion: f.completion,
      remedial: f.remedial ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateLesson(db: Db, id: number, f: LessonFields, now: number): Promise<void> {
  await db
    .updateTable("lessons")
    .set({
      title: f.title,
      description: f.description,
      published: f.published ? 1 : 0,
      starts_at: f.starts_at,
      completion: f.completion,
      remedial: f.remedial ? 1 : 0,
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
}

/** Keeps a page's snippet rows in step with the runnable fences of its body. */
export async function syncSnippets(db: Db, pageId: number, body: string): Promise<void> {
  const codes = snippetCodes(body);
  await db
    .deleteFrom("lesson_snippets")
    .where("page_id", "=", pageId)
    .where("position", ">=", codes.length)
    .execute();
  for (const [position, code] of codes.entries()) {
    await db
      .insertInto("lesson_snippets")
      .values({ page_id: pageId, position, code })
      .onConflict((oc) => oc.columns(["page_id", "position"]).doUpdateSet({ code }))
      .execute();
  }
}

export async function insertPage(db: Db, lessonId: number, page: { title: string; body: string }) {
  const last = await db
    .selectFrom("lesson_pages")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("lesson_id", "=", lessonId)
    .executeTakeFirst();
  const row = await db
    .insertInto("lesson_pages")
    .values({ lesson_id: lessonId, position: (last?.max ?? -1) + 1, title: page.title, body: page.body })
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncSnippets(db, row.id, page.body);
  return row;
}

export async function updatePage(db: Db, pageId: number, page: { title: string; body: string }) {
  await db.updateTable("lesson_pages").set(page).where("id", "=", pageId).execute();
  await syncSnippets(db, pageId, page.body);
}

export async function touchLesson(db: Db, lessonId: number, now: number) {
  await db.updateTable("lessons").set({ updated_at: now }).where("id", "=", lessonId).execute();
}

/** Moves a page one place up or down; positions are renumbered 0..n-1 so they stay dense. */
export async function movePage(db: Db, lessonId: number, pageId: number, by: -1 | 1): Promise<void> {
  const pages = await selectPages(db, lessonId);
  const from = pages.findIndex((p) => p.id === pageId);
  const to = from + by;
  if (from < 0 || to < 0 || to >= pages.length) return;
  [pages[from], pages[to]] = [pages[to]!, pages[from]!];
  for (const [position, p] of pages.entries())
    await db.updateTable("lesson_pages").set({ position }).where("id", "=", p.id).execute();
}

/** Creates a lesson with its pages (an import), in one transaction. */
export async function createLessonFromDraft(
  db: Db,
  sectionId: number,
  draft: LessonDraft,
  fields: Omit<LessonFields, "title" | "description">,
  now: number,
  images?: DraftImages,
): Promise<Lesson> {
  return db.transaction().execute(async (trx) => {
    const made = await insertLesson(
      trx,
      sectionId,
      { ...fields, title: draft.title, description: draft.description },
      now,
    );
    // Image addresses name the lesson, so the texts are placed once its id is known.
    const place = (text: string) => (images ? images.place(text, made.id) : text);
    let lesson = made;
    if (images && place(draft.description) !== draft.description)
      lesson = await trx
        .updateTable("lessons")
        .set({ description: place(draft.description) })
        .where("id", "=", made.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    for (const page of draft.pages) await insertPage(trx, lesson.id, { ...page, body: place(page.body) });
    if (images) await attachLessonImages(trx, lesson.id, images.rows, images.userId, now);
    return lesson;
  });
}

/** The images an imported lesson brings (files already stored): rows to tie, and how texts point at them. */
export interface DraftImages {
  rows: LessonImageRow[];
  userId: number;
  place: (text: string, lessonId: number) => string;
}

export interface PageSnippet {
  id: number;
  position: number;
  original: string;
  code: string;
  edited: boolean;
}

/** A page's snippets with the viewer's own edits. */
export async function pageSnippets(db: Db, pageId: number, userId: number): Promise<PageSnippet[]> {
  const rows = await db
    .selectFrom("lesson_snippets as s")
    .leftJoin("lesson_snippet_edits as e", (j) =>
      j.onRef("e.snippet_id", "=", "s.id").on("e.user_id", "=", userId),
    )
    .select(["s.id", "s.position", "s.code as original", "e.code as edit"])
    .where("s.page_id", "=", pageId)
    .orderBy("s.position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    original: r.original,
    code: r.edit ?? r.original,
    edited: r.edit !== null,
  }));
}

/** The snippet, when it belongs to the lesson. */
export function snippetOfLesson(db: Db, lessonId: number, snippetId: number) {
  return db
    .selectFrom("lesson_snippets as s")
    .innerJoin("lesson_pages as p", "p.id", "s.page_id")
    .select(["s.id", "s.code", "s.page_id"])
    .where("s.id", "=", snippetId)
    .where("p.lesson_id", "=", lessonId)
    .executeTakeFirst();
}

export async function saveSnippetEdit(db: Db, snippetId: number, userId: number, code: string, now: number) {
  await db
    .insertInto("lesson_snippet_edits")
    .values({ snippet_id: snippetId, user_id: userId, code, updated_at: now })
    .onConflict((oc) => oc.columns(["snippet_id", "user_id"]).doUpdateSet({ code, updated_at: now }))
    .execute();
}

export async function resetSnippetEdit(db: Db, snippetId: number, userId: number) {
  await db
    .deleteFrom("lesson_snippet_edits")
    .where("snippet_id", "=", snippetId)
    .where("user_id", "=", userId)
    .execute();
}

export async function videoHosts(db: Db, sectionId: number): Promise<string[]> {
  const row = await db
    .selectFrom("lesson_video_hosts")
    .select("hosts")
    .where("section_id", "=", sectionId)
    .executeTakeFirst();
  return row ? row.hosts.split("\n").filter(Boolean) : [...DEFAULT_VIDEO_HOSTS];
}

export async function saveVideoHosts(db: Db, sectionId: number, hosts: readonly string[], now: number) {
  await db
    .insertInto("lesson_video_hosts")
    .values({ section_id: sectionId, hosts: hosts.join("\n"), updated_at: now })
    .onConflict((oc) => oc.column("section_id").doUpdateSet({ hosts: hosts.join("\n"), updated_at: now }))
    .execute();
}
