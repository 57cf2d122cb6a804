-- People around the code (issue 17): remembered vs browser sessions, password reset tokens,
-- profiles (bio, avatar), problem chat, support tickets, problem discussions, teacher comments on
-- submission lines, and shared playground programs. Timestamps are epoch ms (UTC). Uploaded files
-- (avatars, ticket screenshots) live under the data dir; these rows only describe them.

-- 0: a browser session (cookie without Max-Age, short server-side expiry); 1: "Remember me".
ALTER TABLE sessions ADD COLUMN persistent INTEGER NOT NULL DEFAULT 1;

-- Single-use reset tokens: only the SHA-256 of the token is kept; used_at marks it spent.
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  via TEXT NOT NULL,               -- 'email' | 'link'
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX password_resets_user ON password_resets (user_id);

CREATE TABLE profiles (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  bio TEXT NOT NULL DEFAULT '',
  avatar_type TEXT,                -- image/png | image/jpeg | image/webp; NULL: the default avatar
  avatar_updated_at INTEGER
);

-- One conversation per student and problem, between the student and the section's teachers.
CREATE TABLE chat_threads (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  student_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_message_at INTEGER NOT NULL,
  UNIQUE (problem_id, student_id)
);
CREATE TABLE chat_messages (
  id INTEGER PRIMARY KEY,
  thread_id INTEGER NOT NULL REFERENCES chat_threads (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  code TEXT,                       -- JSON {files: [{name, content}], main} or NULL
  created_at INTEGER NOT NULL
);
CREATE INDEX chat_messages_thread ON chat_messages (thread_id, id);
CREATE TABLE chat_reads (
  thread_id INTEGER NOT NULL REFERENCES chat_threads (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_read_id INTEGER NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,              -- bug | feature | feedback
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',     -- open | in_progress | resolved | closed
  priority TEXT NOT NULL DEFAULT 'normal', -- low | normal | high | urgent
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, priority);
CREATE INDEX tickets_author ON tickets (author_id, id);
CREATE TABLE ticket_replies (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES ticket_replies (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_replies_ticket ON ticket_replies (ticket_id, id);
CREATE TABLE ticket_screenshots (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE discussion_settings (
  problem_id INTEGER PRIMARY KEY REFERENCES problems (id) ON DELETE CASCADE,
  visibility TEXT NOT NULL DEFAULT 'always' -- always | after_solved
);
CREATE TABLE discussion_comments (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES discussion_comments (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER               -- a deleted comment with replies stays as "deleted" so they keep their place
);
CREATE INDEX discussion_comments_problem ON discussion_comments (problem_id, id);

CREATE TABLE code_comments (
  id INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  edited_at INTEGER
);
CREATE INDEX code_comments_submission ON code_comments (submission_id, file, line);

-- A snapshot of a playground program, readable by signed-in users who have the link until revoked.
CREATE TABLE shared_programs (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  files TEXT NOT NULL,             -- JSON [{name, content}]
  main_file TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX shared_programs_owner ON shared_programs (owner_id, id);
