-- AI help (issue 13): the admin's provider settings, the teachers' switches per section and task,
-- usage records, cached complexity analyses, tutor conversations, withheld (leaking) replies, and the
-- last visible-test run of each student on each problem (context for the tutor). Times are epoch ms.

-- One row per setting the admin changed on /admin/ai; the environment gives the rest. The API key is
-- sealed with the app secret (src/lib/secret-box.ts).
CREATE TABLE ai_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Off until a teacher turns a feature on; daily_limit is AI requests per student per day.
CREATE TABLE ai_section_settings (
  section_id INTEGER PRIMARY KEY REFERENCES sections (id) ON DELETE CASCADE,
  tutor INTEGER NOT NULL DEFAULT 0,
  complexity INTEGER NOT NULL DEFAULT 0,
  daily_limit INTEGER NOT NULL DEFAULT 20,
  updated_at INTEGER NOT NULL
);

-- A task can only turn a section's features off (during an exam, say); no row: as the section says.
CREATE TABLE ai_task_settings (
  task_id INTEGER PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  tutor INTEGER NOT NULL DEFAULT 1,
  complexity INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);

-- One row per request to the provider (or refused before it), for limits and the admin's charts.
-- day is the server's local date (YYYY-MM-DD), the unit of the daily limits.
CREATE TABLE ai_usage (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  feature TEXT NOT NULL,
  section_id INTEGER REFERENCES sections (id) ON DELETE SET NULL,
  problem_id INTEGER REFERENCES problems (id) ON DELETE SET NULL,
  model TEXT NOT NULL,
  day TEXT NOT NULL,
  tokens_in INTEGER NOT NULL DEFAULT 0,
  tokens_out INTEGER NOT NULL DEFAULT 0,
  latency_ms INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ai_usage_user_day ON ai_usage (user_id, day);
CREATE INDEX ai_usage_day ON ai_usage (day);

CREATE TABLE ai_complexity_cache (
  code_hash TEXT NOT NULL,
  model TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (code_hash, model)
);

-- Tutor messages per student and problem (problem_id NULL: the playground). cleared_at hides a
-- message from the student who cleared the conversation; the section's teachers still see it.
CREATE TABLE ai_messages (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  problem_id INTEGER REFERENCES problems (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content TEXT NOT NULL,
  withheld INTEGER NOT NULL DEFAULT 0,
  cleared_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX ai_messages_owner ON ai_messages (user_id, problem_id, id);
CREATE INDEX ai_messages_problem ON ai_messages (problem_id);

-- A tutor reply whose code passed tests the student's code failed: withheld, kept for the teacher.
CREATE TABLE ai_leaks (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  reply TEXT NOT NULL,
  tests_passed INTEGER NOT NULL,
  tests_total INTEGER NOT NULL,
  student_passed INTEGER NOT NULL,
  replaced_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ai_leaks_problem ON ai_leaks (problem_id);

-- The outcome of a student's latest "Run tests" (visible tests only), as the tutor may quote it.
CREATE TABLE ai_visible_runs (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  summary TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, problem_id)
);
