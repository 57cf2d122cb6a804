// The scheduler's periodic work against a real database: expired sessions and expired import sheets
// (temporary passwords) are deleted; live ones stay.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { countRows, createTestApp, type TestApp } from "../../helpers/app.ts";
import { createSection, createTeacher, setupAdmin } from "../../helpers/client.ts";

let t: TestApp;
beforeAll(() => {
  t = createTestApp();
});
afterAll(() => t.close());

const count = (table: string) => countRows(t, table);

test("expired sessions and import sheets are purged; current ones are kept", async () => {
  const teacher = await createTeacher(t, await setupAdmin(t), "tina");
  const { id: sectionId } = await createSection(t, teacher);
  const now = t.clock.now();
  const userId = (t.ctx.sqlite.query("SELECT id FROM users WHERE username = 'tina'").get() as { id: number })
    .id;
  for (const [hash, expires] of [
    ["old", now - 1],
    ["new", now + 60_000],
  ] as const) {
    t.ctx.sqlite
      .query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(hash, userId, now - 1000, now - 1000, expires);
    t.ctx.sqlite
      .query(
        "INSERT INTO student_imports (section_id, created_by, created_at, expires_at, summary, rows_sealed) VALUES (?, ?, ?, ?, '{}', '')",
      )
      .run(sectionId, userId, now - 1000, expires);
  }
  const sessions = count("sessions");
  await t.ctx.scheduler.runOnce();
  expect(count("sessions")).toBe(sessions - 1);
  expect(t.ctx.sqlite.query("SELECT id_hash FROM sessions WHERE id_hash IN ('old', 'new')").all()).toEqual([
    { id_hash: "new" },
  ]);
  expect(count("student_imports")).toBe(1);
});
