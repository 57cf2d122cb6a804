-- Announcements a teacher posts to a section, the per-user notifications they fan out to, and the
-- results of bulk student imports (temporary passwords sealed with the app secret, kept for a day).
-- Timestamps are epoch ms (UTC).

CREATE TABLE announcements (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX announcements_section ON announcements (section_id, created_at);

-- kind is checked in code (src/models/notification.ts), so new kinds need no table rebuild.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  section_id INTEGER REFERENCES sections (id) ON DELETE CASCADE,
  announcement_id INTEGER REFERENCES announcements (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT,
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE student_imports (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  summary TEXT NOT NULL,  -- JSON {created, enrolled, duplicate, invalid}
  rows_sealed TEXT NOT NULL -- secret-box sealed JSON of the per-row report, temporary passwords included
);
CREATE INDEX student_imports_section ON student_imports (section_id, created_at);
