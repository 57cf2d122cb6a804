// Cloning lessons: one lesson (pages, snippets, images) into a section the teacher teaches, or every
// lesson of a section into another (the bulk section clone calls cloneSectionLessons). Targeting is
// cleared or kept; kept assignees not enrolled in the target section are dropped (copyAssignees).
// Students' snippet edits and completions are theirs, not the lesson's: they are never copied.
import { type Db, inTransaction } from "../../db/connection.ts";
import { copyAssignees } from "../targeting/assignees.ts";
import { insertPage, type Lesson, selectLesson, selectPages } from "./lessons.ts";

export interface CloneOptions {
  keepTargeting: boolean;
  /** A new title (the single-lesson clone form); default: the same title. */
  title?: string;
  /** Start the clone as a draft (default: keep the original's state). */
  draft?: boolean;
}

/** Image addresses name their lesson: the clone's pages point at the clone's copies. */
const rebaseImages = (body: string, from: number, to: number) =>
  body.replaceAll(`/lessons/${from}/images/`, `/lessons/${to}/images/`);

/** Copies one lesson into `toSectionId`; run it inside a transaction (cloneLesson does). */
async function copyLesson(
  db: Db,
  source: Lesson,
  toSectionId: number,
  options: CloneOptions,
  now: number,
): Promise<Lesson> {
  const keep = options.keepTargeting && source.remedial === 1;
  const lesson = await db
    .insertInto("lessons")
    .values({
      section_id: toSectionId,
      title: options.title ?? source.title,
      description: source.description,
      published: options.draft ? 0 : source.published,
      starts_at: source.starts_at,
      completion: source.completion,
      remedial: keep ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const page of await selectPages(db, source.id))
    await insertPage(db, lesson.id, {
      title: page.title,
      body: rebaseImages(page.body, source.id, lesson.id),
    });
  const images = await db
    .selectFrom("lesson_images")
    .selectAll()
    .where("lesson_id", "=", source.id)
    .execute();
  if (images.length > 0)
    await db
      .insertInto("lesson_images")
      .values(images.map(({ id: _id, lesson_id: _l, ...img }) => ({ ...img, lesson_id: lesson.id })))
      .execute();
  if (keep) {
    const kept = await copyAssignees(db, "lesson", source.id, lesson.id, toSectionId);
    // Nobody of the target section was assigned: a remedial lesson for no one would be invisible.
    if (kept === 0)
      await db
        .updateTable("lessons")
        .set({ remedial: 0, published: 0 })
        .where("id", "=", lesson.id)
        .execute();
  }
  return (await selectLesson(db, lesson.id))!;
}

export function cloneLesson(
  db: Db,
  lessonId: number,
  toSectionId: number,
  options: CloneOptions,
  now: number,
): Promise<Lesson> {
  return db.transaction().execute(async (trx) => {
    const source = await selectLesson(trx, lessonId);
    if (!source) throw new Error(`lesson ${lessonId} does not exist`);
    return copyLesson(trx, source, toSectionId, options, now);
  });
}

/**
 * Copies every lesson of one section into another (the bulk clone of a section into a new term's).
 * Runs in the caller's transaction when given one. Returns the new lessons, in the original order.
 */
export async function cloneSectionLessons(
  db: Db,
  fromSectionId: number,
  toSectionId: number,
  options: { keepTargeting: boolean },
  now: number,
): Promise<Lesson[]> {
  const run = async (trx: Db) => {
    const sources = await trx
      .selectFrom("lessons")
      .selectAll()
      .where("section_id", "=", fromSectionId)
      .orderBy("id")
      .execute();
    const made: Lesson[] = [];
    for (const source of sources) made.push(await copyLesson(trx, source, toSectionId, options, now));
    return made;
  };
  return inTransaction(db, run);
}
