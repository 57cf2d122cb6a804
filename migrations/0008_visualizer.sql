-- The visualizer's options, remembered per user on any device: a JSON object of the view's
-- switches (see src/features/visualizer/options.ts). updated_at is epoch ms (UTC). They go with
-- their user.

CREATE TABLE visualizer_options (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  options TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
