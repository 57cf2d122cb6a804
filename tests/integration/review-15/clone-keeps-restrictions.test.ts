// Review 15: a cloned task keeps the restrictions its teacher set on the original. Before the fix the
// copy lost them (they live in their own tables): the AI tutor and analysis switched off for an exam
// came back on, blocked paste and recording were gone, and a discussion meant to open only after
// solving was open to everyone. A student of the copy could use what the teacher had taken away.
import { expect, test } from "bun:test";
import { insertProblemRow } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom({ perTest: true });
const row = (sql: string, id: number) => t.ctx.sqlite.query(sql).get(id);

test("task clone and bulk section clone keep AI, integrity and discussion settings", async () => {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const made = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
    title: "Exam",
    late_policy: "none",
    published: "on",
  });
  const taskId = Number(made.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(t.ctx.db, taskId, "Sum", [{ name: "a", points: 1 }], t.clock.now());
  const now = t.clock.now();
  t.ctx.sqlite.run(
    "INSERT INTO ai_task_settings (task_id, tutor, complexity, updated_at) VALUES (?, 0, 0, ?)",
    [taskId, now],
  );
  t.ctx.sqlite.run(
    "INSERT INTO integrity_settings (problem_id, paste, recording, updated_at) VALUES (?, 'blocked', 1, ?)",
    [problem.id, now],
  );
  t.ctx.sqlite.run("INSERT INTO discussion_settings (problem_id, visibility) VALUES (?, 'after_solved')", [
    problem.id,
  ]);
  expect((await rita.get(`/problems/${problem.id}/discussion/live`)).status).toBe(403);

  const res = await teacher.post(`/manage/tasks/${taskId}/clone`, { sectionId: String(section.id) });
  expect(res.status).toBe(303);
  const copyTask = Number(res.headers.get("location")!.split("/").pop());
  const copyProblem = (row("SELECT id FROM problems WHERE task_id = ?", copyTask) as { id: number }).id;
  expect(row("SELECT tutor, complexity FROM ai_task_settings WHERE task_id = ?", copyTask)).toEqual({
    tutor: 0,
    complexity: 0,
  });
  expect(row("SELECT paste, recording FROM integrity_settings WHERE problem_id = ?", copyProblem)).toEqual({
    paste: "blocked",
    recording: 1,
  });
  t.ctx.sqlite.run("UPDATE tasks SET published = 1 WHERE id = ?", [copyTask]);
  expect((await rita.get(`/problems/${copyProblem}/discussion/live`)).status).toBe(403);

  // The bulk clone into a new term's section keeps them too.
  const bulk = await teacher.post(`/manage/sections/${section.id}/clone`, { name: "Next term" });
  expect(bulk.status).toBe(303);
  const newSection = Number(bulk.headers.get("location")!.split("/").pop());
  const tasks = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM tasks WHERE section_id = ? ORDER BY id")
    .all(newSection);
  expect(tasks.length).toBe(2);
  for (const { id } of tasks) {
    expect(row("SELECT tutor FROM ai_task_settings WHERE task_id = ?", id)).toEqual({ tutor: 0 });
    const p = (row("SELECT id FROM problems WHERE task_id = ?", id) as { id: number }).id;
    expect(row("SELECT visibility FROM discussion_settings WHERE problem_id = ?", p)).toEqual({
      visibility: "after_solved",
    });
  }
});
