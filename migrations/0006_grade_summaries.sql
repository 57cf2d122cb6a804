-- Summaries that the gradebook and the dashboards read instead of scanning every submission of a
-- section on every page view. Each is a plain aggregate of `submissions`, kept exact by triggers
-- (so every code path that writes submissions keeps them right: grading, regrades, overrides,
-- deletions), and filled here from the submissions that exist. Reads stay a constant number of
-- statements; their cost no longer grows with the number of submissions.

-- Per student and problem: attempts, best effective score among graded submissions (the override
-- when there is one), gradings still pending, the last submission time.
CREATE TABLE grade_cells (
  problem_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  best REAL,
  pending INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  last_id INTEGER NOT NULL, -- the newest submission
  PRIMARY KEY (problem_id, user_id)
) WITHOUT ROWID;
CREATE INDEX grade_cells_user ON grade_cells (user_id);
CREATE INDEX grade_cells_recent ON grade_cells (problem_id, last_id);

-- Per test and student: graded runs of the test (skipped ones after a syntax error excluded) and how
-- they failed. Only submissions in status 'graded' count; a regrade moves them out and back in.
CREATE TABLE test_stats (
  test_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  runs INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  wrong INTEGER NOT NULL,
  crashed INTEGER NOT NULL,
  timed_out INTEGER NOT NULL,
  PRIMARY KEY (test_id, user_id)
) WITHOUT ROWID;

-- Submissions per section, local calendar day (the server's time zone) and student. When a whole
-- problem is deleted its submissions stay counted here: they are history of what students did.
CREATE TABLE activity_days (
  section_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  submissions INTEGER NOT NULL,
  PRIMARY KEY (section_id, day, user_id)
) WITHOUT ROWID;
CREATE INDEX activity_days_user ON activity_days (user_id, day);

-- grade_cells ---------------------------------------------------------------------------------
CREATE TRIGGER grade_cells_insert AFTER INSERT ON submissions BEGIN
  INSERT INTO grade_cells (problem_id, user_id, attempts, best, pending, last_at, last_id)
  SELECT problem_id, user_id, count(*),
    max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END),
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
  SELECT problem_id, user_id, count(*),
    max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END),
    sum(status IN ('queued', 'running')), max(submitted_at), max(id)
  FROM submissions
  WHERE (problem_id = OLD.problem_id AND user_id = OLD.user_id) OR (problem_id = NEW.problem_id AND user_id = NEW.user_id)
  GROUP BY problem_id, user_id
  ON CONFLICT (problem_id, user_id) DO UPDATE SET attempts = excluded.attempts, best = excluded.best,
    pending = excluded.pending, last_at = excluded.last_at, last_id = excluded.last_id;
END;

CREATE TRIGGER grade_cells_delete AFTER DELETE ON submissions BEGIN
  DELETE FROM grade_cells WHERE problem_id = OLD.problem_id AND user_id = OLD.user_id;
  INSERT INTO grade_cells (problem_id, user_id, attempts, best, pending, last_at, last_id)
  SELECT problem_id, user_id, count(*),
    max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END),
    sum(status IN ('queued', 'running')), max(submitted_at), max(id)
  FROM submissions WHERE problem_id = OLD.problem_id AND user_id = OLD.user_id
  GROUP BY problem_id, user_id;
END;

-- test_stats ----------------------------------------------------------------------------------
CREATE TRIGGER test_stats_insert AFTER INSERT ON submissions WHEN NEW.status = 'graded' AND json_valid(NEW.results) BEGIN
  INSERT INTO test_stats (test_id, user_id, runs, failures, wrong, crashed, timed_out)
  SELECT j.value ->> '$.testId', NEW.user_id, count(*),
    sum(j.value ->> '$.status' <> 'pass'), sum(j.value ->> '$.status' = 'fail'),
    sum(j.value ->> '$.status' IN ('error', 'memory')), sum(j.value ->> '$.status' = 'timeout')
  FROM json_each(NEW.results, '$.tests') AS j
  WHERE j.value ->> '$.status' <> 'skipped' AND j.value ->> '$.testId' IS NOT NULL
  GROUP BY 1
  ON CONFLICT (test_id, user_id) DO UPDATE SET runs = runs + excluded.runs, failures = failures + excluded.failures,
    wrong = wrong + excluded.wrong, crashed = crashed + excluded.crashed, timed_out = timed_out + excluded.timed_out;
END;

CREATE TRIGGER test_stats_remove AFTER UPDATE OF status, results, user_id ON submissions
WHEN OLD.status = 'graded' AND json_valid(OLD.results) BEGIN
  UPDATE test_stats SET runs = test_stats.runs - o.runs, failures = test_stats.failures - o.failures,
    wrong = test_stats.wrong - o.wrong, crashed = test_stats.crashed - o.crashed,
    timed_out = test_stats.timed_out - o.timed_out
  FROM (
    SELECT j.value ->> '$.testId' AS test_id, count(*) AS runs,
      sum(j.value ->> '$.status' <> 'pass') AS failures, sum(j.value ->> '$.status' = 'fail') AS wrong,
      sum(j.value ->> '$.status' IN ('error', 'memory')) AS crashed, sum(j.value ->> '$.status' = 'timeout') AS timed_out
    FROM json_each(OLD.results, '$.tests') AS j
    WHERE j.value ->> '$.status' <> 'skipped'
    GROUP BY 1
  ) AS o
  WHERE test_stats.test_id = o.test_id AND test_stats.user_id = OLD.user_id;
END;

CREATE TRIGGER test_stats_add AFTER UPDATE OF status, results, user_id ON submissions
WHEN NEW.status = 'graded' AND json_valid(NEW.results) BEGIN
  INSERT INTO test_stats (test_id, user_id, runs, failures, wrong, crashed, timed_out)
  SELECT j.value ->> '$.testId', NEW.user_id, count(*),
    sum(j.value ->> '$.status' <> 'pass'), sum(j.value ->> '$.status' = 'fail'),
    sum(j.value ->> '$.status' IN ('error', 'memory')), sum(j.value ->> '$.status' = 'timeout')
  FROM json_each(NEW.results, '$.tests') AS j
  WHERE j.value ->> '$.status' <> 'skipped' AND j.value ->> '$.testId' IS NOT NULL
  GROUP BY 1
  ON CONFLICT (test_id, user_id) DO UPDATE SET runs = runs + excluded.runs, failures = failures + excluded.failures,
    wrong = wrong + excluded.wrong, crashed = crashed + excluded.crashed, timed_out = timed_out + excluded.timed_out;
END;

CREATE TRIGGER test_stats_delete AFTER DELETE ON submissions WHEN OLD.status = 'graded' AND json_valid(OLD.results) BEGIN
  UPDATE test_stats SET runs = test_stats.runs - o.runs, failures = test_stats.failures - o.failures,
    wrong = test_stats.wrong - o.wrong, crashed = test_stats.crashed - o.crashed,
    timed_out = test_stats.timed_out - o.timed_out
  FROM (
    SELECT j.value ->> '$.testId' AS test_id, count(*) AS runs,
      sum(j.value ->> '$.status' <> 'pass') AS failures, sum(j.value ->> '$.status' = 'fail') AS wrong,
      sum(j.value ->> '$.status' IN ('error', 'memory')) AS crashed, sum(j.value ->> '$.status' = 'timeout') AS timed_out
    FROM json_each(OLD.results, '$.tests') AS j
    WHERE j.value ->> '$.status' <> 'skipped'
    GROUP BY 1
  ) AS o
  WHERE test_stats.test_id = o.test_id AND test_stats.user_id = OLD.user_id;
END;

-- activity_days -------------------------------------------------------------------------------
CREATE TRIGGER activity_days_insert AFTER INSERT ON submissions BEGIN
  INSERT INTO activity_days (section_id, day, user_id, submissions)
  SELECT t.section_id, date(NEW.submitted_at / 1000, 'unixepoch', 'localtime'), NEW.user_id, 1
  FROM problems p JOIN tasks t ON t.id = p.task_id WHERE p.id = NEW.problem_id
  ON CONFLICT (section_id, day, user_id) DO UPDATE SET submissions = submissions + 1;
END;

CREATE TRIGGER activity_days_update AFTER UPDATE OF problem_id, user_id, submitted_at ON submissions BEGIN
  UPDATE activity_days SET submissions = submissions - 1
  WHERE day = date(OLD.submitted_at / 1000, 'unixepoch', 'localtime') AND user_id = OLD.user_id
    AND section_id = (SELECT t.section_id FROM problems p JOIN tasks t ON t.id = p.task_id WHERE p.id = OLD.problem_id);
  INSERT INTO activity_days (section_id, day, user_id, submissions)
  SELECT t.section_id, date(NEW.submitted_at / 1000, 'unixepoch', 'localtime'), NEW.user_id, 1
  FROM problems p JOIN tasks t ON t.id = p.task_id WHERE p.id = NEW.problem_id
  ON CONFLICT (section_id, day, user_id) DO UPDATE SET submissions = submissions + 1;
END;

CREATE TRIGGER activity_days_delete AFTER DELETE ON submissions BEGIN
  UPDATE activity_days SET submissions = submissions - 1
  WHERE day = date(OLD.submitted_at / 1000, 'unixepoch', 'localtime') AND user_id = OLD.user_id
    AND section_id = (SELECT t.section_id FROM problems p JOIN tasks t ON t.id = p.task_id WHERE p.id = OLD.problem_id);
END;

-- what exists already -------------------------------------------------------------------------
INSERT INTO grade_cells (problem_id, user_id, attempts, best, pending, last_at, last_id)
SELECT problem_id, user_id, count(*),
  max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END),
  sum(status IN ('queued', 'running')), max(submitted_at), max(id)
FROM submissions GROUP BY problem_id, user_id;

INSERT INTO test_stats (test_id, user_id, runs, failures, wrong, crashed, timed_out)
SELECT j.value ->> '$.testId', s.user_id, count(*),
  sum(j.value ->> '$.status' <> 'pass'), sum(j.value ->> '$.status' = 'fail'),
  sum(j.value ->> '$.status' IN ('error', 'memory')), sum(j.value ->> '$.status' = 'timeout')
FROM submissions AS s, json_each(s.results, '$.tests') AS j
WHERE s.status = 'graded' AND json_valid(s.results) AND j.value ->> '$.status' <> 'skipped'
  AND j.value ->> '$.testId' IS NOT NULL
GROUP BY 1, 2;

INSERT INTO activity_days (section_id, day, user_id, submissions)
SELECT t.section_id, date(s.submitted_at / 1000, 'unixepoch', 'localtime'), s.user_id, count(*)
FROM submissions s JOIN problems p ON p.id = s.problem_id JOIN tasks t ON t.id = p.task_id
GROUP BY 1, 2, 3;
