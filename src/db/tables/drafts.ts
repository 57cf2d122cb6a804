// Table type of problem drafts (migrations/0007): a student's unsubmitted code per problem. It joins
// Database in schema.ts through declaration merging, like problems.ts.
import type { Selectable } from "kysely";

export interface ProblemDraftsTable {
  problem_id: number;
  user_id: number;
  /** JSON array of {name, content}, like submissions.files. */
  files: string;
  main_file: string;
  updated_at: number;
}

declare module "../schema.ts" {
  interface Database {
    problem_drafts: ProblemDraftsTable;
  }
}

export type ProblemDraft = Selectable<ProblemDraftsTable>;
