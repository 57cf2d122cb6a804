// Table types of question banks, assessments and attempts (migrations/0010_assessments.sql). They join
// Database in schema.ts through declaration merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export type GradingMethod = "highest" | "average" | "first" | "last";
export type Delivery = "all" | "page" | "one";
export type AttemptState = "open" | "submitted";

export interface QuestionBanksTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface QuestionBankSectionsTable {
  bank_id: number;
  section_id: number;
}

export interface QuestionCategoriesTable {
  id: Generated<number>;
  bank_id: number;
  parent_id: number | null;
  name: string;
  created_at: number;
}

export interface QuestionsTable {
  id: Generated<number>;
  bank_id: number;
  category_id: number;
  current_version_id: number | null;
  created_at: number;
  updated_at: number;
  /** Set when a question used by attempts is deleted: hidden from the bank (migrations/0014). */
  hidden_at: Generated<number | null>;
}

export interface QuestionVersionsTable {
  id: Generated<number>;
  question_id: number;
  version: number;
  qtype: string;
  name: string;
  body: string;
  body_format: Generated<number>;
  default_mark: number;
  general_feedback: Generated<string>;
  tags: Generated<string>;
  data: Generated<string>;
  created_by: number | null;
  created_at: number;
}

export interface AssessmentsTable {
  id: Generated<number>;
  section_id: number;
  title: string;
  instructions: Generated<string>;
  opens_at: number | null;
  closes_at: number | null;
  time_limit_s: number | null;
  password_enc: string | null;
  max_attempts: number | null;
  grading_method: Generated<GradingMethod>;
  shuffle_questions: Generated<number>;
  shuffle_answers: Generated<number>;
  delivery: Generated<Delivery>;
  sequential: Generated<number>;
  published: Generated<number>;
  practice_after_close: Generated<number>;
  review: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /** 1: only the students in remedial_assignees see it (migrations/0017). */
  remedial: Generated<number>;
}

export interface AssessmentPartsTable {
  id: Generated<number>;
  assessment_id: number;
  position: number;
  title: string;
  instructions: Generated<string>;
}

export interface AssessmentSlotsTable {
  id: Generated<number>;
  assessment_id: number;
  part_id: number;
  position: number;
  question_id: number | null;
  category_id: number | null;
  draw_count: Generated<number>;
  mark: number | null;
}

export interface AssessmentAttemptsTable {
  id: Generated<number>;
  assessment_id: number;
  user_id: number;
  number: number;
  practice: Generated<number>;
  state: Generated<AttemptState>;
  started_at: number;
  deadline_at: number | null;
  submitted_at: number | null;
  auto_submitted: Generated<number>;
  page: Generated<number>;
  score: number | null;
  max_score: Generated<number>;
  pending_manual: Generated<number>;
}

export interface AttemptItemsTable {
  id: Generated<number>;
  attempt_id: number;
  position: number;
  page: number;
  part_id: number | null;
  question_id: number;
  version_id: number;
  max_mark: number;
  choice_order: Generated<string>;
  response: string | null;
  fraction: number | null;
  score: number | null;
  teacher_feedback: Generated<string>;
  graded_by: number | null;
  saved_at: number | null;
}

export interface QuestionImagesTable {
  id: Generated<number>;
  bank_id: number;
  sha256: string;
  mime: string;
  name: string;
  bytes: number;
  created_by: number | null;
  created_at: number;
}

declare module "../schema.ts" {
  interface Database {
    question_banks: QuestionBanksTable;
    question_bank_sections: QuestionBankSectionsTable;
    question_categories: QuestionCategoriesTable;
    questions: QuestionsTable;
    question_versions: QuestionVersionsTable;
    assessments: AssessmentsTable;
    assessment_parts: AssessmentPartsTable;
    assessment_slots: AssessmentSlotsTable;
    assessment_attempts: AssessmentAttemptsTable;
    attempt_items: AttemptItemsTable;
    question_images: QuestionImagesTable;
  }
}

export type QuestionBank = Selectable<QuestionBanksTable>;
export type QuestionCategory = Selectable<QuestionCategoriesTable>;
export type QuestionVersion = Selectable<QuestionVersionsTable>;
export type Assessment = Selectable<AssessmentsTable>;
export type AssessmentPart = Selectable<AssessmentPartsTable>;
export type AssessmentSlot = Selectable<AssessmentSlotsTable>;
export type Attempt = Selectable<AssessmentAttemptsTable>;
export type AttemptItem = Selectable<AttemptItemsTable>;
export type QuestionImage = Selectable<QuestionImagesTable>;
