// What an LMS link opens: a kind of Slate content and its id ("task:12"). Each kind says which section
// it belongs to, its title, where it lives and what a student has scored in it, so links, deep linking
// and grade passback do not depend on one table. Assessments and lessons add a resolver here.
import type { Db } from "../../../db/connection.ts";
import "../../../db/tables/problems.ts";
import "../../../db/tables/summaries.ts";
import { selectOptionalTask } from "../../../models/task.ts";

export interface LinkTarget {
  kind: string;
  id: number;
  sectionId: number;
  title: string;
  /** Where a launch lands. */
  path: string;
}

export interface TargetScore {
  given: number;
  maximum: number;
}

interface TargetKind {
  resolve(db: Db, id: number): Promise<LinkTarget | null>;
  /** The student's score for it as it counts now, or null when there is nothing to report. */
  score(db: Db, id: number, userId: number): Promise<TargetScore | null>;
  /** The most points it gives (a line item's scoreMaximum). */
  maximum(db: Db, id: number): Promise<number>;
}

async function taskMaximum(db: Db, taskId: number): Promise<number> {
  const row = await db
    .selectFrom("test_cases")
    .innerJoin("problems", "problems.id", "test_cases.problem_id")
    .select((eb) => eb.fn.sum<number>("test_cases.points").as("total"))
    .where("problems.task_id", "=", taskId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

const task: TargetKind = {
  async resolve(db, id) {
    const t = await selectOptionalTask(db, id);
    return t
      ? { kind: "task", id: t.id, sectionId: t.section_id, title: t.title, path: `/tasks/${t.id}` }
      : null;
  },
  async score(db, id, userId) {
    // The best counted score per problem (grade_cells keeps it exact), summed over the task.
    const row = await db
      .selectFrom("grade_cells")
      .innerJoin("problems", "problems.id", "grade_cells.problem_id")
      .select((eb) => [
        eb.fn.sum<number>("grade_cells.best").as("given"),
        eb.fn.count<number>("best").as("n"),
      ])
      .where("problems.task_id", "=", id)
      .where("grade_cells.user_id", "=", userId)
      .executeTakeFirst();
    if (!row || Number(row.n) === 0) return null;
    return { given: Number(row.given ?? 0), maximum: await taskMaximum(db, id) };
  },
  maximum: taskMaximum,
};

const kinds: Record<string, TargetKind> = { task };

export function targetRef(kind: string, id: number): string {
  return `${kind}:${id}`;
}

/** "task:12" to its parts; null for anything else. */
export function parseTargetRef(ref: unknown): { kind: string; id: number } | null {
  if (typeof ref !== "string") return null;
  const m = /^([a-z]+):(\d{1,12})$/.exec(ref);
  if (!m || !kinds[m[1]!]) return null;
  return { kind: m[1]!, id: Number(m[2]) };
}

export async function resolveTarget(db: Db, kind: string, id: number): Promise<LinkTarget | null> {
  return (await kinds[kind]?.resolve(db, id)) ?? null;
}

export async function targetScore(
  db: Db,
  kind: string,
  id: number,
  userId: number,
): Promise<TargetScore | null> {
  return (await kinds[kind]?.score(db, id, userId)) ?? null;
}

export async function targetMaximum(db: Db, kind: string, id: number): Promise<number> {
  return (await kinds[kind]?.maximum(db, id)) ?? 0;
}
