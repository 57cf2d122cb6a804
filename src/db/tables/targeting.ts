// Remedial targeting (migrations/0017): which students a remedial task, lesson or assessment is for.

export type RemedialKind = "task" | "lesson" | "assessment";

export interface RemedialAssigneesTable {
  item_type: RemedialKind;
  item_id: number;
  user_id: number;
}

declare module "../schema.ts" {
  interface Database {
    remedial_assignees: RemedialAssigneesTable;
  }
}
