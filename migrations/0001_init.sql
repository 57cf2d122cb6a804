-- Accounts, sessions, sections and enrollment. Timestamps are integer epoch milliseconds (UTC).

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  email TEXT,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'teacher', 'student')),
  active INTEGER NOT NULL DEFAULT 1,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  last_login_at INTEGER
);
CREATE INDEX users_role ON users (role);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  term TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  enroll_code TEXT NOT NULL UNIQUE,
  enroll_enabled INTEGER NOT NULL DEFAULT 1,
  archived_at INTEGER,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE section_teachers (
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'co')),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (section_id, user_id)
);
CREATE INDEX section_teachers_user ON section_teachers (user_id);

CREATE TABLE enrollments (
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  enrolled_at INTEGER NOT NULL,
  PRIMARY KEY (section_id, user_id)
);
CREATE INDEX enrollments_user ON enrollments (user_id);
