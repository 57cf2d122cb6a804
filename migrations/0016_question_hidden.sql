-- A question that attempts used cannot be deleted (attempts keep the version they were taken with);
-- "deleting" it hides it from its bank, its pickers and random draws instead.
ALTER TABLE questions ADD COLUMN hidden_at INTEGER;
