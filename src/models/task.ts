import type { Db } from "../db/connection.ts";
import type { NewTask, Task, TaskUpdate } from "../db/tables/problems.ts";

export function selectOptionalTask(db: Db, id: number): Promise<Task | undefined> {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A section's tasks in their order; `visibleAt` keeps only published tasks that have started. */
export function selectTasks(db: Db, sectionId: number, visibleAt?: number): Promise<Task[]> {
  let q = db.selectFrom("tasks").selectAll().where("section_id", "=", sectionId);
  if (visibleAt !== undefined) {
    q = q
      .where("published", "=", 1)
      .where((eb) => eb.or([eb("starts_at", "is", null), eb("starts_at", "<=", visibleAt)]));
  }
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
