// The hints card of the student's problem page (one slot in StudentProblemPage).
import type { Db } from "../../db/connection.ts";
import type { Problem } from "../../db/tables/problems.ts";
import { firstHintOffered, studentHints } from "./hints.ts";
import { StudentHintsCard } from "./views/student-hints.tsx";

export async function studentHintsCard(db: Db, problem: Problem, userId: number, preview: boolean) {
  const hints = await studentHints(db, problem.id, userId);
  if (hints.length === 0) return null;
  const offered = !preview && (await firstHintOffered(db, problem, userId));
  return <StudentHintsCard problemId={problem.id} hints={hints} offered={offered} preview={preview} />;
}
