// Table types for Kysely. Timestamps are integer epoch milliseconds; booleans are 0/1 integers.
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type Role = "admin" | "teacher" | "student";

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role: Role;
  active: Generated<number>;
  must_change_password: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: number | null;
  created_at: number;
  last_login_at: number | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** 0: a browser session; 1: "Remember me" (migrations/0015). */
  persistent: Generated<number>;
}

export interface SectionsTable {
  id: Generated<number>;
  name: string;
  term: Generated<string>;
  description: Generated<string>;
  enroll_code: string;
  enroll_enabled: Generated<number>;
  archived_at: number | null;
  created_by: number;
  created_at: number;
  updated_at: number;
}

export interface SectionTeachersTable {
  section_id: number;
  user_id: number;
  role: "owner" | "co";
  added_at: number;
}

export interface EnrollmentsTable {
  section_id: number;
  user_id: number;
  enrolled_at: number;
}

export interface PlaygroundFilesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  content: Generated<string>;
  is_main: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  sections: SectionsTable;
  section_teachers: SectionTeachersTable;
  enrollments: EnrollmentsTable;
  playground_files: PlaygroundFilesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Section = Selectable<SectionsTable>;
export type NewSection = Insertable<SectionsTable>;
export type SectionUpdate = Updateable<SectionsTable>;
export type PlaygroundFile = Selectable<PlaygroundFilesTable>;
