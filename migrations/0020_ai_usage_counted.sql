-- The AI daily limits count today's requests on every AI request (src/features/ai/access.ts,
-- reserve()). With the plain (day) and (user_id, day) indexes SQLite read every row of the day from
-- the table to test its outcome and feature, so each request got slower as the day went on. These
-- partial indexes hold only the counted rows, with the columns the counts test, so both counts are
-- read from the index alone. Their WHERE must stay the same as COUNTED in access.ts.
CREATE INDEX ai_usage_counted_day ON ai_usage (day, outcome, feature)
  WHERE outcome NOT IN ('cached', 'refused') AND feature != 'test';
CREATE INDEX ai_usage_counted_user_day ON ai_usage (user_id, day, outcome, feature)
  WHERE outcome NOT IN ('cached', 'refused') AND feature != 'test';
