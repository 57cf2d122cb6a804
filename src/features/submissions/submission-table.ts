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

export async function selectSubmissionTable(
  db: Db,
  taskId: number,
  f: SubmissionFilter,
): Promise<{ rows: SubmissionRow[]; total: number }> {
  let q = db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("users", "users.id", "submissions.user_id")
    .where("problems.task_id", "=", taskId);
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
  const [rows, count] = await Promise.all([
    q
      .select([
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
      ])
      .orderBy("submissions.id", "desc")
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
