// Review 15: revealing a hint changes the problem's counted score (the penalty), so everything that
// follows scores as they change hears of it: the leaderboard's live stream, the gradebook's and the
// LMS grade passback all listen to "submission:graded". Before the fix a reveal after a graded
// submission changed grade_cells silently: open boards kept the old score and the LMS kept the score
// from before the penalty until the student happened to submit again.
import { afterEach, expect, test } from "bun:test";
import type { SlateEvents } from "../../../src/lib/events.ts";
import { insertProblemRow, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";
import { readSse, type SseReader } from "../../helpers/sse.ts";

const { t, teacher, section } = useClassroom({ perTest: true });
const streams: SseReader[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) await s.close();
});

test("a hint reveal after a graded submission re-announces the score with the penalty", async () => {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const ritaId = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'rita'")
    .get()!.id;
  const made = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
    title: "Loops",
    late_policy: "none",
    published: "on",
    leaderboard: "on",
  });
  const taskId = Number(made.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(t.ctx.db, taskId, "Sum", [{ name: "a", points: 3 }], t.clock.now());
  await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "Use a loop", penalty: "1" });
  const hint = t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM problem_hints").get()!.id;
  const sub = await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: ritaId,
    at: t.clock.now(),
    tests: [{ id: problem.testIds[0]!, points: 3, status: "pass" }],
  });
  const heard: SlateEvents["submission:graded"][] = [];
  t.ctx.events.on("submission:graded", (e) => void heard.push(e));
  const res = await teacher.get(`/tasks/${taskId}/leaderboard/live`);
  expect(res.status).toBe(200);
  const board = readSse(res);
  streams.push(board);
  await board.until((x) => x.length > 0);

  expect((await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hint) })).status).toBe(303);
  expect(heard).toEqual([
    { submissionId: sub, problemId: problem.id, taskId, sectionId: section.id, userId: ritaId },
  ]);
  const text = await board.until((x) => x.includes("leaderboard"));
  expect(text).toContain("Student rita");
  expect(
    t.ctx.sqlite
      .query("SELECT best FROM grade_cells WHERE problem_id = ? AND user_id = ?")
      .get(problem.id, ritaId),
  ).toEqual({ best: 2 });

  // A reveal before any submission has no score to re-announce.
  const p2 = await insertProblemRow(t.ctx.db, taskId, "Other", [{ name: "b", points: 3 }], t.clock.now());
  await teacher.post(`/manage/problems/${p2.id}/hints`, { body: "Think", penalty: "1" });
  const h2 = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM problem_hints WHERE problem_id = ?")
    .get(p2.id)!.id;
  expect((await rita.post(`/problems/${p2.id}/hints/reveal`, { hint: String(h2) })).status).toBe(303);
  expect(heard.length).toBe(1);
});
