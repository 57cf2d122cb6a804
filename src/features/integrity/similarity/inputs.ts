// What a similarity run compares: per problem, the latest submission of every student, the starter
// code to exclude, and (when asked) the latest submissions to earlier terms' copies of the problem:
// problems of other tasks, in sections the same teacher teaches, created before it, with the same
// title, statement and starter files (what cloning a task copies; see tasks/task-clone.ts).
import type { Db } from "../../../db/connection.ts";
import type { Problem } from "../../../db/tables/problems.ts";
import { sha256 } from "../../../lib/tokens.ts";
import type { SimilarityDocument } from "./compare.ts";
import { documentOfJson } from "./document.ts";

export interface ProblemInput {
  problem: Problem;
  starter: string;
  docs: SimilarityDocument[];
}

async function latestPerStudent(db: Db, problemIds: number[]) {
  if (problemIds.length === 0) return [];
  return db
    .selectFrom("submissions")
    .select(["id", "files", "user_id", "problem_id"])
    .where("id", "in", (eb) =>
      eb
        .selectFrom("submissions")
        .select((s) => s.fn.max("id").as("id"))
        .where("problem_id", "in", problemIds)
        .groupBy(["problem_id", "user_id"]),
    )
    .orderBy("id")
    .execute();
}

/** Earlier copies of a problem in sections this teacher teaches (an admin: any section). */
async function earlierCopies(db: Db, problem: Problem, teacherId: number, isAdmin: boolean) {
  let q = db
    .selectFrom("problems")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select("problems.id")
    .where("problems.id", "!=", problem.id)
    .where("problems.task_id", "!=", problem.task_id)
    .where("problems.title", "=", problem.title)
    .where("problems.statement", "=", problem.statement)
    .where("problems.starter_files", "=", problem.starter_files)
    .where("problems.created_at", "<=", problem.created_at);
  if (!isAdmin) {
    q = q.where("tasks.section_id", "in", (eb) =>
      eb.selectFrom("section_teachers").select("section_id").where("user_id", "=", teacherId),
    );
  }
  return (await q.execute()).map((r) => r.id);
}

export async function gatherInputs(
  db: Db,
  problems: Problem[],
  history: { teacherId: number; isAdmin: boolean } | null,
): Promise<ProblemInput[]> {
  const out: ProblemInput[] = [];
  for (const problem of problems) {
    const current = await latestPerStudent(db, [problem.id]);
    const docs: SimilarityDocument[] = current.map((s) => ({ id: s.id, text: documentOfJson(s.files) }));
    if (history) {
      const earlier = await latestPerStudent(
        db,
        await earlierCopies(db, problem, history.teacherId, history.isAdmin),
      );
      for (const s of earlier) docs.push({ id: s.id, text: documentOfJson(s.files), historical: true });
    }
    out.push({ problem, starter: documentOfJson(problem.starter_files), docs });
  }
  return out;
}

/** Names exactly what a run compares: the same fingerprint means its stored results still hold. */
export function fingerprintOf(inputs: ProblemInput[], includeHistory: boolean): string {
  const parts = inputs.map((i) => ({
    problem: i.problem.id,
    starter: sha256(i.starter),
    submissions: i.docs.map((d) => d.id),
  }));
  return sha256(JSON.stringify({ v: 1, includeHistory, parts }));
}
