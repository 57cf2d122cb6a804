// Aggregates of submissions kept exact by triggers (migrations/0006): what the gradebook and the
// dashboards read instead of scanning every submission. Written only by those triggers.

export interface GradeCellsTable {
  problem_id: number;
  user_id: number;
  attempts: number;
  best: number | null;
  pending: number;
  last_at: number;
  last_id: number;
}

export interface TestStatsTable {
  test_id: number;
  user_id: number;
  runs: number;
  failures: number;
  wrong: number;
  crashed: number;
  timed_out: number;
}

export interface ActivityDaysTable {
  section_id: number;
  /** YYYY-MM-DD, local to the server's time zone. */
  day: string;
  user_id: number;
  submissions: number;
}

declare module "../schema.ts" {
  interface Database {
    grade_cells: GradeCellsTable;
    test_stats: TestStatsTable;
    activity_days: ActivityDaysTable;
  }
}
