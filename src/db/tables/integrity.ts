// Table types of academic integrity (migrations/0011_integrity.sql). They join Database in schema.ts
// through declaration merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export type PastePolicy = "allowed" | "blocked";

export interface IntegritySettingsTable {
  problem_id: number;
  paste: Generated<PastePolicy>;
  recording: Generated<number>;
  updated_at: number;
}

export interface IntegritySessionsTable {
  id: Generated<number>;
  sid: string;
  problem_id: number;
  user_id: number;
  submission_id: number | null;
  started_at: number;
  last_at: number;
  init_files: Generated<string>;
  recording_bytes: Generated<number>;
  analytics_bytes: Generated<number>;
  batches: Generated<number>;
  reported_keystrokes: Generated<number>;
  counted_keystrokes: Generated<number>;
  tampered: Generated<number>;
  tamper_reason: string | null;
}

export interface IntegrityBatchesTable {
  id: Generated<number>;
  session_id: number;
  seq: number;
  received_at: number;
  edits: string;
  signals: string;
}

export interface IntegrityRiskTable {
  submission_id: number;
  score: number;
  contributions: string;
  stats: string;
  computed_at: number;
}

export type SimilarityRunStatus = "queued" | "running" | "done" | "error";

export interface SimilarityRunsTable {
  id: Generated<number>;
  section_id: number;
  scope: "problem" | "task";
  scope_id: number;
  include_history: Generated<number>;
  fingerprint: string;
  status: Generated<SimilarityRunStatus>;
  progress: Generated<number>;
  total: Generated<number>;
  submissions: Generated<number>;
  error: string | null;
  created_by: number | null;
  created_at: number;
  finished_at: number | null;
}

export interface SimilarityPairsTable {
  run_id: number;
  problem_id: number;
  a_submission_id: number;
  b_submission_id: number;
  similarity: number;
  longest: number;
  jaccard: number;
  structure: number;
  text: number;
  historical: Generated<number>;
}

declare module "../schema.ts" {
  interface Database {
    integrity_settings: IntegritySettingsTable;
    integrity_sessions: IntegritySessionsTable;
    integrity_batches: IntegrityBatchesTable;
    integrity_risk: IntegrityRiskTable;
    similarity_runs: SimilarityRunsTable;
    similarity_pairs: SimilarityPairsTable;
  }
}

export type IntegritySettings = Selectable<IntegritySettingsTable>;
export type IntegritySession = Selectable<IntegritySessionsTable>;
export type IntegrityBatch = Selectable<IntegrityBatchesTable>;
export type SimilarityRun = Selectable<SimilarityRunsTable>;
export type SimilarityPair = Selectable<SimilarityPairsTable>;
