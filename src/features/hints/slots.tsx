// The hints card of the student's problem page (one slot in StudentProblemPage).
import type { Db } from "../../db/connection.ts";
import type { Problem } from "../../db/tables/problems.ts";
import { firstHintOffered, hintUsage, studentHints } from "./hints.ts";
import { HintUseCard } from "./views/dashboard-card.tsx";
import { StudentHintsCard } from "./views/student-hints.tsx";

export async function studentHintsCard(db: Db, problem: Problem, userId: number, preview: boolean) {
  const hints = await studentHints(db, problem.id, userId);
  if (hints.length === 0) return null;
  const offered = !preview && (await firstHintOffered(db, problem, userId));
  return <StudentHintsCard problemId={problem.id} hints={hints} offered={offered} preview={preview} />;
}

/** The class dashboard's "Hints used" card over the dashboard's problems (one slot in the page). */
export async function hintUseCard(db: Db, problems: readonly { id: number; title: string }[]) {
  const titles = new Map(problems.map((p) => [p.id, p.title]));
  const uses = await hintUsage(
    db,
    problems.map((p) => p.id),
  );
  const rows = [...uses.entries()]
    .map(([key, use]) => ({ ...use, problemTitle: titles.get(Number(key.split(":")[1])) ?? "" }))
    .sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || a.problemTitle.localeCompare(b.problemTitle),
    );
  return <HintUseCard rows={rows} />;
}
