// A student's dashboard: progress per visible task across their sections, upcoming deadlines,
// recent results, daily activity (for the charts and the streak). A constant number of statements.
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { SubmissionStatus } from "../db/tables/problems.ts";
import { openToStudentSql } from "../features/targeting/assignees.ts";
import { DAY_MS, dayKey, windowStart } from "./insights.ts";

export interface TaskProgress {
  taskId: number;
  title: string;
  sectionId: number;
  sectionName: string;
  dueAt: number | null;
  problems: number;
  attempted: number;
  solved: number;
  points: number;
  maxPoints: number;
}

/** Every task the student can see in their live sections, with their progress on it (one query). */
export async function selectTaskProgress(db: Db, userId: number, now: number): Promise<TaskProgress[]> {
  const result = await sql<{
    task_id: number;
    title: string;
    section_id: number;
    section_name: string;
    due_at: number | null;
    problems: number;
    attempted: number;
    solved: number;
    points: number;
    max_points: number;
  }>`
    WITH visible AS (
      SELECT t.id, t.title, t.due_at, t.position, t.section_id, s.name AS section_name
      FROM tasks t
      JOIN sections s ON s.id = t.section_id AND s.archived_at IS NULL
      JOIN enrollments e ON e.section_id = t.section_id AND e.user_id = ${userId}
      WHERE t.published = 1 AND (t.starts_at IS NULL OR t.starts_at <= ${now})
        AND ${openToStudentSql("task", userId, "t")}
    ),
    probs AS (
      SELECT p.id, p.task_id,
        (SELECT coalesce(sum(tc.points), 0) FROM test_cases tc WHERE tc.problem_id = p.id) AS maxp
      FROM problems p WHERE p.task_id IN (SELECT id FROM visible)
    ),
    best AS (
      SELECT g.problem_id, g.attempts, g.best FROM grade_cells g
      WHERE g.user_id = ${userId} AND g.problem_id IN (SELECT id FROM probs)
    )
    SELECT v.id AS task_id, v.title, v.section_id, v.section_name, v.due_at,
      count(probs.id) AS problems,
      coalesce(sum(best.attempts > 0), 0) AS attempted,
      coalesce(sum(probs.maxp > 0 AND best.best >= probs.maxp - 1e-9), 0) AS solved,
      coalesce(sum(best.best), 0) AS points,
      coalesce(sum(probs.maxp), 0) AS max_points
    FROM visible v
    LEFT JOIN probs ON probs.task_id = v.id
    LEFT JOIN best ON best.problem_id = probs.id
    GROUP BY v.id
    ORDER BY v.section_name, v.section_id, v.position, v.id
  `.execute(db);
  return result.rows.map((r) => ({
    taskId: r.task_id,
    title: r.title,
    sectionId: r.section_id,
    sectionName: r.section_name,
    dueAt: r.due_at,
    problems: Number(r.problems),
    attempted: Number(r.attempted),
    solved: Number(r.solved),
    points: Math.round(Number(r.points) * 100) / 100,
    maxPoints: Math.round(Number(r.max_points) * 100) / 100,
  }));
}

/** Tasks due from now on, soonest first, that the student has not fully solved. */
export function upcomingDeadlines(tasks: TaskProgress[], now: number, limit = 6): TaskProgress[] {
  return tasks
    .filter((t) => t.dueAt !== null && t.dueAt >= now && !(t.problems > 0 && t.solved === t.problems))
    .sort((a, b) => a.dueAt! - b.dueAt!)
    .slice(0, limit);
}

export interface RecentResult {
  id: number;
  problemId: number;
  problemTitle: string;
  taskTitle: string;
  submittedAt: number;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
}

export async function selectRecentResults(db: Db, userId: number, limit = 8): Promise<RecentResult[]> {
  const rows = await db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .innerJoin("enrollments", (j) =>
      j
        .onRef("enrollments.section_id", "=", "tasks.section_id")
        .onRef("enrollments.user_id", "=", "submissions.user_id"),
    )
    .select((eb) => [
      "submissions.id",
      "submissions.problem_id",
      "problems.title as problem_title",
      "tasks.title as task_title",
      "submissions.submitted_at",
      "submissions.status",
      eb.fn.coalesce("submissions.override_score", "submissions.score").as("score"),
      "submissions.max_score",
    ])
    .where("submissions.user_id", "=", userId)
    .where("tasks.published", "=", 1)
    .orderBy("submissions.submitted_at", "desc")
    .orderBy("submissions.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    problemId: r.problem_id,
    problemTitle: r.problem_title,
    taskTitle: r.task_title,
    submittedAt: r.submitted_at,
    status: r.status,
    score: r.score === null ? null : Number(r.score),
    maxScore: r.max_score,
  }));
}

export interface StudentDay {
  day: string;
  submissions: number;
}

/** The student's submissions per local day over the last `days` days, from activity_days (one query). */
export async function selectStudentDays(
  db: Db,
  userId: number,
  now: number,
  days: number,
): Promise<StudentDay[]> {
  const rows = await db
    .selectFrom("activity_days")
    .select((eb) => ["day", eb.fn.sum<number>("submissions").as("submissions")])
    .where("user_id", "=", userId)
    .where("day", ">=", dayKey(windowStart(now, days)))
    .where("day", "<=", dayKey(now))
    .groupBy("day")
    .having(sql<number>`sum(submissions)`, ">", 0)
    .orderBy("day")
    .execute();
  return rows.map((r) => ({ day: r.day, submissions: Number(r.submissions) }));
}

export interface ScorePoint {
  submittedAt: number;
  problemTitle: string;
  /** The effective score in percent of the submission's maximum. */
  pct: number;
}

/** The student's last `limit` graded submissions, oldest first: the score trend. */
export async function selectScoreTrend(db: Db, userId: number, limit = 30): Promise<ScorePoint[]> {
  const rows = await db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select([
      "submissions.submitted_at",
      "problems.title",
      sql<number>`coalesce(submissions.override_score, submissions.score) * 100.0 / submissions.max_score`.as(
        "pct",
      ),
    ])
    .where("submissions.user_id", "=", userId)
    .where("submissions.status", "=", "graded")
    .where("submissions.max_score", ">", 0)
    .where("tasks.published", "=", 1)
    .orderBy("submissions.submitted_at", "desc")
    .limit(limit)
    .execute();
  return rows
    .map((r) => ({
      submittedAt: r.submitted_at,
      problemTitle: r.title,
      pct: Number(r.pct), // exact: the dashboard averages these, and rounds once when it prints
    }))
    .reverse();
}

/**
 * Consecutive days with at least one submission, ending today (or yesterday, so a streak is not
 * lost before the student had a chance to work today).
 */
export function activeStreak(days: StudentDay[], now: number): number {
  const active = new Set(days.filter((d) => d.submissions > 0).map((d) => d.day));
  const today = new Date(now);
  const key = (back: number) =>
    dayKey(new Date(today.getFullYear(), today.getMonth(), today.getDate() - back, 12).getTime());
  const start = active.has(key(0)) ? 0 : 1;
  if (!active.has(key(start))) return 0;
  let streak = 0;
  while (active.has(key(start + streak))) streak++;
  return streak;
}

export const STREAK_WINDOW_DAYS = 365;
export { DAY_MS };
