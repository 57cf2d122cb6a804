// Table types of tasks, problems, test cases and submissions (migrations/0003_problems.sql).
// They join Database in schema.ts through declaration merging.
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type LatePolicy = "none" | "free" | "penalty";
export type ProblemKind = "stdin" | "function";
export type CompareMode = "trim" | "ignore_case" | "tolerance";
export type SubmissionStatus = "queued" | "running" | "graded" | "error";

export interface TasksTable {
  id: Generated<number>;
  section_id: number;
  title: string;
  description: Generated<string>;
  starts_at: number | null;
  due_at: number | null;
  late_policy: Generated<LatePolicy>;
  late_penalty_pct: Generated<number>;
  late_interval_hours: Generated<number>;
  late_cap_pct: Generated<number>;
  access_code_enc: string | null;
  max_submissions: number | null;
  lock_after_first: Generated<number>;
  published: Generated<number>;
  leaderboard: Generated<number>;
  position: Generated<number>;
  created_at: number;
  updated_at: number;
  /** 1: only the students in remedial_assignees see it (migrations/0017). */
  remedial: Generated<number>;
}

export interface ProblemsTable {
  id: Generated<number>;
  /** null for a practice catalog problem (migrations/0012), which belongs to no section's task. */
  task_id: number | null;
  title: string;
  statement: Generated<string>;
  kind: Generated<ProblemKind>;
  function_name: string | null;
  function_params: Generated<string>;
  starter_files: Generated<string>;
  solution_files: Generated<string>;
  main_file: Generated<string>;
  time_limit_ms: Generated<number>;
  memory_mb: Generated<number>;
  position: Generated<number>;
  created_at: number;
  updated_at: number;
  /** migrations/0019: offer the first hint after this many failed submissions (null: never). */
  hint_offer_failures: Generated<number | null>;
  /** migrations/0019: offer the first hint while the best score is below this percent (null: never). */
  hint_offer_below_pct: Generated<number | null>;
  /** migrations/0019: 1 submits by itself once "Run tests" passes every test (no hidden tests only). */
  auto_submit: Generated<number>;
}

export interface TestCasesTable {
  id: Generated<number>;
  problem_id: number;
  name: string;
  position: Generated<number>;
  hidden: Generated<number>;
  points: Generated<number>;
  input: Generated<string>;
  expected: Generated<string>;
  compare: Generated<CompareMode>;
  tolerance: number | null;
  message: Generated<string>;
  /** migrations/0014: "io" (the problem's kind) or "code" (Python test code in input). */
  kind: Generated<TestKind>;
  value_format: Generated<ValueFormat>;
  input_typed: Generated<string | null>;
  expected_typed: Generated<string | null>;
  files: Generated<string>;
  expected_files: Generated<string>;
}

export type TestKind = "io" | "code";
export type ValueFormat = "json" | "python";

export interface TaskUnlocksTable {
  task_id: number;
  user_id: number;
  unlocked_at: number;
}

export interface RegradesTable {
  id: Generated<number>;
  task_id: number;
  requested_by: number;
  total: number;
  created_at: number;
}

export interface SubmissionsTable {
  id: Generated<number>;
  problem_id: number;
  user_id: number;
  files: string;
  main_file: string;
  submitted_at: number;
  late_penalty_pct: Generated<number>;
  status: Generated<SubmissionStatus>;
  grading_round: Generated<number>;
  regrade_id: number | null;
  claimed_at: number | null;
  graded_at: number | null;
  raw_score: number | null;
  max_score: number | null;
  score: number | null;
  results: string | null;
  error: string | null;
  override_score: number | null;
  override_comment: string | null;
  override_by: number | null;
  override_at: number | null;
  /** The score before the latest regrade (migrations/0004). */
  previous_score: Generated<number | null>;
}

declare module "../schema.ts" {
  interface Database {
    tasks: TasksTable;
    problems: ProblemsTable;
    test_cases: TestCasesTable;
    task_unlocks: TaskUnlocksTable;
    regrades: RegradesTable;
    submissions: SubmissionsTable;
  }
}

export type Task = Selectable<TasksTable>;
export type NewTask = Insertable<TasksTable>;
export type TaskUpdate = Updateable<TasksTable>;
export type Problem = Selectable<ProblemsTable>;
export type NewProblem = Insertable<ProblemsTable>;
export type ProblemUpdate = Updateable<ProblemsTable>;
export type TestCase = Selectable<TestCasesTable>;
export type NewTestCase = Insertable<TestCasesTable>;
export type Submission = Selectable<SubmissionsTable>;
