-- A regrade remembers each submission's score before it, so the summary can say what changed.
ALTER TABLE submissions ADD COLUMN previous_score REAL;
