-- Hints on problems (issue 15): progressive hints, each with a point penalty, revealed by a student
-- one at a time. The penalty comes off the problem's score, never below zero. The score after the
-- penalty is kept in grade_cells.best (the gradebook, its exports, dashboards, LMS passback and
-- points all read it), so the grade_cells triggers below are redefined to subtract it, and the
-- reveal, the hint edit and the hint delete recompute the cells they change. The same arithmetic
-- for one submission on a page is scoreAfterHints() in src/features/hints/penalty.ts.
CREATE TABLE problem_hints (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  penalty REAL NOT NULL DEFAULT 0 CHECK (penalty >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX problem_hints_problem ON problem_hints (problem_id, position);

CREATE TABLE hint_reveals (
  hint_id INTEGER NOT NULL REFERENCES problem_hints (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  revealed_at INTEGER NOT NULL,
  PRIMARY KEY (hint_id, user_id)
) WITHOUT ROWID;
CREATE INDEX hint_reveals_user ON hint_reveals (user_id);

-- The automatic offer of the first hint (null: never) and auto-submit after a passing "Run tests".
ALTER TABLE problems ADD COLUMN hint_offer_failures INTEGER;
ALTER TABLE problems ADD COLUMN hint_offer_below_pct REAL;
ALTER TABLE problems ADD COLUMN auto_submit INTEGER NOT NULL DEFAULT 0;

-- The total penalty a student owes on a problem.
CREATE VIEW hint_penalties AS
  SELECT h.problem_id, r.user_id, sum(h.penalty) AS penalty, count(*) AS revealed
  FROM hint_reveals r JOIN problem_hints h ON h.id = r.hint_id
  GROUP BY h.problem_id, r.user_id;

DROP TRIGGER grade_cells_insert;
DROP TRIGGER grade_cells_update;
DROP TRIGGER grade_cells_delete;

CREATE TRIGGER grade_cells_insert AFTER INSERT ON submissions BEGIN
  INSERT INTO grade_cells (problem_id, user_id, attempts, best, pending, last_at, last_id)
  SELECT problem_id, user_id, count(*),
    max(0, max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END)
      - coalesce((SELECT hp.penalty FROM hint_penalties hp WHERE hp.problem_id = NEW.problem_id AND hp.user_id = NEW.user_id), 0)),
    sum(status IN ('queued', 'running')), max(submitted_at), max(id)
  FROM submissions WHERE problem_id = NEW.problem_id AND user_id = NEW.user_id
  GROUP BY problem_id, user_id
  ON CONFLICT (problem_id, user_id) DO UPDATE SET attempts = excluded.attempts, best = excluded.best,
    pending = excluded.pending, last_at = excluded.last_at, last_id = excluded.last_id;
END;

CREATE TRIGGER grade_cells_update AFTER UPDATE OF problem_id, user_id, status, score, override_score, submitted_at
ON submissions BEGIN
  DELETE FROM grade_cells WHERE problem_id = OLD.problem_id AND user_id = OLD.user_id;
  INSERT INTO grade_cells (problem_id, user_id, attempts, best, pending, last_at, last_id)
  SELECT s.problem_id, s.user_id, count(*),
    max(0, max(CASE WHEN s.status = 'graded' THEN coalesce(s.override_score, s.score) END)
      - coalesce((SELECT hp.penalty FROM hint_penalties hp WHERE hp.problem_id = s.problem_id AND hp.user_id = s.user_id), 0)),
    sum(s.status IN ('queued', 'running')), max(s.submitted_at), max(s.id)
  FROM submissions s
  WHERE (s.problem_id = OLD.problem_id AND s.user_id = OLD.user_id) OR (s.problem_id = NEW.problem_id AND s.user_id = NEW.user_id)
  GROUP BY s.problem_id, s.user_id
  ON CONFLICT (problem_id, user_id) DO UPDATE SET attempts = excluded.attempts, best = excluded.best,
    pending = excluded.pending, last_at = excluded.last_at, last_id = excluded.last_id;
END;

CREATE TRIGGER grade_cells_delete AFTER DELETE ON submissions BEGIN
  DELETE FROM grade_cells WHERE problem_id = OLD.problem_id AND user_id = OLD.user_id;
  INSERT INTO grade_cells (problem_id, user_id, attempts, best, pending, last_at, last_id)
  SELECT problem_id, user_id, count(*),
    max(0, max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END)
      - coalesce((SELECT hp.penalty FROM hint_penalties hp WHERE hp.problem_id = OLD.problem_id AND hp.user_id = OLD.user_id), 0)),
    sum(status IN ('queued', 'running')), max(submitted_at), max(id)
  FROM submissions WHERE problem_id = OLD.problem_id AND user_id = OLD.user_id
  GROUP BY problem_id, user_id;
END;

-- Recompute one student's cell of a problem (its best after the current penalty).
CREATE TRIGGER hint_reveals_insert AFTER INSERT ON hint_reveals BEGIN
  UPDATE grade_cells SET best = (
    SELECT max(0, max(CASE WHEN s.status = 'graded' THEN coalesce(s.override_score, s.score) END)
      - coalesce((SELECT hp.penalty FROM hint_penalties hp WHERE hp.problem_id = grade_cells.problem_id AND hp.user_id = grade_cells.user_id), 0))
    FROM submissions s WHERE s.problem_id = grade_cells.problem_id AND s.user_id = grade_cells.user_id)
  WHERE user_id = NEW.user_id AND problem_id = (SELECT problem_id FROM problem_hints WHERE id = NEW.hint_id);
END;

-- A changed or deleted hint changes every cell of its problem.
CREATE TRIGGER problem_hints_penalty AFTER UPDATE OF penalty ON problem_hints BEGIN
  UPDATE grade_cells SET best = (
    SELECT max(0, max(CASE WHEN s.status = 'graded' THEN coalesce(s.override_score, s.score) END)
      - coalesce((SELECT hp.penalty FROM hint_penalties hp WHERE hp.problem_id = grade_cells.problem_id AND hp.user_id = grade_cells.user_id), 0))
    FROM submissions s WHERE s.problem_id = grade_cells.problem_id AND s.user_id = grade_cells.user_id)
  WHERE problem_id = NEW.problem_id;
END;

CREATE TRIGGER problem_hints_delete AFTER DELETE ON problem_hints BEGIN
  UPDATE grade_cells SET best = (
    SELECT max(0, max(CASE WHEN s.status = 'graded' THEN coalesce(s.override_score, s.score) END)
      - coalesce((SELECT hp.penalty FROM hint_penalties hp WHERE hp.problem_id = grade_cells.problem_id AND hp.user_id = grade_cells.user_id), 0))
    FROM submissions s WHERE s.problem_id = grade_cells.problem_id AND s.user_id = grade_cells.user_id)
  WHERE problem_id = OLD.problem_id;
END;
