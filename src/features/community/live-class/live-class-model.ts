// What the live class view shows per student for one problem: their draft (the code in their editor,
// saved as they type by the drafts feature), their last visible-test run (kept in memory: it is not
// recorded anywhere else, by design) and their last submission's score.
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import { selectDraft } from "../../../models/problem-draft.ts";
import { selectRoster } from "../../../models/section.ts";
import type { JobFile } from "../../../sandbox/index.ts";

export interface TestRun {
  passed: number;
  total: number;
  at: number;
}

export interface StudentCard {
  id: number;
  name: string;
  online: boolean;
  files: JobFile[];
  main: string;
  savedAt: number | null;
  lastRun: TestRun | null;
  lastSubmission: { score: number | null; max: number | null; status: string; at: number } | null;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Last test runs per app (tests build many apps in one process). */
const runs = new WeakMap<AppContext, Map<string, TestRun>>();

export function rememberRun(ctx: AppContext, problemId: number, userId: number, run: TestRun): void {
  let map = runs.get(ctx);
  if (!map) {
    map = new Map();
    runs.set(ctx, map);
  }
  map.set(`${problemId}:${userId}`, run);
}

/** Keeps the last test run of every student as it happens (wired once per app by the routes). */
const listening = new WeakSet<AppContext>();
export function followRuns(ctx: AppContext): void {
  if (listening.has(ctx)) return;
  listening.add(ctx);
  ctx.events.on("tests:ran", (e) =>
    rememberRun(ctx, e.problemId, e.userId, { passed: e.passed, total: e.total, at: ctx.clock.now() }),
  );
}

async function lastSubmission(db: Db, problemId: number, userId: number) {
  const row = await db
    .selectFrom("submissions")
    .select(["score", "override_score", "max_score", "status", "submitted_at"])
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    score: row.override_score ?? row.score,
    max: row.max_score,
    status: row.status,
    at: row.submitted_at,
  };
}

export async function studentCard(
  ctx: AppContext,
  problem: { id: number; starter_files: string; main_file: string },
  student: { id: number; display_name: string },
): Promise<StudentCard> {
  const [draft, submission] = await Promise.all([
    selectDraft(ctx.db, problem.id, student.id),
    lastSubmission(ctx.db, problem.id, student.id),
  ]);
  return {
    id: student.id,
    name: student.display_name,
    online: ctx.presence.isOnline(student.id),
    files: draft ? (JSON.parse(draft.files) as JobFile[]) : (JSON.parse(problem.starter_files) as JobFile[]),
    main: draft?.main_file ?? problem.main_file,
    savedAt: draft?.updated_at ?? null,
    lastRun: runs.get(ctx)?.get(`${problem.id}:${student.id}`) ?? null,
    lastSubmission: submission,
  };
}

export async function classCards(
  ctx: AppContext,
  sectionId: number,
  problem: { id: number; starter_files: string; main_file: string },
): Promise<StudentCard[]> {
  // Cards keep their places while the teacher watches: by name, "Student 2" before "Student 10".
  const roster = (await selectRoster(ctx.db, sectionId))
    .filter((s) => s.active === 1)
    .sort((a, b) => byName.compare(a.display_name, b.display_name));
  return Promise.all(roster.map((s) => studentCard(ctx, problem, s)));
}

/** The problems of a section's tasks, for the view's problem picker. */
export function sectionProblems(db: Db, sectionId: number) {
  return db
    .selectFrom("problems")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select(["problems.id", "problems.title", "tasks.title as task_title"])
    .where("tasks.section_id", "=", sectionId)
    .orderBy("tasks.id")
    .orderBy("problems.position")
    .execute();
}
