-- Remedial work (issue 15): a task, lesson or assessment marked remedial is seen only by the
-- students assigned to it. One table for every kind of item, so every list and every access check
-- asks the same question; item_id has no foreign key (it names rows of several tables), so each
-- item table's delete trigger removes its assignments (lessons add theirs with the lessons table).
ALTER TABLE tasks ADD COLUMN remedial INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessments ADD COLUMN remedial INTEGER NOT NULL DEFAULT 0;

CREATE TABLE remedial_assignees (
  item_type TEXT NOT NULL CHECK (item_type IN ('task', 'lesson', 'assessment')),
  item_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (item_type, item_id, user_id)
) WITHOUT ROWID;
CREATE INDEX remedial_assignees_user ON remedial_assignees (user_id, item_type, item_id);

CREATE TRIGGER tasks_remedial_cleanup AFTER DELETE ON tasks BEGIN
  DELETE FROM remedial_assignees WHERE item_type = 'task' AND item_id = OLD.id;
END;
CREATE TRIGGER assessments_remedial_cleanup AFTER DELETE ON assessments BEGIN
  DELETE FROM remedial_assignees WHERE item_type = 'assessment' AND item_id = OLD.id;
END;
