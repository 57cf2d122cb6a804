// What a teacher learns from a section's grades: completion per problem, the distribution of grades,
// students at risk (with the reason), the tests that fail most often and daily activity. The first
// three are arithmetic over loadSectionGrades(); the last two are one aggregate query each.
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import { type GradeProblem, type GradeStudent, isSolved, round2, type SectionGrades } from "./grades.ts";

export const DAY_MS = 86_400_000;

export interface ProblemCompletion {
  problem: GradeProblem;
  /** Students who reached full marks. */
  solved: number;
  /** Students with at least one submission. */
  attempted: number;
  /** solved / enrolled students, in percent. */
  solvedPct: number;
  attemptedPct: number;
  /** Mean best score (percent of the problem's points) over students with a graded submission. */
  meanPct: number | null;
}

export function completionByProblem(g: SectionGrades): ProblemCompletion[] {
  const n = g.students.length;
  return g.problems.map((problem) => {
    let solved = 0;
    let attempted = 0;
    let graded = 0;
    let sum = 0;
    for (const s of g.students) {
      const cell = s.cells.get(problem.id);
      if (!cell) continue;
      attempted++;
      if (isSolved(cell, problem)) solved++;
      if (cell.best !== null && problem.maxPoints > 0) {
        graded++;
        sum += (cell.best / problem.maxPoints) * 100;
      }
    }
    return {
      problem,
      solved,
      attempted,
      solvedPct: n === 0 ? 0 : round2((solved / n) * 100),
      attemptedPct: n === 0 ? 0 : round2((attempted / n) * 100),
      meanPct: graded === 0 ? null : round2(sum / graded),
    };
  });
}

export interface GradeBin {
  /** Inclusive lower bound in percent: 0, 10, ... 90. The last bin includes 100. */
  from: number;
  to: number;
  count: number;
}

/** Students with a grade, in ten bins of 10 percentage points (90–100 includes 100). */
export function gradeDistribution(students: GradeStudent[]): GradeBin[] {
  const bins = Array.from({ length: 10 }, (_, i) => ({
    from: i * 10,
    to: i === 9 ? 100 : i * 10 + 9,
    count: 0,
  }));
  for (const s of students) {
    if (s.grade === null) continue;
    const i = Math.min(9, Math.max(0, Math.floor(s.grade / 10)));
    bins[i]!.count++;
  }
  return bins;
}

export interface GradeSummary {
  graded: number;
  mean: number | null;
  median: number | null;
}

export function gradeSummary(students: GradeStudent[]): GradeSummary {
  // From each student's exact grade: s.grade is already rounded for display, and the mean of
  // rounded grades is off by a rounding step (66.67 and 100 give 83.34, not 83.33).
  const grades = students
    .filter((s) => s.grade !== null && s.maxPoints > 0)
    .map((s) => (s.points / s.maxPoints) * 100)
    .sort((a, b) => a - b);
  if (grades.length === 0) return { graded: 0, mean: null, median: null };
  const mid = Math.floor(grades.length / 2);
  const median = grades.length % 2 ? grades[mid]! : (grades[mid - 1]! + grades[mid]!) / 2;
  return {
    graded: grades.length,
    mean: round2(grades.reduce((a, b) => a + b, 0) / grades.length),
    median: round2(median),
  };
}

export interface AtRiskRules {
  /** Flag students without a submission for this many days (counted from enrollment when none). */
  inactiveDays: number;
  /** Flag students whose average on the problems they attempted is below this percentage. */
  lowScorePct: number;
}

export const DEFAULT_AT_RISK: AtRiskRules = { inactiveDays: 7, lowScorePct: 50 };

export type RiskRule = "inactive" | "low-scores" | "nothing-solved";

export interface AtRiskStudent {
  student: GradeStudent;
  reasons: { rule: RiskRule; text: string }[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Students at risk, each with the reasons, most reasons first. Rules:
 * - inactive: no submission for `inactiveDays` days (from enrollment when they never submitted);
 * - low scores: the average over the problems they have a graded submission for is below `lowScorePct`;
 * - nothing solved: not one problem at full marks, although they tried or a task is past due.
 * Deactivated accounts and sections without problems are left out.
 */
export function atRiskStudents(g: SectionGrades, now: number, rules: AtRiskRules): AtRiskStudent[] {
  const scored = g.problems.filter((p) => p.maxPoints > 0);
  if (scored.length === 0) return [];
  const pastDueTasks = new Set(scored.filter((p) => p.dueAt !== null && p.dueAt < now).map((p) => p.taskId));
  const out: AtRiskStudent[] = [];
  for (const s of g.students) {
    if (!s.active) continue;
    const reasons: AtRiskStudent["reasons"] = [];
    const since = s.lastSubmissionAt ?? s.enrolledAt;
    const days = Math.floor((now - since) / DAY_MS);
    if (days >= rules.inactiveDays) {
      reasons.push({
        rule: "inactive",
        text:
          s.lastSubmissionAt === null
            ? `No submission since joining ${plural(days, "day")} ago`
            : `No submission for ${plural(days, "day")}`,
      });
    }
    let points = 0;
    let max = 0;
    let n = 0;
    for (const p of scored) {
      const best = s.cells.get(p.id)?.best;
      if (best === null || best === undefined) continue;
      points += best;
      max += p.maxPoints;
      n++;
    }
    if (n > 0) {
      const avg = round2((points / max) * 100);
      if (avg < rules.lowScorePct) {
        reasons.push({
          rule: "low-scores",
          text: `Average ${avg}% on the ${plural(n, "problem")} attempted (below ${rules.lowScorePct}%)`,
        });
      }
    }
    if (s.solved === 0 && (s.attempted > 0 || pastDueTasks.size > 0)) {
      reasons.push({
        rule: "nothing-solved",
        text:
          s.attempted > 0
            ? `Nothing solved yet after trying ${plural(s.attempted, "problem")}`
            : `Nothing solved; ${plural(pastDueTasks.size, "task")} past due`,
      });
    }
    if (reasons.length > 0) out.push({ student: s, reasons });
  }
  return out.sort(
    (a, b) =>
      b.reasons.length - a.reasons.length || a.student.displayName.localeCompare(b.student.displayName),
  );
}

export interface FailingTest {
  testId: number;
  testName: string;
  hidden: boolean;
  problemId: number;
  problemTitle: string;
  /** Graded runs of this test (skipped ones, after a syntax error, are not counted). */
  runs: number;
  failures: number;
  /** Distinct students with at least one failure. */
  students: number;
  wrong: number;
  crashed: number;
  timedOut: number;
}

/**
 * The tests that fail most often across every graded submission of the section (one query over
 * test_stats, the per test and student aggregate that triggers keep, migrations/0006).
 */
export async function mostFailedTests(
  db: Db,
  sectionId: number,
  limit = 10,
  includeRemedial = true,
): Promise<FailingTest[]> {
  const result = await sql<{
    test_id: number;
    test_name: string;
    hidden: number;
    problem_id: number;
    problem_title: string;
    runs: number;
    failures: number;
    students: number;
    wrong: number;
    crashed: number;
    timed_out: number;
  }>`
    WITH tests AS (
      SELECT tc.id FROM test_cases tc
      JOIN problems p ON p.id = tc.problem_id JOIN tasks t ON t.id = p.task_id
      WHERE t.section_id = ${sectionId} AND (${includeRemedial ? 1 : 0} = 1 OR t.remedial = 0)
    ),
    totals AS (
      SELECT ts.test_id, sum(ts.runs) AS runs, sum(ts.failures) AS failures, sum(ts.failures > 0) AS students,
        sum(ts.wrong) AS wrong, sum(ts.crashed) AS crashed, sum(ts.timed_out) AS timed_out
      FROM test_stats ts WHERE ts.test_id IN (SELECT id FROM tests)
      GROUP BY ts.test_id HAVING sum(ts.failures) > 0
      ORDER BY failures DESC, students DESC, ts.test_id LIMIT ${limit}
    )
    SELECT tc.id AS test_id, tc.name AS test_name, tc.hidden, p.id AS problem_id, p.title AS problem_title,
      totals.runs, totals.failures, totals.students, totals.wrong, totals.crashed, totals.timed_out
    FROM totals JOIN test_cases tc ON tc.id = totals.test_id JOIN problems p ON p.id = tc.problem_id
    ORDER BY totals.failures DESC, totals.students DESC, tc.id
  `.execute(db);
  return result.rows.map((r) => ({
    testId: r.test_id,
    testName: r.test_name,
    hidden: r.hidden === 1,
    problemId: r.problem_id,
    problemTitle: r.problem_title,
    runs: Number(r.runs),
    failures: Number(r.failures),
    students: Number(r.students),
    wrong: Number(r.wrong),
    crashed: Number(r.crashed),
    timedOut: Number(r.timed_out),
  }));
}

export interface DayActivity {
  /** YYYY-MM-DD in the server's time zone. */
  day: string;
  submissions: number;
  students: number;
}

/** A local calendar day as YYYY-MM-DD (the same days SQLite's 'localtime' gives). */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last `days` days ending today, oldest first, with zeros filled in. */
export function fillDays(rows: DayActivity[], now: number, days: number): DayActivity[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DayActivity[] = [];
  const today = new Date(now);
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i, 12);
    const key = dayKey(d.getTime());
    out.push(byDay.get(key) ?? { day: key, submissions: 0, students: 0 });
  }
  return out;
}

/** Start of the local day `days - 1` days before `now`. */
export function windowStart(now: number, days: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - (days - 1)).getTime();
}

/** Submissions and active students per day over the last `days` days (one query, activity_days). */
export async function sectionActivity(
  db: Db,
  sectionId: number,
  now: number,
  days = 30,
): Promise<DayActivity[]> {
  const rows = await db
    .selectFrom("activity_days")
    .select((eb) => [
      "day",
      eb.fn.sum<number>("submissions").as("submissions"),
      sql<number>`sum(submissions > 0)`.as("students"),
    ])
    .where("section_id", "=", sectionId)
    .where("day", ">=", dayKey(windowStart(now, days)))
    .where("day", "<=", dayKey(now))
    .groupBy("day")
    .execute();
  return fillDays(
    rows.map((r) => ({ day: r.day, submissions: Number(r.submissions), students: Number(r.students) })),
    now,
    days,
  );
}

export interface FeedItem {
  id: number;
  userId: number;
  displayName: string;
  problemId: number;
  problemTitle: string;
  taskId: number;
  status: string;
  score: number | null;
  maxScore: number | null;
  submittedAt: number;
  gradedAt: number | null;
}

/**
 * The latest submissions of a section, newest first: each student's newest submission per problem
 * (grade_cells.last_id), so one student resubmitting does not fill the feed. With `submissionId`,
 * that one submission (for a live update).
 */
export async function recentSectionResults(
  db: Db,
  sectionId: number,
  limit: number,
  options: { submissionId?: number; includeRemedial?: boolean } = {},
): Promise<FeedItem[]> {
  const { submissionId, includeRemedial = false } = options;
  let q = db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("users", "users.id", "submissions.user_id")
    .select((eb) => [
      "submissions.id",
      "submissions.user_id",
      "users.display_name",
      "problems.id as problem_id",
      "problems.title as problem_title",
      "problems.task_id",
      "submissions.status",
      eb.fn.coalesce("submissions.override_score", "submissions.score").as("score"),
      "submissions.max_score",
      "submissions.submitted_at",
      "submissions.graded_at",
    ]);
  if (submissionId !== undefined) {
    q = q
      .innerJoin("tasks", "tasks.id", "problems.task_id")
      .where("submissions.id", "=", submissionId)
      .where("tasks.section_id", "=", sectionId)
      .$if(!includeRemedial, (w) => w.where("tasks.remedial", "=", 0));
  } else {
    q = q
      .where("submissions.id", "in", (eb) =>
        eb
          .selectFrom("grade_cells")
          .select("grade_cells.last_id")
          .where(
            "grade_cells.problem_id",
            "in",
            (inner) =>
              inner
                .selectFrom("problems as sp")
                .innerJoin("tasks as st", "st.id", "sp.task_id")
                .select("sp.id")
                .where("st.section_id", "=", sectionId)
                .$if(!includeRemedial, (w) => w.where("st.remedial", "=", 0)), // as the dashboard's switch says
          )
          .orderBy("grade_cells.last_id", "desc")
          .limit(limit),
      )
      .orderBy("submissions.id", "desc");
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    problemId: r.problem_id,
    problemTitle: r.problem_title,
    taskId: r.task_id as number, // a section's problems only: joined through tasks above
    status: r.status,
    score: r.score === null ? null : Number(r.score),
    maxScore: r.max_score,
    submittedAt: r.submitted_at,
    gradedAt: r.graded_at,
  }));
}
