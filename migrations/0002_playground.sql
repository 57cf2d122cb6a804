-- Playground files: each user's own scratch files, saved as they type. Timestamps are epoch ms (UTC).
-- Names are unique per user ignoring ASCII case (a zip of "Main.py" and "main.py" would collide on
-- many computers); exactly one file per user may be the main file.

CREATE TABLE playground_files (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE,
  content TEXT NOT NULL DEFAULT '',
  is_main INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
);
CREATE UNIQUE INDEX playground_files_one_main ON playground_files (user_id) WHERE is_main = 1;
