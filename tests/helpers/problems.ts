// Seeds tasks, problems and tests straight through the models (the authoring UI has its own tests).
import type { NewTestCase, Problem, Task } from "../../src/db/tables/problems.ts";
import { insertProblem, insertTest } from "../../src/models/problem.ts";
import { insertTask } from "../../src/models/task.ts";
import type { TestApp } from "./app.ts";

export async function seedTask(t: TestApp, sectionId: number, overrides: Partial<Task> = {}): Promise<Task> {
  const now = t.clock.now();
  return insertTask(t.ctx.db, {
    section_id: sectionId,
    title: "Week 1",
    description: "",
    starts_at: null,
    due_at: null,
    access_code_enc: null,
    max_submissions: null,
    published: 1,
    created_at: now,
    updated_at: now,
    ...overrides,
  });
}

/** "Add two numbers": one visible and one hidden stdin test by default. */
export async function seedSumProblem(
  t: TestApp,
  taskId: number,
  tests: Partial<NewTestCase>[] = [
    { name: "small", input: "1 2\n", expected: "3\n" },
    {
      name: "secret",
      input: "40 2\n",
      expected: "42\n",
      hidden: 1,
      points: 2,
      message: "Think about larger numbers.",
    },
  ],
  overrides: Partial<Problem> = {},
): Promise<Problem> {
  const now = t.clock.now();
  const problem = await insertProblem(t.ctx.db, {
    task_id: taskId,
    title: "Add two numbers",
    statement: "Read two integers on one line and print their sum.",
    function_name: null,
    starter_files: JSON.stringify([{ name: "main.py", content: "a, b = map(int, input().split())\n" }]),
    solution_files: JSON.stringify([{ name: "main.py", content: SUM_RIGHT }]),
    created_at: now,
    updated_at: now,
    ...overrides,
  });
  for (const [i, test] of tests.entries()) {
    await insertTest(t.ctx.db, {
      problem_id: problem.id,
      name: `t${i}`,
      position: i,
      tolerance: null,
      ...test,
    });
  }
  return problem;
}

export const SUM_RIGHT = "a, b = map(int, input().split())\nprint(a + b)\n";
export const SUM_WRONG = "a, b = map(int, input().split())\nprint(a + b if a < 10 else 0)\n";
