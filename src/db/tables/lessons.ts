// Lessons (migrations/0018): pages of Markdown with runnable snippets, students' snippet edits and page
// completions, uploaded images, and each section's allowed video hosts.
import type { Generated, Selectable } from "kysely";

export type LessonCompletion = "manual" | "end";

export interface LessonsTable {
  id: Generated<number>;
  section_id: number;
  title: string;
  description: Generated<string>;
  published: Generated<number>;
  starts_at: number | null;
  completion: Generated<LessonCompletion>;
  remedial: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface LessonPagesTable {
  id: Generated<number>;
  lesson_id: number;
  position: number;
  title: string;
  body: Generated<string>;
}

export interface LessonSnippetsTable {
  id: Generated<number>;
  page_id: number;
  position: number;
  code: string;
}

export interface LessonSnippetEditsTable {
  snippet_id: number;
  user_id: number;
  code: string;
  updated_at: number;
}

export interface LessonPageCompletionsTable {
  page_id: number;
  user_id: number;
  completed_at: number;
}

export interface LessonImagesTable {
  id: Generated<number>;
  lesson_id: number;
  sha256: string;
  mime: string;
  name: string;
  bytes: number;
  created_by: number | null;
  created_at: number;
}

export interface LessonVideoHostsTable {
  section_id: number;
  hosts: string;
  updated_at: number;
}

export type Lesson = Selectable<LessonsTable>;
export type LessonPage = Selectable<LessonPagesTable>;

declare module "../schema.ts" {
  interface Database {
    lessons: LessonsTable;
    lesson_pages: LessonPagesTable;
    lesson_snippets: LessonSnippetsTable;
    lesson_snippet_edits: LessonSnippetEditsTable;
    lesson_page_completions: LessonPageCompletionsTable;
    lesson_images: LessonImagesTable;
    lesson_video_hosts: LessonVideoHostsTable;
  }
}
