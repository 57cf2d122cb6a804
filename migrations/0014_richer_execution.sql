-- Richer execution (issue 18): Python test code, function tests written as Python values, data files.

-- "io": the problem's own kind of test (stdin -> stdout, or one function call). "code": Python test
-- code run against the student's program loaded as a module (input holds the code, expected is unused).
ALTER TABLE test_cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'io' CHECK (kind IN ('io', 'code'));

-- Function tests: "json" (arguments and expected value as JSON, as before) or "python" (Python literals,
-- kept as the teacher wrote them in input/expected, and their typed encoding made in the sandbox when
-- the test was saved, in input_typed/expected_typed).
ALTER TABLE test_cases ADD COLUMN value_format TEXT NOT NULL DEFAULT 'json' CHECK (value_format IN ('json', 'python'));
ALTER TABLE test_cases ADD COLUMN input_typed TEXT;
ALTER TABLE test_cases ADD COLUMN expected_typed TEXT;

-- Files a test adds to the working directory, and files the program must have written, with their
-- expected content (compared like stdout): JSON lists of {"name", "content"}.
ALTER TABLE test_cases ADD COLUMN files TEXT NOT NULL DEFAULT '[]';
ALTER TABLE test_cases ADD COLUMN expected_files TEXT NOT NULL DEFAULT '[]';

-- A problem's data files: in the working directory of every run and test, read-only for the program.
CREATE TABLE problem_data_files (
  problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (problem_id, name)
);
