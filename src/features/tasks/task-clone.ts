// Cloning a task into a section (the same one or another the teacher teaches): the task's settings,
// its problems with their files, solutions and data files, and their tests, in one transaction. The copy starts as a
// draft at the end of the section's list; submissions and unlocks belong to the original and stay there.
import type { Db } from "../../db/connection.ts";
import type { Task } from "../../db/tables/problems.ts";
import { insertProblem, insertTest, selectProblems, selectTests } from "../../models/problem.ts";
import { selectDataFiles, upsertDataFile } from "../../models/problem-data-files.ts";
import { insertTask, nextTaskPosition } from "../../models/task.ts";

export function cloneTask(db: Db, task: Task, sectionId: number, now: number): Promise<Task> {
  return db.transaction().execute(async (tx) => {
    const { id: _id, section_id, position: _position, created_at: _c, updated_at: _u, ...settings } = task;
    const title = section_id === sectionId ? `${task.title} (copy)`.slice(0, 200) : task.title;
    const copy = await insertTask(tx, {
      ...settings,
      title,
      section_id: sectionId,
      published: 0,
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
    }
    return copy;
  });
}
