// The grades of a section, read with a constant number of SQL statements whatever its size: the
// problems students can see (with their points), the roster, and every student x problem cell from
// grade_cells (an aggregate of submissions kept exact by triggers, migrations/0006). Everything else (totals, sorting, insights) is arithmetic
// over those rows. A problem's points are the sum of its tests' points; a student's score on it is
// their best effective score (the teacher's override when there is one) among graded submissions.
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import { notRemedialSql } from "../features/targeting/assignees.ts";
import { type RosterRow, selectRoster } from "../models/section.ts";

/** Scores within this of the maximum count as full marks (floating-point sums of test points). */
const EPSILON = 1e-9;

export interface GradeProblem {
  id: number;
  title: string;
  taskId: number;
  taskTitle: string;
  dueAt: number | null;
  maxPoints: number;
}

export interface GradeCell {
  /** Best effective score among graded submissions; null when none is graded. */
  best: number | null;
  attempts: number;
  pending: number;
  lastAt: number;
}

export interface GradeStudent {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  enrolledAt: number;
  cells: Map<number, GradeCell>;
  /** Sum of best scores over the problems (missing counts as 0). */
  points: number;
  maxPoints: number;
  /** points / maxPoints in percent; null while the student has no graded submission at all. */
  grade: number | null;
  solved: number;
  attempted: number;
  /** The last submission, or null when there is none. */
  lastSubmissionAt: number | null;
}

export interface SectionGrades {
  problems: GradeProblem[];
  students: GradeStudent[];
  maxPoints: number;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function isSolved(cell: GradeCell | undefined, problem: GradeProblem): boolean {
  return (
    cell !== undefined &&
    cell.best !== null &&
    problem.maxPoints > 0 &&
    cell.best >= problem.maxPoints - EPSILON
  );
}

/**
 * Problems of the section's tasks that students can see at `now` (published and started), in the
 * order students see them.
 */
export async function selectGradeProblems(
  db: Db,
  sectionId: number,
  now: number,
  includeRemedial = true,
): Promise<GradeProblem[]> {
  const rows = await db
    .selectFrom("problems")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select((eb) => [
      "problems.id",
      "problems.title",
      "tasks.id as task_id",
      "tasks.title as task_title",
      "tasks.due_at",
      eb
        .selectFrom("test_cases")
        .whereRef("test_cases.problem_id", "=", "problems.id")
        .select(sql<number>`coalesce(sum(test_cases.points), 0)`.as("p"))
        .as("max_points"),
    ])
    .where("tasks.section_id", "=", sectionId)
    .where("tasks.published", "=", 1)
    .where((eb) => eb.or([eb("tasks.starts_at", "is", null), eb("tasks.starts_at", "<=", now)]))
    // The class dashboard leaves remedial tasks out unless asked (src/features/targeting).
    .$if(!includeRemedial, (q) => q.where(notRemedialSql("task")))
    .orderBy("tasks.position")
    .orderBy("tasks.id")
    .orderBy("problems.position")
    .orderBy("problems.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    taskId: r.task_id,
    taskTitle: r.task_title,
    dueAt: r.due_at,
    maxPoints: Number(r.max_points ?? 0),
  }));
}

export interface CellRow {
  user_id: number;
  problem_id: number;
  attempts: number;
  best: number | null;
  pending: number;
  last_at: number;
}

/**
 * Every student x problem cell of a section (optionally of one student), read from grade_cells: the
 * per-cell aggregate of submissions that triggers keep exact (migrations/0006).
 */
export function selectCells(db: Db, sectionId: number, userId?: number): Promise<CellRow[]> {
  let q = db
    .selectFrom("grade_cells")
    .select(["user_id", "problem_id", "attempts", "best", "pending", "last_at"])
    .where("problem_id", "in", (eb) =>
      eb
        .selectFrom("problems")
        .innerJoin("tasks", "tasks.id", "problems.task_id")
        .select("problems.id")
        .where("tasks.section_id", "=", sectionId),
    );
  if (userId !== undefined) q = q.where("user_id", "=", userId);
  return q.execute();
}

/** Builds students (with totals) from roster rows and cell rows; pure. */
export function assemble(problems: GradeProblem[], roster: RosterRow[], cells: CellRow[]): SectionGrades {
  const visible = new Map(problems.map((p) => [p.id, p]));
  const maxPoints = round2(problems.reduce((n, p) => n + p.maxPoints, 0));
  const byUser = new Map<number, GradeStudent>();
  const students = roster.map((r) => {
    const s: GradeStudent = {
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      email: r.email,
      active: r.active === 1,
      enrolledAt: r.enrolled_at,
      cells: new Map(),
      points: 0,
      maxPoints,
      grade: null,
      solved: 0,
      attempted: 0,
      lastSubmissionAt: null,
    };
    byUser.set(r.id, s);
    return s;
  });
  for (const row of cells) {
    const s = byUser.get(row.user_id);
    if (!s) continue;
    const lastAt = Number(row.last_at);
    s.lastSubmissionAt = Math.max(s.lastSubmissionAt ?? 0, lastAt);
    const problem = visible.get(row.problem_id);
    if (!problem) continue; // a task unpublished since: not part of the grade
    const cell: GradeCell = {
      best: row.best === null ? null : Number(row.best),
      attempts: Number(row.attempts),
      pending: Number(row.pending),
      lastAt,
    };
    s.cells.set(row.problem_id, cell);
    s.attempted++;
    if (cell.best !== null) s.points += cell.best;
    if (isSolved(cell, problem)) s.solved++;
  }
  for (const s of students) {
    s.points = round2(s.points);
    const graded = [...s.cells.values()].some((c) => c.best !== null);
    s.grade = graded && maxPoints > 0 ? round2((s.points / maxPoints) * 100) : null;
  }
  return { problems, students, maxPoints };
}

/** The whole section: three statements, whatever the number of students and problems. */
export async function loadSectionGrades(
  db: Db,
  sectionId: number,
  now: number,
  includeRemedial = true,
): Promise<SectionGrades> {
  const [problems, roster, cells] = await Promise.all([
    selectGradeProblems(db, sectionId, now, includeRemedial),
    selectRoster(db, sectionId),
    selectCells(db, sectionId),
  ]);
  return assemble(problems, roster, cells);
}

/** One student's row (for live updates): three small statements. */
export async function loadStudentGrades(
  db: Db,
  sectionId: number,
  userId: number,
  now: number,
  includeRemedial = true,
): Promise<{ problems: GradeProblem[]; student: GradeStudent | undefined }> {
  const [problems, roster, cells] = await Promise.all([
    selectGradeProblems(db, sectionId, now, includeRemedial),
    selectRoster(db, sectionId, userId),
    selectCells(db, sectionId, userId),
  ]);
  return { problems, student: assemble(problems, roster, cells).students[0] };
}

export type SortKey = "grade" | "name" | "username" | "solved" | "active" | `p${number}`;
export type SortDir = "asc" | "desc";

/**
 * Sorts students in place. Students without a value for the key (no grade, no attempt at that
 * problem, never submitted) always come last, whichever the direction; ties go by name.
 */
export function sortStudents(students: GradeStudent[], key: SortKey, dir: SortDir): GradeStudent[] {
  const value = (s: GradeStudent): number | string | null => {
    switch (key) {
      case "grade":
        return s.grade;
      case "name":
        return s.displayName.toLocaleLowerCase();
      case "username":
        return s.username.toLowerCase();
      case "solved":
        return s.attempted === 0 ? null : s.solved;
      case "active":
        return s.lastSubmissionAt;
      default:
        return s.cells.get(Number(key.slice(1)))?.best ?? null;
    }
  };
  const sign = dir === "asc" ? 1 : -1;
  const byName = (a: GradeStudent, b: GradeStudent) =>
    a.displayName.localeCompare(b.displayName) || a.id - b.id;
  return students.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return byName(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    const cmp = typeof va === "string" ? va.localeCompare(vb as string) : va - (vb as number);
    return cmp * sign || byName(a, b);
  });
}

/** The same grades over a subset of the problems (an export of chosen tasks or problems); pure. */
export function restrictGrades(g: SectionGrades, problemIds: Set<number>): SectionGrades {
  const problems = g.problems.filter((p) => problemIds.has(p.id));
  const cells: CellRow[] = [];
  const roster: RosterRow[] = g.students.map((s) => ({
    id: s.id,
    username: s.username,
    display_name: s.displayName,
    email: s.email,
    active: s.active ? 1 : 0,
    enrolled_at: s.enrolledAt,
  }));
  for (const s of g.students) {
    for (const [problemId, c] of s.cells) {
      if (!problemIds.has(problemId)) continue;
      cells.push({
        user_id: s.id,
        problem_id: problemId,
        attempts: c.attempts,
        best: c.best,
        pending: c.pending,
        last_at: c.lastAt,
      });
    }
  }
  return assemble(problems, roster, cells);
}
