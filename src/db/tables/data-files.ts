// A problem's data files (migrations/0014_richer_execution.sql), joined into Database by declaration merging.
import type { Selectable } from "kysely";

export interface ProblemDataFilesTable {
  problem_id: number;
  name: string;
  content: Uint8Array;
  created_at: number;
}

declare module "../schema.ts" {
  interface Database {
    problem_data_files: ProblemDataFilesTable;
  }
}

export type ProblemDataFile = Selectable<ProblemDataFilesTable>;
