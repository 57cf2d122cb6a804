// The student's section page is live for lessons too: a published lesson whose start time arrives
// while the page is open appears without a reload; another student's remedial lesson never does.
import { afterAll, expect, test } from "bun:test";
import { setAssignees } from "../../../src/features/targeting/assignees.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";
import { patches, readSse, type SseReader } from "../../helpers/sse.ts";

const open: SseReader[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});
const { t, section } = useClassroom();

function seedLesson(title: string, startsAt: number, remedial = 0): number {
  const now = t.clock.now();
  return t.ctx.sqlite
    .query<{ id: number }, [number, string, number, number, number, number]>(
      `INSERT INTO lessons (section_id, title, description, published, starts_at, completion, remedial, created_at, updated_at)
       VALUES (?, ?, '', 1, ?, 'manual', ?, ?, ?) RETURNING id`,
    )
    .get(section.id, title, startsAt, remedial, now, now)!.id;
}

test("a lesson whose start time arrives appears on the open section page", async () => {
  const { client } = await registerStudent(t, section.code, "lina");
  await registerStudent(t, section.code, "otto");
  const otto = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'otto'")
    .get()!.id;
  const soon = seedLesson("Opens soon: loops", t.clock.now() + 500);
  const theirs = seedLesson("Otto's catch-up", t.clock.now() + 400, 1);
  await setAssignees(t.ctx.db, "lesson", theirs, section.id, [otto]);
  const page = await (await client.get(`/sections/${section.id}`)).text();
  expect(page).not.toContain("Opens soon: loops");

  const res = await client.get(`/sections/${section.id}/live`);
  expect(res.status).toBe(200);
  const live = readSse(res);
  open.push(live);
  await live.until((s) => s.includes('id="bell-count"'));
  t.clock.advance(1000); // both start times pass
  const text = await live.until((s) => patches(s).includes("Opens soon: loops"));
  expect(patches(text)).toContain('id="lessons"');
  expect(patches(text)).toContain(`href="/lessons/${soon}"`);
  expect(patches(text)).not.toContain("catch-up");
});
