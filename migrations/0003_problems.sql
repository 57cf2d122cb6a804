-- Tasks (assignments) group problems inside a section; problems carry test cases; submissions are the
-- durable grading queue (status queued -> running -> graded | error). Timestamps are epoch ms (UTC).

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  starts_at INTEGER,
  due_at INTEGER,
  -- none: nothing accepted after due_at; free: accepted without penalty; penalty: see the three below
  late_policy TEXT NOT NULL DEFAULT 'none' CHECK (late_policy IN ('none', 'free', 'penalty')),
  late_penalty_pct REAL NOT NULL DEFAULT 0,
  late_interval_hours REAL NOT NULL DEFAULT 24,
  late_cap_pct REAL NOT NULL DEFAULT 100,
  access_code_enc TEXT,
  max_submissions INTEGER,
  lock_after_first INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  leaderboard INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tasks_section ON tasks (section_id, position);

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  statement TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'stdin' CHECK (kind IN ('stdin', 'function')),
  function_name TEXT,
  function_params TEXT NOT NULL DEFAULT '[]', -- JSON array of parameter names
  starter_files TEXT NOT NULL DEFAULT '[]',   -- JSON [{name, content}]
  solution_files TEXT NOT NULL DEFAULT '[]',  -- JSON [{name, content}], teachers only
  main_file TEXT NOT NULL DEFAULT 'main.py',
  time_limit_ms INTEGER NOT NULL DEFAULT 2000,
  memory_mb INTEGER NOT NULL DEFAULT 128,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX problems_task ON problems (task_id, position);

CREATE TABLE test_cases (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  hidden INTEGER NOT NULL DEFAULT 0,
  points REAL NOT NULL DEFAULT 1,
  input TEXT NOT NULL DEFAULT '',    -- stdin text; for function tests a JSON array of arguments
  expected TEXT NOT NULL DEFAULT '', -- expected stdout; for function tests a JSON value
  compare TEXT NOT NULL DEFAULT 'trim' CHECK (compare IN ('trim', 'ignore_case', 'tolerance')),
  tolerance REAL,
  message TEXT NOT NULL DEFAULT '',
  UNIQUE (problem_id, name)
);
CREATE INDEX test_cases_problem ON test_cases (problem_id, position);

CREATE TABLE task_unlocks (
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  unlocked_at INTEGER NOT NULL,
  PRIMARY KEY (task_id, user_id)
);

CREATE TABLE regrades (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  requested_by INTEGER NOT NULL REFERENCES users (id),
  total INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE submissions (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  files TEXT NOT NULL,               -- JSON [{name, content}]
  main_file TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  late_penalty_pct REAL NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'graded', 'error')),
  -- Bumped by every regrade: a grading writes its result only for the round it claimed.
  grading_round INTEGER NOT NULL DEFAULT 1,
  regrade_id INTEGER REFERENCES regrades (id) ON DELETE SET NULL,
  claimed_at INTEGER,
  graded_at INTEGER,
  raw_score REAL,
  max_score REAL,
  score REAL,                        -- after the late penalty
  results TEXT,                      -- JSON, per test; hidden tests' data is never sent to students
  error TEXT,
  override_score REAL,
  override_comment TEXT,
  override_by INTEGER REFERENCES users (id),
  override_at INTEGER
);
CREATE INDEX submissions_queue ON submissions (status, id);
CREATE INDEX submissions_problem_user ON submissions (problem_id, user_id);
CREATE INDEX submissions_user ON submissions (user_id, submitted_at);
