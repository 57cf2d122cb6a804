import type { Db } from "../db/connection.ts";
import type { NewTask, Task, TaskUpdate } from "../db/tables/problems.ts";
import { openToStudentSql } from "../features/targeting/assignees.ts";

export function selectOptionalTask(db: Db, id: number): Promise<Task | undefined> {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * A section's tasks in their order; `visibleAt` keeps only published tasks that have started, and
 * `studentId` only those open to that student (remedial tasks of others left out).
 */
export function selectTasks(
  db: Db,
  sectionId: number,
  visibleAt?: number,
  studentId?: number,
): Promise<Task[]> {
  let q = db.selectFrom("tasks").selectAll().where("section_id", "=", sectionId);
  if (visibleAt !== undefined) {
    q = q
      .where("published", "=", 1)
      .where((eb) => eb.or([eb("starts_at", "is", null), eb("starts_at", "<=", visibleAt)]));
  }
  if (studentId !== undefined) q = q.where(openToStudentSql("task", studentId));
  return q.orderBy("position").orderBy("id").execute();
}

export async function insertTask(db: Db, task: NewTask): Promise<Task> {
  return db.insertInto("tasks").values(task).returningAll().executeTakeFirstOrThrow();
}

export async function updateTask(db: Db, id: number, changes: TaskUpdate): Promise<void> {
  await db.updateTable("tasks").set(changes).where("id", "=", id).execute();
}

export async function deleteTask(db: Db, id: number): Promise<void> {
  await db.deleteFrom("tasks").where("id", "=", id).execute();
}

export async function isTaskUnlocked(db: Db, taskId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("task_unlocks")
    .select("task_id")
    .where("task_id", "=", taskId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTaskUnlock(db: Db, taskId: number, userId: number, now: number): Promise<void> {
  await db
    .insertInto("task_unlocks")
    .values({ task_id: taskId, user_id: userId, unlocked_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Forgets who entered a task's code, so everyone must enter the new one. */
export async function clearTaskUnlocks(db: Db, taskId: number): Promise<void> {
  await db.deleteFrom("task_unlocks").where("task_id", "=", taskId).execute();
}

export interface TaskSummary extends Task {
  problem_count: number;
  /** Students a remedial task is assigned to (0 otherwise). */
  assignee_count: number;
}

/** A section's tasks in their order, each with its number of problems (for the teacher's list). */
export function selectTaskSummaries(db: Db, sectionId: number): Promise<TaskSummary[]> {
  return db
    .selectFrom("tasks")
    .selectAll("tasks")
    .select((eb) =>
      eb
        .selectFrom("problems")
        .whereRef("problems.task_id", "=", "tasks.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("problem_count"),
    )
    .select((eb) =>
      eb
        .selectFrom("remedial_assignees")
        .whereRef("remedial_assignees.item_id", "=", "tasks.id")
        .where("remedial_assignees.item_type", "=", "task")
        .select(eb.fn.countAll<number>().as("n"))
        .as("assignee_count"),
    )
    .where("section_id", "=", sectionId)
    .orderBy("position")
    .orderBy("id")
    .execute() as Promise<TaskSummary[]>;
}

/** The position after the section's last task. */
export async function nextTaskPosition(db: Db, sectionId: number): Promise<number> {
  const row = await db
    .selectFrom("tasks")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("section_id", "=", sectionId)
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

/**
 * Moves a task one place up or down among its section's tasks (renumbering them 0..n-1 on the way).
 * Returns false when it is already first or last.
 */
export function moveTask(db: Db, task: Task, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const ids = (await selectTasks(tx, task.section_id)).map((t) => t.id);
    const order = reorder(ids, task.id, direction);
    if (!order) return false;
    for (const [position, id] of order.entries())
      await tx.updateTable("tasks").set({ position }).where("id", "=", id).execute();
    return true;
  });
}

/** ids with `id` swapped with its neighbour, or null when it cannot move that way. */
export function reorder(ids: number[], id: number, direction: "up" | "down"): number[] | null {
  const i = ids.indexOf(id);
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  const next = [...ids];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
