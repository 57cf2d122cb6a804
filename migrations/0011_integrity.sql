-- Academic integrity (issue 16): per-problem editor settings, editing sessions with their recorded
-- batches, one explained risk score per submission, and similarity runs with their pairs.
-- Everything tied to a submission goes with it (ON DELETE CASCADE). Timestamps are epoch ms (UTC).

CREATE TABLE integrity_settings (
  problem_id INTEGER PRIMARY KEY REFERENCES problems (id) ON DELETE CASCADE,
  -- allowed: paste, drop and upload work; blocked: the problem's editor refuses them
  paste TEXT NOT NULL DEFAULT 'allowed' CHECK (paste IN ('allowed', 'blocked')),
  recording INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);

-- One editing session: a problem page open in a browser, from its HMAC token to the next submission.
-- Sessions of a student's problem that no submission owns yet are attached to the next submission.
CREATE TABLE integrity_sessions (
  id INTEGER PRIMARY KEY,
  sid TEXT NOT NULL UNIQUE,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  submission_id INTEGER REFERENCES submissions (id) ON DELETE CASCADE,
  started_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  init_files TEXT NOT NULL DEFAULT '[]',   -- JSON [{name, content}]: the editor when recording began
  recording_bytes INTEGER NOT NULL DEFAULT 0,
  analytics_bytes INTEGER NOT NULL DEFAULT 0,
  batches INTEGER NOT NULL DEFAULT 0,
  reported_keystrokes INTEGER NOT NULL DEFAULT 0,
  counted_keystrokes INTEGER NOT NULL DEFAULT 0,
  -- set when a batch came with a missing, forged or foreign token (that session row holds no events)
  tampered INTEGER NOT NULL DEFAULT 0,
  tamper_reason TEXT
);
CREATE INDEX integrity_sessions_pending ON integrity_sessions (problem_id, user_id, submission_id);
CREATE INDEX integrity_sessions_submission ON integrity_sessions (submission_id);

CREATE TABLE integrity_batches (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES integrity_sessions (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  edits TEXT NOT NULL,    -- JSON: the recording (CodeMirror change sets, snapshots, renames)
  signals TEXT NOT NULL,  -- JSON: analytics (pastes, focus, files, actions, devtools)
  UNIQUE (session_id, seq)
);

CREATE TABLE integrity_risk (
  submission_id INTEGER PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
  score INTEGER NOT NULL,
  contributions TEXT NOT NULL, -- JSON [{key, label, points, detail}]
  stats TEXT NOT NULL,         -- JSON typing figures, the baseline of the student's later submissions
  computed_at INTEGER NOT NULL
);
CREATE INDEX integrity_risk_score ON integrity_risk (score);

CREATE TABLE similarity_runs (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  scope TEXT NOT NULL CHECK (scope IN ('problem', 'task')),
  scope_id INTEGER NOT NULL,
  include_history INTEGER NOT NULL DEFAULT 0,
  fingerprint TEXT NOT NULL,  -- what was compared; a run is reused while it stays the same
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'error')),
  progress INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  submissions INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX similarity_runs_scope ON similarity_runs (scope, scope_id, id);

CREATE TABLE similarity_pairs (
  run_id INTEGER NOT NULL REFERENCES similarity_runs (id) ON DELETE CASCADE,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  a_submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  b_submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  similarity REAL NOT NULL,  -- Dolos: share of winnowed fingerprints the two have in common
  longest INTEGER NOT NULL,  -- longest common run of fingerprints
  jaccard REAL NOT NULL,     -- identifier-normalised token trigrams
  structure REAL NOT NULL,   -- lezer syntax tree shapes
  text REAL NOT NULL,        -- plain text shingles
  historical INTEGER NOT NULL DEFAULT 0, -- b is from an earlier term's copy of the problem
  PRIMARY KEY (run_id, a_submission_id, b_submission_id)
);
CREATE INDEX similarity_pairs_b ON similarity_pairs (b_submission_id);
CREATE INDEX similarity_pairs_score ON similarity_pairs (run_id, similarity);
