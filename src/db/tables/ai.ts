// Table types of AI help (migrations/0009_ai.sql). They join Database in schema.ts through
// declaration merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export type AiFeature = "tutor" | "complexity" | "test";

export interface AiSettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface AiSectionSettingsTable {
  section_id: number;
  tutor: Generated<number>;
  complexity: Generated<number>;
  daily_limit: Generated<number>;
  updated_at: number;
}

export interface AiTaskSettingsTable {
  task_id: number;
  tutor: Generated<number>;
  complexity: Generated<number>;
  updated_at: number;
}

export interface AiUsageTable {
  id: Generated<number>;
  user_id: number | null;
  feature: AiFeature;
  section_id: number | null;
  problem_id: number | null;
  model: string;
  day: string;
  tokens_in: Generated<number>;
  tokens_out: Generated<number>;
  latency_ms: Generated<number>;
  /** ok, cached, error, timeout, rate_limited, withheld, refused */
  outcome: string;
  created_at: number;
}

export interface AiComplexityCacheTable {
  code_hash: string;
  model: string;
  result: string;
  created_at: number;
}

export interface AiMessagesTable {
  id: Generated<number>;
  user_id: number;
  problem_id: number | null;
  role: "user" | "assistant";
  content: string;
  withheld: Generated<number>;
  cleared_at: number | null;
  created_at: number;
}

export interface AiLeaksTable {
  id: Generated<number>;
  user_id: number;
  problem_id: number;
  reply: string;
  tests_passed: number;
  tests_total: number;
  student_passed: number;
  replaced_by: string;
  created_at: number;
}

export interface AiVisibleRunsTable {
  user_id: number;
  problem_id: number;
  summary: string;
  created_at: number;
}

declare module "../schema.ts" {
  interface Database {
    ai_settings: AiSettingsTable;
    ai_section_settings: AiSectionSettingsTable;
    ai_task_settings: AiTaskSettingsTable;
    ai_usage: AiUsageTable;
    ai_complexity_cache: AiComplexityCacheTable;
    ai_messages: AiMessagesTable;
    ai_leaks: AiLeaksTable;
    ai_visible_runs: AiVisibleRunsTable;
  }
}

export type AiMessage = Selectable<AiMessagesTable>;
export type AiLeak = Selectable<AiLeaksTable>;
export type AiUsage = Selectable<AiUsageTable>;
