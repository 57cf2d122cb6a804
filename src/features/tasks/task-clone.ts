// Cloning a task into a section (the same one or another the teacher teaches): the task's settings,
// its problems with their files, solutions, data files and hints, and their tests, and the AI,
// integrity and discussion restrictions set on them, in one transaction. The copy starts as a draft
// at the end of the section's list; submissions, unlocks and hint reveals belong to the original and
// stay there. Targeting is cleared (the copy is for everyone), kept (the same students, those not
// enrolled in the target dropped) or set to the chosen students.
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Task } from "../../db/tables/problems.ts";
import { insertProblem, insertTest, selectProblems, selectTests } from "../../models/problem.ts";
import { selectDataFiles, upsertDataFile } from "../../models/problem-data-files.ts";
import { insertTask, nextTaskPosition } from "../../models/task.ts";
import { copyHints } from "../hints/hints.ts";
import { copyAssignees, setAssignees } from "../targeting/assignees.ts";

export type CloneTargeting = { mode: "clear" } | { mode: "keep" } | { mode: "choose"; assignees: number[] };

export interface CloneOptions {
  targeting?: CloneTargeting;
  /** Keep the original's published flag (a whole-section clone keeps drafts drafts, the rest live). */
  keepPublished?: boolean;
  /** Keep the title as it is, even in the same section. */
  sameTitle?: boolean;
}

export function cloneTask(db: Db, task: Task, sectionId: number, now: number, options: CloneOptions = {}) {
  return db.transaction().execute((tx) => cloneTaskIn(tx, task, sectionId, now, options));
}

/** The clone inside the caller's transaction (the bulk section clone runs many in one). */
export async function cloneTaskIn(
  tx: Db,
  task: Task,
  sectionId: number,
  now: number,
  options: CloneOptions = {},
): Promise<Task> {
  const { id: _id, section_id, position: _position, created_at: _c, updated_at: _u, ...settings } = task;
  const title =
    section_id === sectionId && !options.sameTitle ? `${task.title} (copy)`.slice(0, 200) : task.title;
  const targeting = options.targeting ?? { mode: "clear" };
  const copy = await insertTask(tx, {
    ...settings,
    title,
    section_id: sectionId,
    published: options.keepPublished ? task.published : 0,
    remedial: 0,
    position: await nextTaskPosition(tx, sectionId),
    created_at: now,
    updated_at: now,
  });
  for (const problem of await selectProblems(tx, task.id)) {
    const { id: problemId, task_id: _t, created_at: _pc, updated_at: _pu, ...columns } = problem;
    const created = await insertProblem(tx, {
      ...columns,
      task_id: copy.id,
      created_at: now,
      updated_at: now,
    });
    for (const test of await selectTests(tx, problemId)) {
      const { id: _tid, problem_id: _pid, ...testColumns } = test;
      await insertTest(tx, { ...testColumns, problem_id: created.id });
    }
    for (const file of await selectDataFiles(tx, problemId))
      await upsertDataFile(tx, created.id, file.name, file.content, now);
    await copyHints(tx, problemId, created.id, now);
    await copyProblemRestrictions(tx, problemId, created.id, now);
  }
  await sql`INSERT INTO ai_task_settings (task_id, tutor, complexity, updated_at)
    SELECT ${copy.id}, tutor, complexity, ${now} FROM ai_task_settings WHERE task_id = ${task.id}`.execute(
    tx,
  );
  const remedial = (targeting.mode === "keep" && task.remedial === 1) || targeting.mode === "choose";
  if (!remedial) return copy;
  // Kept targeting stays remedial even when none of its students are enrolled in the target: the
  // copy is then seen by no student until the teacher picks some, never by everyone by accident.
  if (targeting.mode === "choose") await setAssignees(tx, "task", copy.id, sectionId, targeting.assignees);
  else await copyAssignees(tx, "task", task.id, copy.id, sectionId);
  await tx.updateTable("tasks").set({ remedial: 1 }).where("id", "=", copy.id).execute();
  return { ...copy, remedial: 1 };
}

/**
 * The teacher's restrictions that live beside a problem (paste blocked, recording, a discussion that
 * opens after solving): a copy without them would give its students back what the teacher took away.
 */
async function copyProblemRestrictions(tx: Db, fromId: number, toId: number, now: number) {
  await sql`INSERT INTO integrity_settings (problem_id, paste, recording, updated_at)
    SELECT ${toId}, paste, recording, ${now} FROM integrity_settings WHERE problem_id = ${fromId}`.execute(
    tx,
  );
  await sql`INSERT INTO discussion_settings (problem_id, visibility)
    SELECT ${toId}, visibility FROM discussion_settings WHERE problem_id = ${fromId}`.execute(tx);
}
