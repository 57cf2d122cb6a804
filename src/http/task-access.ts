// Who may manage or solve a task or problem. Built on section access: a task belongs to a section,
// a problem to a task. Anything a user may not see answers 404, as if it did not exist.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context.ts";
import type { Section } from "../db/schema.ts";
import type { Problem, Task } from "../db/tables/problems.ts";
import { openToStudent } from "../features/targeting/assignees.ts";
import { selectOptionalProblem } from "../models/problem.ts";
import { isTaskUnlocked, selectOptionalTask } from "../models/task.ts";
import { currentUser } from "./auth-middleware.ts";
import { sectionToTeach, sectionToView } from "./section-access.ts";

const notFound = (what: string) =>
  new HTTPException(404, { message: `There is no such ${what}, or you cannot see it.` });

/** The task, when the current user teaches its section (or is an admin). */
export async function taskToTeach(
  c: Context<AppEnv>,
  taskId: number,
): Promise<{ task: Task; section: Section }> {
  const task = await selectOptionalTask(c.var.ctx.db, taskId);
  if (!task) throw notFound("task");
  const section = await sectionToTeach(c, task.section_id).catch(() => {
    throw notFound("task");
  });
  return { task, section };
}

export async function problemToTeach(
  c: Context<AppEnv>,
  problemId: number,
): Promise<{ problem: Problem; task: Task; section: Section }> {
  const problem = await selectOptionalProblem(c.var.ctx.db, problemId);
  // A practice catalog problem (task_id null) is not a section's: src/features/practice/ serves it.
  if (!problem || problem.task_id === null) throw notFound("problem");
  return { problem, ...(await taskToTeach(c, problem.task_id)) };
}

/** A student sees a task of a live section they are enrolled in, once published and started. */
export function taskVisibleToStudents(task: Task, now: number): boolean {
  return task.published === 1 && (task.starts_at === null || task.starts_at <= now);
}

export const LOCKED_MESSAGE = "Enter the task's access code first.";

/** Whether a student still has to enter the task's access code (teachers never do). */
export async function isLockedFor(c: Context<AppEnv>, task: Task, teaches: boolean): Promise<boolean> {
  if (teaches || task.access_code_enc === null) return false;
  return !(await isTaskUnlocked(c.var.ctx.db, task.id, currentUser(c).id));
}

/** allowLocked: the caller shows the access code form itself (the task page, its unlock route). */
interface ViewOptions {
  allowLocked?: boolean;
}

/**
 * The task for viewing: teachers of the section see everything (teaches: true); enrolled students
 * see published, started tasks of live sections, and nothing of a task with an access code they
 * have not entered (403) unless the caller asks for it.
 */
export async function taskToView(
  c: Context<AppEnv>,
  taskId: number,
  options: ViewOptions = {},
): Promise<{ task: Task; section: Section; teaches: boolean }> {
  const task = await selectOptionalTask(c.var.ctx.db, taskId);
  if (!task) throw notFound("task");
  const { section, teaches } = await sectionToView(c, task.section_id).catch(() => {
    throw notFound("task");
  });
  if (!teaches && !taskVisibleToStudents(task, c.var.ctx.clock.now())) throw notFound("task");
  // Remedial work: a student not assigned to it is told it does not exist.
  if (!teaches && !(await openToStudent(c.var.ctx.db, "task", task, currentUser(c).id)))
    throw notFound("task");
  if (!options.allowLocked && (await isLockedFor(c, task, teaches))) {
    throw new HTTPException(403, { message: LOCKED_MESSAGE });
  }
  return { task, section, teaches };
}

export async function problemToView(
  c: Context<AppEnv>,
  problemId: number,
  options: ViewOptions = {},
): Promise<{ problem: Problem; task: Task; section: Section; teaches: boolean }> {
  currentUser(c);
  const problem = await selectOptionalProblem(c.var.ctx.db, problemId);
  if (!problem || problem.task_id === null) throw notFound("problem");
  // A problem of a task the user may not see answers exactly like a problem that does not exist
  // ("no such task" would tell a student that a hidden or remedial task holds this id).
  const found = await taskToView(c, problem.task_id, options).catch((e: unknown) => {
    throw e instanceof HTTPException && e.status === 404 ? notFound("problem") : e;
  });
  return { problem, ...found };
}
