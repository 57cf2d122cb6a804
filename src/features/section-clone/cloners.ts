// "Clone everything into a new section" (a new term's section): one transaction creates the section
// and runs each kind's cloner in turn. A cloner copies one kind of the old section's work into the
// new one; adding a kind is one line in CLONERS.
// Drafts stay drafts, published work stays published (the new section has no students yet), and
// targeting is cleared unless asked to be kept (the new section's students decide who is kept).
import type { Db } from "../../db/connection.ts";
import type { Section } from "../../db/schema.ts";
import { enrollCode } from "../../lib/tokens.ts";
import { selectTasks } from "../../models/task.ts";
import { cloneSectionLessons } from "../lessons/clone.ts";
import { copyAssignees } from "../targeting/assignees.ts";
import { cloneTaskIn } from "../tasks/task-clone.ts";

export interface CloneSectionOptions {
  keepTargeting: boolean;
}

/** Copies one kind of work from section `from` to `to`; returns how many items it copied. */
export type SectionCloner = (
  db: Db,
  from: number,
  to: number,
  options: CloneSectionOptions,
  now: number,
) => Promise<number>;

export const cloneSectionTasks: SectionCloner = async (db, from, to, options, now) => {
  const tasks = await selectTasks(db, from);
  for (const task of tasks) {
    await cloneTaskIn(db, task, to, now, {
      targeting: { mode: options.keepTargeting ? "keep" : "clear" },
      keepPublished: true,
      sameTitle: true,
    });
  }
  return tasks.length;
};

/** Assessments with their parts and slots (questions stay in their banks, shared by reference). */
export const cloneSectionAssessments: SectionCloner = async (db, from, to, options, now) => {
  const list = await db
    .selectFrom("assessments")
    .selectAll()
    .where("section_id", "=", from)
    .orderBy("id")
    .execute();
  for (const a of list) {
    const { id, section_id: _s, created_at: _c, updated_at: _u, ...columns } = a;
    const remedial = options.keepTargeting ? a.remedial : 0;
    const copy = await db
      .insertInto("assessments")
      .values({ ...columns, section_id: to, remedial, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const parts = await db
      .selectFrom("assessment_parts")
      .selectAll()
      .where("assessment_id", "=", id)
      .execute();
    const partIds = new Map<number, number>();
    for (const { id: partId, assessment_id: _a, ...part } of parts) {
      const row = await db
        .insertInto("assessment_parts")
        .values({ ...part, assessment_id: copy.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      partIds.set(partId, row.id);
    }
    const slots = await db
      .selectFrom("assessment_slots")
      .selectAll()
      .where("assessment_id", "=", id)
      .execute();
    for (const { id: _slot, assessment_id: _a, part_id, ...slot } of slots) {
      await db
        .insertInto("assessment_slots")
        .values({ ...slot, assessment_id: copy.id, part_id: partIds.get(part_id)! })
        .execute();
    }
    if (remedial) await copyAssignees(db, "assessment", id, copy.id, to);
  }
  return list.length;
};

/** Every kind, in order. */
export const CLONERS: Record<string, SectionCloner> = {
  tasks: cloneSectionTasks,
  assessments: cloneSectionAssessments,
  lessons: async (db, from, to, options, now) => {
    // The section's allowed video hosts go along, or the lessons' custom-host videos would vanish.
    await db
      .insertInto("lesson_video_hosts")
      .columns(["section_id", "hosts", "updated_at"])
      .expression((eb) =>
        eb
          .selectFrom("lesson_video_hosts")
          .select([eb.val(to).as("section_id"), "hosts", eb.val(now).as("updated_at")])
          .where("section_id", "=", from),
      )
      .execute();
    return (await cloneSectionLessons(db, from, to, options, now)).length;
  },
};

/** Creates the new section (owned by `ownerId`) and clones everything into it, in one transaction. */
export function cloneSection(
  db: Db,
  from: Section,
  target: { name: string; term: string; ownerId: number },
  options: CloneSectionOptions,
  now: number,
): Promise<{ section: Section; counts: Record<string, number> }> {
  return db.transaction().execute(async (tx) => {
    // Not insertSection: it opens its own transaction, and this one must hold everything.
    const section = await tx
      .insertInto("sections")
      .values({
        name: target.name,
        term: target.term,
        description: from.description,
        enroll_code: enrollCode(),
        created_by: target.ownerId,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("section_teachers")
      .values({ section_id: section.id, user_id: target.ownerId, role: "owner", added_at: now })
      .execute();
    const counts: Record<string, number> = {};
    for (const [kind, cloner] of Object.entries(CLONERS))
      counts[kind] = await cloner(tx, from.id, section.id, options, now);
    return { section, counts };
  });
}
