-- Quizzes and exams (src/features/assessments/): question banks with nested categories and versioned
-- questions, assessments in a section with parts and slots (one question, or N drawn at random from
-- a category), and attempts whose items keep the exact question version and choice order they were
-- taken with. Timestamps are epoch ms (UTC); booleans are 0/1; JSON columns say so.

CREATE TABLE question_banks (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX question_banks_owner ON question_banks (owner_id);

-- A bank shared with a section: that section's other teachers may use and edit it.
CREATE TABLE question_bank_sections (
  bank_id INTEGER NOT NULL REFERENCES question_banks (id) ON DELETE CASCADE,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  PRIMARY KEY (bank_id, section_id)
);

CREATE TABLE question_categories (
  id INTEGER PRIMARY KEY,
  bank_id INTEGER NOT NULL REFERENCES question_banks (id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES question_categories (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX question_categories_bank ON question_categories (bank_id, parent_id);

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  bank_id INTEGER NOT NULL REFERENCES question_banks (id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES question_categories (id) ON DELETE CASCADE,
  current_version_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX questions_category ON questions (category_id);

-- Every edit adds a version; attempts point at the version they were taken with.
CREATE TABLE question_versions (
  id INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  qtype TEXT NOT NULL,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  body_format INTEGER NOT NULL DEFAULT 4, -- Moodle's FORMAT_*: 0 moodle, 1 html, 2 plain, 4 markdown
  default_mark REAL NOT NULL,
  general_feedback TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',          -- JSON string[]
  data TEXT NOT NULL DEFAULT '{}',          -- JSON: the type's fields, named as Moodle names them
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (question_id, version)
);

CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  instructions TEXT NOT NULL DEFAULT '',
  opens_at INTEGER,
  closes_at INTEGER,
  time_limit_s INTEGER,
  password_enc TEXT,                          -- secret-box sealed; the teacher can read it back
  max_attempts INTEGER,                       -- NULL: unlimited
  grading_method TEXT NOT NULL DEFAULT 'highest', -- highest | average | first | last
  shuffle_questions INTEGER NOT NULL DEFAULT 0,
  shuffle_answers INTEGER NOT NULL DEFAULT 0,
  delivery TEXT NOT NULL DEFAULT 'all',       -- all | page | one
  sequential INTEGER NOT NULL DEFAULT 0,      -- no going back to earlier pages
  published INTEGER NOT NULL DEFAULT 0,
  practice_after_close INTEGER NOT NULL DEFAULT 0,
  review TEXT NOT NULL,                       -- JSON: per phase, what a student sees
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX assessments_section ON assessments (section_id);

CREATE TABLE assessment_parts (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  instructions TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_parts_assessment ON assessment_parts (assessment_id, position);

-- One question (question_id) or a random block (category_id, draw_count).
CREATE TABLE assessment_slots (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  part_id INTEGER NOT NULL REFERENCES assessment_parts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  question_id INTEGER REFERENCES questions (id) ON DELETE CASCADE,
  category_id INTEGER REFERENCES question_categories (id) ON DELETE CASCADE,
  draw_count INTEGER NOT NULL DEFAULT 1,
  mark REAL                                   -- NULL: the question's default mark
);
CREATE INDEX assessment_slots_part ON assessment_slots (part_id, position);

CREATE TABLE assessment_attempts (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  practice INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'open',         -- open | submitted
  started_at INTEGER NOT NULL,
  deadline_at INTEGER,                        -- time limit or close, whichever is first
  submitted_at INTEGER,
  auto_submitted INTEGER NOT NULL DEFAULT 0,
  page INTEGER NOT NULL DEFAULT 0,            -- furthest page reached (sequential delivery)
  score REAL,
  max_score REAL NOT NULL DEFAULT 0,
  pending_manual INTEGER NOT NULL DEFAULT 0   -- items still waiting for a teacher's mark
);
CREATE INDEX assessment_attempts_user ON assessment_attempts (assessment_id, user_id);
CREATE UNIQUE INDEX assessment_attempts_one_open ON assessment_attempts (assessment_id, user_id)
  WHERE state = 'open';
CREATE INDEX assessment_attempts_deadline ON assessment_attempts (deadline_at) WHERE state = 'open';

CREATE TABLE attempt_items (
  id INTEGER PRIMARY KEY,
  attempt_id INTEGER NOT NULL REFERENCES assessment_attempts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  page INTEGER NOT NULL,
  part_id INTEGER,
  question_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL REFERENCES question_versions (id),
  max_mark REAL NOT NULL,
  choice_order TEXT NOT NULL DEFAULT '[]',    -- JSON number[]: the shown order of answers
  response TEXT,                              -- JSON, the student's answer as saved
  fraction REAL,                              -- NULL: not graded yet (essays)
  score REAL,
  teacher_feedback TEXT NOT NULL DEFAULT '',
  graded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  saved_at INTEGER
);
CREATE INDEX attempt_items_attempt ON attempt_items (attempt_id, position);
CREATE INDEX attempt_items_question ON attempt_items (question_id);

-- Images a question's Markdown shows, uploaded to a bank. The file is stored under
-- DATA_DIR/uploads/questions/<sha256>; the hash in its address cannot be guessed.
CREATE TABLE question_images (
  id INTEGER PRIMARY KEY,
  bank_id INTEGER NOT NULL REFERENCES question_banks (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (bank_id, sha256)
);
CREATE INDEX question_images_sha ON question_images (sha256);
