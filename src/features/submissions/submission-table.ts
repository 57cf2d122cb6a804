// The teacher's submissions table of a task, filtered and joined in one query.
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { SubmissionStatus } from "../../db/tables/problems.ts";

export interface SubmissionFilter {
  problemId?: number;
  student?: string;
  status?: SubmissionStatus;
  minScore?: number;
  maxScore?: number;
  /** Only submissions whose integrity risk score (features/integrity) is at least this. */
  minRisk?: number;
  limit: number;
  offset: number;
}

export interface SubmissionRow {
  id: number;
  problem_id: number;
  problem_title: string;
  user_id: number;
  display_name: string;
  username: string;
  submitted_at: number;
  status: SubmissionStatus;
  score: number | null;
  max_score: number | null;
  override_score: number | null;
  late_penalty_pct: number;
}

/** The table's columns, joined from submissions, problems and users. */
function tableRows(db: Db) {
  return db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("users", "users.id", "submissions.user_id");
}

const COLUMNS = [
  "submissions.id",
  "submissions.problem_id",
  "problems.title as problem_title",
  "submissions.user_id",
  "users.display_name",
  "users.username",
  "submissions.submitted_at",
  "submissions.status",
  "submissions.score",
  "submissions.max_score",
  "submissions.override_score",
  "submissions.late_penalty_pct",
] as const;

/** One submission of a task as a table row (for live updates). */
export function selectSubmissionRow(db: Db, taskId: number, id: number): Promise<SubmissionRow | undefined> {
  return tableRows(db)
    .select(COLUMNS)
    .where("submissions.id", "=", id)
    .where("problems.task_id", "=", taskId)
    .executeTakeFirst();
}

/** Whether a row passes the table's filters (the same rules as selectSubmissionTable). */
export function rowMatches(row: SubmissionRow, f: SubmissionFilter): boolean {
  if (f.problemId && row.problem_id !== f.problemId) return false;
  if (f.status && row.status !== f.status) return false;
  if (f.student) {
    const s = f.student.toLowerCase();
    if (!row.display_name.toLowerCase().includes(s) && !row.username.toLowerCase().includes(s)) return false;
  }
  const score = row.override_score ?? row.score;
  if (f.minScore !== undefined && (score === null || score < f.minScore)) return false;
  if (f.maxScore !== undefined && (score === null || score > f.maxScore)) return false;
  if (f.minRisk !== undefined) return false; // a new submission's risk is shown after a reload
  return true;
}

export async function selectSubmissionTable(
  db: Db,
  taskId: number,
  f: SubmissionFilter,
): Promise<{ rows: SubmissionRow[]; total: number }> {
  let q = tableRows(db).where("problems.task_id", "=", taskId);
  if (f.problemId) q = q.where("submissions.problem_id", "=", f.problemId);
  if (f.status) q = q.where("submissions.status", "=", f.status);
  if (f.student) {
    const s = f.student.toLowerCase();
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn("instr", [eb.fn("lower", ["users.display_name"]), eb.val(s)]), ">", 0),
        eb(eb.fn("instr", [eb.fn("lower", ["users.username"]), eb.val(s)]), ">", 0),
      ]),
    );
  }
  // The score that counts: the teacher's override when there is one.
  const effective = sql<number>`coalesce(submissions.override_score, submissions.score)`;
  if (f.minScore !== undefined) q = q.where(effective, ">=", f.minScore);
  if (f.maxScore !== undefined) q = q.where(effective, "<=", f.maxScore);
  if (f.minRisk !== undefined) {
    const risky = db.selectFrom("integrity_risk").select("submission_id").where("score", ">=", f.minRisk);
    q = q.where("submissions.id", "in", risky);
  }
  const [rows, count] = await Promise.all([
    q.select(COLUMNS).orderBy("submissions.id", "desc").limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
