// Table types of announcements, notifications and student imports (migrations/0005). They join
// Database in schema.ts through declaration merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export type NotificationKind = "announcement" | "achievement" | "chat" | "ticket" | "code_comment";

export interface AnnouncementsTable {
  id: Generated<number>;
  section_id: number;
  author_id: number;
  title: string;
  body: Generated<string>;
  created_at: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  section_id: number | null;
  announcement_id: number | null;
  title: string;
  body: Generated<string>;
  link: string | null;
  created_at: number;
  read_at: number | null;
}

export interface StudentImportsTable {
  id: Generated<number>;
  section_id: number;
  created_by: number;
  created_at: number;
  expires_at: number;
  summary: string;
  rows_sealed: string;
}

declare module "../schema.ts" {
  interface Database {
    announcements: AnnouncementsTable;
    notifications: NotificationsTable;
    student_imports: StudentImportsTable;
  }
}

export type Announcement = Selectable<AnnouncementsTable>;
export type Notification = Selectable<NotificationsTable>;
export type StudentImport = Selectable<StudentImportsTable>;
