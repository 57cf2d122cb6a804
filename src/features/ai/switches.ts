// The teachers' switches: each feature on or off per section (off until turned on) and per task (a
// task can turn a section's feature off, e.g. during an exam), and the per-student daily limit of
// the section.
import type { Db } from "../../db/connection.ts";
import type { AiFeatureName } from "./settings.ts";

export interface SectionAi {
  tutor: boolean;
  complexity: boolean;
  dailyLimit: number;
}

export interface TaskAi {
  tutor: boolean;
  complexity: boolean;
}

export const DEFAULT_DAILY_LIMIT = 20;

export async function selectSectionAi(db: Db, sectionId: number): Promise<SectionAi> {
  const row = await db
    .selectFrom("ai_section_settings")
    .selectAll()
    .where("section_id", "=", sectionId)
    .executeTakeFirst();
  return row
    ? { tutor: row.tutor === 1, complexity: row.complexity === 1, dailyLimit: row.daily_limit }
    : { tutor: false, complexity: false, dailyLimit: DEFAULT_DAILY_LIMIT };
}

export async function saveSectionAi(db: Db, sectionId: number, s: SectionAi, now: number): Promise<void> {
  const values = {
    tutor: s.tutor ? 1 : 0,
    complexity: s.complexity ? 1 : 0,
    daily_limit: s.dailyLimit,
    updated_at: now,
  };
  await db
    .insertInto("ai_section_settings")
    .values({ section_id: sectionId, ...values })
    .onConflict((oc) => oc.column("section_id").doUpdateSet(values))
    .execute();
}

export async function selectTaskAi(db: Db, taskId: number): Promise<TaskAi> {
  const row = await db
    .selectFrom("ai_task_settings")
    .selectAll()
    .where("task_id", "=", taskId)
    .executeTakeFirst();
  return row
    ? { tutor: row.tutor === 1, complexity: row.complexity === 1 }
    : { tutor: true, complexity: true };
}

export async function saveTaskAi(db: Db, taskId: number, s: TaskAi, now: number): Promise<void> {
  const values = { tutor: s.tutor ? 1 : 0, complexity: s.complexity ? 1 : 0, updated_at: now };
  await db
    .insertInto("ai_task_settings")
    .values({ task_id: taskId, ...values })
    .onConflict((oc) => oc.column("task_id").doUpdateSet(values))
    .execute();
}

export const FEATURE_NAMES: Record<AiFeatureName, string> = {
  tutor: "The tutor",
  complexity: "AI Analysis",
};
