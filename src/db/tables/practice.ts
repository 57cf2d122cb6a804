// Table types of the practice catalog, points, streaks and achievements (migrations/0012_practice.sql).
// They join Database in schema.ts through declaration merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export type Difficulty = "easy" | "medium" | "hard";

export interface PracticeProblemsTable {
  problem_id: number;
  title_key: string;
  difficulty: Difficulty;
  points: number;
  published: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface PracticeTagsTable {
  problem_id: number;
  tag: string;
}

export interface PracticeSolvesTable {
  user_id: number;
  problem_id: number;
  submission_id: number;
  points: number;
  solved_at: number;
}

export interface PracticePrefsTable {
  user_id: number;
  show_name: Generated<number>;
  hide_points: Generated<number>;
}

export interface PracticeSettingsTable {
  key: string;
  value: string;
}

export interface PracticeSectionSettingsTable {
  section_id: number;
  gamification: Generated<number>;
}

export interface PracticeSectionAchievementsTable {
  id: Generated<number>;
  section_id: number;
  task_id: number;
  title: string;
  icon: string;
  created_by: number | null;
  created_at: number;
}

export interface PracticeAchievementsTable {
  user_id: number;
  code: string;
  section_achievement_id: number | null;
  unlocked_at: number;
  toasted_at: number | null;
}

declare module "../schema.ts" {
  interface Database {
    practice_problems: PracticeProblemsTable;
    practice_tags: PracticeTagsTable;
    practice_solves: PracticeSolvesTable;
    practice_prefs: PracticePrefsTable;
    practice_settings: PracticeSettingsTable;
    practice_section_settings: PracticeSectionSettingsTable;
    practice_section_achievements: PracticeSectionAchievementsTable;
    practice_achievements: PracticeAchievementsTable;
  }
}

export type PracticeProblem = Selectable<PracticeProblemsTable>;
export type SectionAchievement = Selectable<PracticeSectionAchievementsTable>;
export type UnlockedAchievement = Selectable<PracticeAchievementsTable>;
