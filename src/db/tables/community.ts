// Table types of issue 17 (migrations/0015): password resets, profiles, problem chat, tickets,
// discussions, code comments, shared programs. They join Database in schema.ts through declaration
// merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  via: "email" | "link";
  created_by: number | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ProfilesTable {
  user_id: number;
  bio: Generated<string>;
  avatar_type: string | null;
  avatar_updated_at: number | null;
}

export interface ChatThreadsTable {
  id: Generated<number>;
  problem_id: number;
  student_id: number;
  created_at: number;
  last_message_at: number;
}

export interface ChatMessagesTable {
  id: Generated<number>;
  thread_id: number;
  author_id: number;
  body: string;
  code: string | null;
  created_at: number;
}

export interface ChatReadsTable {
  thread_id: number;
  user_id: number;
  last_read_id: number;
}

export type TicketKind = "bug" | "feature" | "feedback";
export type TicketStatus = "open" | "in_progress" | "resolved" | "closed";
export type TicketPriority = "low" | "normal" | "high" | "urgent";

export interface TicketsTable {
  id: Generated<number>;
  author_id: number;
  kind: TicketKind;
  title: string;
  description: string;
  status: Generated<TicketStatus>;
  priority: Generated<TicketPriority>;
  created_at: number;
  updated_at: number;
}

export interface TicketRepliesTable {
  id: Generated<number>;
  ticket_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  created_at: number;
}

export interface TicketScreenshotsTable {
  id: Generated<number>;
  ticket_id: number;
  mime: string;
  size: number;
  created_at: number;
}

export interface DiscussionSettingsTable {
  problem_id: number;
  visibility: "always" | "after_solved";
}

export interface DiscussionCommentsTable {
  id: Generated<number>;
  problem_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  pinned: Generated<number>;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
}

export interface CodeCommentsTable {
  id: Generated<number>;
  submission_id: number;
  author_id: number;
  file: string;
  line: number;
  body: string;
  created_at: number;
  edited_at: number | null;
}

export interface SharedProgramsTable {
  id: Generated<number>;
  owner_id: number;
  token: string;
  title: string;
  files: string;
  main_file: string;
  created_at: number;
  revoked_at: number | null;
}

declare module "../schema.ts" {
  interface Database {
    password_resets: PasswordResetsTable;
    profiles: ProfilesTable;
    chat_threads: ChatThreadsTable;
    chat_messages: ChatMessagesTable;
    chat_reads: ChatReadsTable;
    tickets: TicketsTable;
    ticket_replies: TicketRepliesTable;
    ticket_screenshots: TicketScreenshotsTable;
    discussion_settings: DiscussionSettingsTable;
    discussion_comments: DiscussionCommentsTable;
    code_comments: CodeCommentsTable;
    shared_programs: SharedProgramsTable;
  }
}

export type ChatMessage = Selectable<ChatMessagesTable>;
export type ChatThread = Selectable<ChatThreadsTable>;
export type Ticket = Selectable<TicketsTable>;
export type TicketReply = Selectable<TicketRepliesTable>;
export type DiscussionComment = Selectable<DiscussionCommentsTable>;
export type CodeComment = Selectable<CodeCommentsTable>;
export type SharedProgram = Selectable<SharedProgramsTable>;
