import type { Db } from "../db/connection.ts";
import type {
  NewProblem,
  NewTestCase,
  Problem,
  ProblemUpdate,
  Task,
  TestCase,
} from "../db/tables/problems.ts";

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

/** The problem with its task (for the section and the rules), or undefined. */
export async function selectProblemWithTask(
  db: Db,
  id: number,
): Promise<{ problem: Problem; task: Task } | undefined> {
  const problem = await selectOptionalProblem(db, id);
  if (!problem) return undefined;
  const task = await db
    .selectFrom("tasks")
    .selectAll()
    .where("id", "=", problem.task_id)
    .executeTakeFirstOrThrow();
  return { problem, task };
}
