// Hints on problems (migrations/0019_hints.sql), joined into Database by declaration merging.
import type { Generated, Selectable } from "kysely";

export interface ProblemHintsTable {
  id: Generated<number>;
  problem_id: number;
  position: Generated<number>;
  /** Markdown, rendered with the project's sanitizing pipeline (src/lib/markdown.ts). */
  body: string;
  /** Points taken off the problem's score once the student reveals it. */
  penalty: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface HintRevealsTable {
  hint_id: number;
  user_id: number;
  revealed_at: number;
}

export interface HintPenaltiesView {
  problem_id: number;
  user_id: number;
  penalty: number;
  revealed: number;
}

declare module "../schema.ts" {
  interface Database {
    problem_hints: ProblemHintsTable;
    hint_reveals: HintRevealsTable;
    hint_penalties: HintPenaltiesView;
  }
}

export type ProblemHint = Selectable<ProblemHintsTable>;
