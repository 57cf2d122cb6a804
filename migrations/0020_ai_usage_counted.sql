-- The AI daily limits count today's requests on every AI request (src/features/ai/access.ts,
-- reserve()). With the plain (day) and (user_id, day) indexes SQLite read every row of the day to
-- test its outcome and feature, so each request got slower as the day went on. These partial
-- indexes hold only the counted rows; their WHERE must stay the same as COUNTED in access.ts, so
-- that both counts are answered from the index alone.
CREATE INDEX ai_usage_counted_day ON ai_usage (day)
  WHERE outcome NOT IN ('cached', 'refused') AND feature != 'test';
CREATE INDEX ai_usage_counted_user_day ON ai_usage (user_id, day)
  WHERE outcome NOT IN ('cached', 'refused') AND feature != 'test';
