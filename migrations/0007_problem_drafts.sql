-- Drafts: the code a student has typed on a problem page and not (or not yet) submitted, one per
-- student and problem, saved as they type so it follows them to any device. files is a JSON array
-- of {name, content} like submissions.files; updated_at is epoch ms (UTC), the server's clock.
-- Drafts go with their problem or their student.

CREATE TABLE problem_drafts (
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  files TEXT NOT NULL,
  main_file TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (problem_id, user_id)
);
CREATE INDEX problem_drafts_user ON problem_drafts (user_id);
