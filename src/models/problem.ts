import type { Db } from "../db/connection.ts";
import type {
  NewProblem,
  NewTestCase,
  Problem,
  ProblemUpdate,
  Task,
  TestCase,
} from "../db/tables/problems.ts";
import { type DataFileContent, upsertDataFile } from "./problem-data-files.ts";
import { reorder } from "./task.ts";

export function selectOptionalProblem(db: Db, id: number): Promise<Problem | undefined> {
  return db.selectFrom("problems").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectProblems(db: Db, taskId: number): Promise<Problem[]> {
  return db
    .selectFrom("problems")
    .selectAll()
    .where("task_id", "=", taskId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export function selectTests(db: Db, problemId: number): Promise<TestCase[]> {
  return db
    .selectFrom("test_cases")
    .selectAll()
    .where("problem_id", "=", problemId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function insertProblem(db: Db, problem: NewProblem): Promise<Problem> {
  return db.insertInto("problems").values(problem).returningAll().executeTakeFirstOrThrow();
}

export async function updateProblem(db: Db, id: number, changes: ProblemUpdate): Promise<void> {
  await db.updateTable("problems").set(changes).where("id", "=", id).execute();
}

export async function deleteProblem(db: Db, id: number): Promise<void> {
  await db.deleteFrom("problems").where("id", "=", id).execute();
}

export async function insertTest(db: Db, test: NewTestCase): Promise<TestCase> {
  return db.insertInto("test_cases").values(test).returningAll().executeTakeFirstOrThrow();
}

export async function updateTest(db: Db, id: number, changes: Partial<NewTestCase>): Promise<void> {
  await db.updateTable("test_cases").set(changes).where("id", "=", id).execute();
}

export async function deleteTest(db: Db, id: number): Promise<void> {
  await db.deleteFrom("test_cases").where("id", "=", id).execute();
}

/** The problem with its task (for the section and the rules; null for a practice catalog problem). */
export async function selectProblemWithTask(
  db: Db,
  id: number,
): Promise<{ problem: Problem; task: Task | null } | undefined> {
  const problem = await selectOptionalProblem(db, id);
  if (!problem) return undefined;
  if (problem.task_id === null) return { problem, task: null };
  const task = await db
    .selectFrom("tasks")
    .selectAll()
    .where("id", "=", problem.task_id)
    .executeTakeFirstOrThrow();
  return { problem, task };
}

export interface ProblemSummary extends Problem {
  test_count: number;
  hidden_count: number;
  total_points: number;
}

/** A task's problems in order, each with its number of tests, hidden tests and points. */
export function selectProblemSummaries(db: Db, taskId: number): Promise<ProblemSummary[]> {
  return db
    .selectFrom("problems")
    .selectAll("problems")
    .select((eb) => [
      eb
        .selectFrom("test_cases")
        .whereRef("test_cases.problem_id", "=", "problems.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("test_count"),
      eb
        .selectFrom("test_cases")
        .whereRef("test_cases.problem_id", "=", "problems.id")
        .where("test_cases.hidden", "=", 1)
        .select(eb.fn.countAll<number>().as("n"))
        .as("hidden_count"),
      eb
        .selectFrom("test_cases")
        .whereRef("test_cases.problem_id", "=", "problems.id")
        .select((sub) => sub.fn.coalesce(sub.fn.sum<number>("test_cases.points"), sub.lit(0)).as("n"))
        .as("total_points"),
    ])
    .where("task_id", "=", taskId)
    .orderBy("position")
    .orderBy("id")
    .execute() as Promise<ProblemSummary[]>;
}

export function selectOptionalTest(db: Db, problemId: number, testId: number): Promise<TestCase | undefined> {
  return db
    .selectFrom("test_cases")
    .selectAll()
    .where("problem_id", "=", problemId)
    .where("id", "=", testId)
    .executeTakeFirst();
}

async function nextPosition(db: Db, table: "problems" | "test_cases", parentId: number): Promise<number> {
  const row =
    table === "problems"
      ? await db
          .selectFrom("problems")
          .select((eb) => eb.fn.max("position").as("p"))
          .where("task_id", "=", parentId)
          .executeTakeFirst()
      : await db
          .selectFrom("test_cases")
          .select((eb) => eb.fn.max("position").as("p"))
          .where("problem_id", "=", parentId)
          .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

export const nextProblemPosition = (db: Db, taskId: number) => nextPosition(db, "problems", taskId);
export const nextTestPosition = (db: Db, problemId: number) => nextPosition(db, "test_cases", problemId);

/** Moves a problem one place up or down in its task; false when it cannot move that way. */
export function moveProblem(db: Db, problem: Problem, direction: "up" | "down"): Promise<boolean> {
  const taskId = problem.task_id;
  if (taskId === null) return Promise.resolve(false); // catalog problems have no order
  return db.transaction().execute(async (tx) => {
    const order = reorder(
      (await selectProblems(tx, taskId)).map((p) => p.id),
      problem.id,
      direction,
    );
    if (!order) return false;
    for (const [position, id] of order.entries())
      await tx.updateTable("problems").set({ position }).where("id", "=", id).execute();
    return true;
  });
}

/** Moves a test one place up or down in its problem; false when it cannot move that way. */
export function moveTest(db: Db, test: TestCase, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const order = reorder(
      (await selectTests(tx, test.problem_id)).map((t) => t.id),
      test.id,
      direction,
    );
    if (!order) return false;
    for (const [position, id] of order.entries())
      await tx.updateTable("test_cases").set({ position }).where("id", "=", id).execute();
    return true;
  });
}

export type ProblemColumns = Omit<NewProblem, "task_id" | "position" | "created_at" | "updated_at">;
export type TestColumns = Omit<NewTestCase, "problem_id" | "position">;

/**
 * Adds problems with their tests and data files at the end of a task, all in one transaction: either
 * every problem is created or none is.
 */
export function insertProblemsWithTests(
  db: Db,
  taskId: number,
  items: { problem: ProblemColumns; tests: TestColumns[]; dataFiles?: DataFileContent[] }[],
  now: number,
): Promise<Problem[]> {
  return db.transaction().execute(async (tx) => {
    let position = await nextProblemPosition(tx, taskId);
    const created: Problem[] = [];
    for (const item of items) {
      const problem = await insertProblem(tx, {
        ...item.problem,
        task_id: taskId,
        position: position++,
        created_at: now,
        updated_at: now,
      });
      for (const [i, test] of item.tests.entries())
        await insertTest(tx, { ...test, problem_id: problem.id, position: i });
      for (const file of item.dataFiles ?? [])
        await upsertDataFile(tx, problem.id, file.name, file.content, now);
      created.push(problem);
    }
    return created;
  });
}
