-- slate: foreign_keys off
-- Practice and motivation: a public problem catalog outside sections, points, streaks, achievements.
-- Timestamps are epoch ms (UTC); booleans 0/1.
--
-- A catalog problem is an ordinary row of `problems` (its tests in test_cases, its submissions in
-- submissions, graded by the same durable queue) whose task_id is NULL. task_id was NOT NULL, so the
-- table is rebuilt with SQLite's documented procedure (foreign keys off for this file, checked before
-- commit by src/db/migrate.ts). SELECT * copies every column in order: a migration that added a column
-- to problems before this one makes the INSERT fail loudly instead of dropping that column silently.

CREATE TABLE problems_rebuilt (
  id INTEGER PRIMARY KEY,
  task_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  statement TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'stdin' CHECK (kind IN ('stdin', 'function')),
  function_name TEXT,
  function_params TEXT NOT NULL DEFAULT '[]',
  starter_files TEXT NOT NULL DEFAULT '[]',
  solution_files TEXT NOT NULL DEFAULT '[]',
  main_file TEXT NOT NULL DEFAULT 'main.py',
  time_limit_ms INTEGER NOT NULL DEFAULT 2000,
  memory_mb INTEGER NOT NULL DEFAULT 128,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO problems_rebuilt SELECT * FROM problems;
DROP TABLE problems;
-- Legacy rename: the triggers on submissions name "problems", which is gone for this one statement.
PRAGMA legacy_alter_table = ON;
ALTER TABLE problems_rebuilt RENAME TO problems;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX problems_task ON problems (task_id, position);

-- The catalog entry of a problem with task_id NULL. title_key (lower-case title) is unique: imports
-- update a problem by its title.
CREATE TABLE practice_problems (
  problem_id INTEGER PRIMARY KEY REFERENCES problems (id) ON DELETE CASCADE,
  title_key TEXT NOT NULL UNIQUE,
  difficulty TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
  points INTEGER NOT NULL,
  published INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX practice_problems_difficulty ON practice_problems (difficulty);

CREATE TABLE practice_tags (
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  tag TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (problem_id, tag)
) WITHOUT ROWID;
CREATE INDEX practice_tags_tag ON practice_tags (tag);

-- The first full solve of a catalog problem per user: its points are given once, here.
CREATE TABLE practice_solves (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  submission_id INTEGER NOT NULL,
  points INTEGER NOT NULL,
  solved_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, problem_id)
) WITHOUT ROWID;
CREATE INDEX practice_solves_problem ON practice_solves (problem_id);

-- What a user chose: their name beside their rankings (off until they opt in), their points hidden
-- from leaderboards.
CREATE TABLE practice_prefs (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  show_name INTEGER NOT NULL DEFAULT 0,
  hide_points INTEGER NOT NULL DEFAULT 0
);

-- Site switches of the practice feature (public_registration: '1' or '0', off when missing).
CREATE TABLE practice_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- A teacher turned gamification off for a section (points, achievements of that section).
CREATE TABLE practice_section_settings (
  section_id INTEGER PRIMARY KEY REFERENCES sections (id) ON DELETE CASCADE,
  gamification INTEGER NOT NULL DEFAULT 1
);

-- Teacher-defined achievements of a section: "every problem of this task solved".
CREATE TABLE practice_section_achievements (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  icon TEXT NOT NULL,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX practice_section_achievements_section ON practice_section_achievements (section_id);

-- Achievements a user unlocked. code: 'first-steps', 'century', 'dedicated', 'master' or 'section:ID'.
-- toasted_at: when the unlock was shown as a toast (shown once).
CREATE TABLE practice_achievements (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  section_achievement_id INTEGER REFERENCES practice_section_achievements (id) ON DELETE CASCADE,
  unlocked_at INTEGER NOT NULL,
  toasted_at INTEGER,
  PRIMARY KEY (user_id, code)
) WITHOUT ROWID;
