-- Lessons (issue 15): multi-page reading with runnable snippets, per section. A page's body is
-- Markdown; its ```python / ```py fences are the page's snippets, kept in lesson_snippets (one row per
-- fence, by position) so students' edits have a stable id. Times are epoch ms.
CREATE TABLE lessons (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 0,
  starts_at INTEGER,
  -- 'manual': a "Mark complete" button; 'end': reaching the end of a page completes it.
  completion TEXT NOT NULL DEFAULT 'manual' CHECK (completion IN ('manual', 'end')),
  remedial INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX lessons_section ON lessons (section_id, id);

CREATE TRIGGER lessons_remedial_cleanup AFTER DELETE ON lessons BEGIN
  DELETE FROM remedial_assignees WHERE item_type = 'lesson' AND item_id = OLD.id;
END;

CREATE TABLE lesson_pages (
  id INTEGER PRIMARY KEY,
  lesson_id INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lesson_pages_lesson ON lesson_pages (lesson_id, position);

CREATE TABLE lesson_snippets (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES lesson_pages (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  UNIQUE (page_id, position)
);

-- A student's own version of a snippet, saved as they type.
CREATE TABLE lesson_snippet_edits (
  snippet_id INTEGER NOT NULL REFERENCES lesson_snippets (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (snippet_id, user_id)
) WITHOUT ROWID;

CREATE TABLE lesson_page_completions (
  page_id INTEGER NOT NULL REFERENCES lesson_pages (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  completed_at INTEGER NOT NULL,
  PRIMARY KEY (page_id, user_id)
) WITHOUT ROWID;
CREATE INDEX lesson_page_completions_user ON lesson_page_completions (user_id, page_id);

-- Images uploaded to a lesson: the file is DATA_DIR/uploads/lessons/<sha256>, checked by content.
CREATE TABLE lesson_images (
  id INTEGER PRIMARY KEY,
  lesson_id INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (lesson_id, sha256)
);
CREATE INDEX lesson_images_sha ON lesson_images (sha256);

-- The hosts a section's lesson pages may embed videos from (one per line); no row: the default list.
CREATE TABLE lesson_video_hosts (
  section_id INTEGER PRIMARY KEY REFERENCES sections (id) ON DELETE CASCADE,
  hosts TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
