// Hints on problems over the real app and a real SQLite file: authoring (add, edit, reorder, delete,
// bad input), revealing one at a time after the confirmation, hidden hints never in a response, the
// penalty in every score (task page, leaderboard, gradebook and its CSV, grade_cells) with the floor
// at zero, teachers seeing who used which hints, and access (other sections, signed out).
import { expect, test } from "bun:test";
import { enroll, insertProblemRow, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom({ perTest: true });

const MARK1 = "ZQX-FIRST-HINT-MARKER";
const MARK2 = "ZQX-SECOND-HINT-MARKER";

const userId = (name: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id;

async function setup() {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const res = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
    title: "Loops",
    late_policy: "none",
    published: "on",
    leaderboard: "on",
  });
  expect(res.status).toBe(303);
  const taskId = Number(res.headers.get("location")!.split("/").pop());
  const now = t.clock.now();
  const problem = await insertProblemRow(t.ctx.db, taskId, "Sum", [{ name: "a", points: 3 }], now);
  const base = `/manage/problems/${problem.id}/hints`;
  expect((await teacher.post(base, { body: `Think about **${MARK1}**`, penalty: "1" })).status).toBe(303);
  expect((await teacher.post(base, { body: `Use a loop: ${MARK2}`, penalty: "5" })).status).toBe(303);
  const hints = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM problem_hints WHERE problem_id = ? ORDER BY position")
    .all(problem.id)
    .map((h) => h.id);
  return { rita, ritaId: userId("rita"), taskId, problem, hints, testId: problem.testIds[0]! };
}

const best = (problemId: number, user: number) =>
  t.ctx.sqlite
    .query<{ best: number | null }, [number, number]>(
      "SELECT best FROM grade_cells WHERE problem_id = ? AND user_id = ?",
    )
    .get(problemId, user)?.best;

test("a student reveals hints one at a time after the confirmation; hidden ones never leave the server", async () => {
  const { rita, problem, hints, taskId } = await setup();
  const page = await (await rita.get(`/problems/${problem.id}`)).text();
  expect(page).toContain("Reveal hint 1");
  expect(page).toContain("costs <strong>1 point</strong>");
  expect(page).toContain("Yes, reveal hint 1");
  for (const path of [`/problems/${problem.id}`, `/tasks/${taskId}`, `/sections/${section.id}`, "/"]) {
    const body = await (await rita.get(path)).text();
    expect(body).not.toContain(MARK1);
    expect(body).not.toContain(MARK2);
  }
  // Not the next one: refused, nothing revealed.
  const skip = await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[1]) });
  expect(skip.status).toBe(303);
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM hint_reveals").get()).toEqual({ n: 0 });

  const ok = await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[0]) });
  expect(ok.headers.get("location")).toBe(`/problems/${problem.id}#hints`);
  const after = await (await rita.get(`/problems/${problem.id}`)).text();
  expect(after).toContain(`<strong>${MARK1}</strong>`); // sanitized Markdown
  expect(after).not.toContain(MARK2);
  expect(after).toContain("Hint penalty on this problem: <strong>−1 point</strong>");
  expect(after).toContain("Reveal hint 2");
  // Revealing the same hint twice does nothing more.
  await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[0]) });
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM hint_reveals").get()).toEqual({ n: 1 });
});

test("the penalty comes off the problem's score everywhere, never below zero", async () => {
  const { rita, ritaId, problem, hints, taskId, testId } = await setup();
  await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: ritaId,
    at: t.clock.now(),
    tests: [{ id: testId, points: 3, status: "pass" }],
  });
  expect(best(problem.id, ritaId)).toBe(3);
  await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[0]) });
  expect(best(problem.id, ritaId)).toBe(2);
  const taskPage = await (await rita.get(`/tasks/${taskId}`)).text();
  expect(taskPage).toMatch(/>\s*2\s*</);
  const csv = await (await teacher.get(`/sections/${section.id}/gradebook/download?format=csv`)).text();
  expect(csv).toContain("Student rita");
  expect(csv.split("\n").find((l) => l.includes("Student rita"))).toContain(",2,");
  const board = await (await rita.get(`/tasks/${taskId}/leaderboard`)).text();
  expect(board).toContain(">2<");

  await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[1]) }); // −5 more
  expect(best(problem.id, ritaId)).toBe(0); // floored at zero, not −3
  const xlsx = await teacher.get(`/sections/${section.id}/gradebook/download?format=xlsx`);
  expect(xlsx.status).toBe(200);

  // A later submission counts with the penalty too.
  await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: ritaId,
    at: t.clock.now() + 1,
    tests: [{ id: testId, points: 3, status: "pass" }],
  });
  expect(best(problem.id, ritaId)).toBe(0);
  // The teacher lowers hint 2's penalty: every cell follows. Deleting it removes its penalty.
  await teacher.post(`/manage/problems/${problem.id}/hints/${hints[1]}`, {
    body: "Use a loop",
    penalty: "1.5",
  });
  expect(best(problem.id, ritaId)).toBe(0.5);
  await teacher.post(`/manage/problems/${problem.id}/hints/${hints[1]}/delete`);
  expect(best(problem.id, ritaId)).toBe(2);
});

test("teachers see who used which hints; authoring validates and reorders", async () => {
  const { rita, problem, hints } = await setup();
  await rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[0]) });
  const editor = await (await teacher.get(`/manage/problems/${problem.id}`)).text();
  expect(editor).toContain("Who used hints");
  expect(editor).toMatch(/Student rita<\/td><td>#1<\/td><td class="num">−1<\/td>/);
  expect(editor).toContain(MARK2); // teachers see every hint

  // Bad input: a clear message, nothing changed.
  const bad = await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "x", penalty: "-2" });
  expect(bad.status).toBe(303);
  const flash = await (await teacher.get(bad.headers.get("location")!)).text();
  expect(flash).toContain("The penalty cannot be negative.");
  const empty = await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "  ", penalty: "1" });
  expect(await (await teacher.get(empty.headers.get("location")!)).text()).toContain(
    "A hint needs some text.",
  );
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM problem_hints").get()).toEqual({ n: 2 });

  await teacher.post(`/manage/problems/${problem.id}/hints/${hints[1]}/move/up`);
  const order = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM problem_hints WHERE problem_id = ? ORDER BY position")
    .all(problem.id)
    .map((h) => h.id);
  expect(order).toEqual([hints[1]!, hints[0]!]);

  // Students and strangers cannot author.
  expect(
    (await rita.post(`/manage/problems/${problem.id}/hints`, { body: "mine", penalty: "0" })).status,
  ).toBe(404);
  const other = new Client(t);
  expect(
    (await other.post(`/manage/problems/${problem.id}/hints`, { body: "x", penalty: "0" })).headers.get(
      "location",
    ),
  ).toContain("login");
});

test("the first hint is offered after N failed submissions, still revealed by the student", async () => {
  const { rita, ritaId, problem, testId } = await setup();
  const settings = await teacher.post(`/manage/problems/${problem.id}/hints/settings`, {
    offer_failures: "2",
  });
  expect(settings.status).toBe(303);
  const before = await (await rita.get(`/problems/${problem.id}`)).text();
  expect(before).not.toContain("Stuck? Hint 1 is available");
  for (const i of [1, 2]) {
    await insertSubmission(t.ctx.db, {
      problemId: problem.id,
      userId: ritaId,
      at: t.clock.now() + i,
      tests: [{ id: testId, points: 3, status: "fail" }],
    });
  }
  const offered = await (await rita.get(`/problems/${problem.id}`)).text();
  expect(offered).toContain("Stuck? Hint 1 is available");
  expect(offered).toContain('<details class="hint-reveal" open');
  expect(offered).not.toContain(MARK1); // offered, not revealed
  // A bad setting is refused with a message.
  const bad = await teacher.post(`/manage/problems/${problem.id}/hints/settings`, { offer_below_pct: "300" });
  expect(await (await teacher.get(bad.headers.get("location")!)).text()).toContain(
    "The score threshold must be between 1 and 100.",
  );
});

test("students of another section, and signed-out users, cannot reveal", async () => {
  const { problem, hints } = await setup();
  const other = await createSection(t, teacher, "Other");
  const { client: sam } = await registerStudent(t, other.code, "sam");
  expect((await sam.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[0]) })).status).toBe(
    404,
  );
  const anon = new Client(t);
  expect(
    (await anon.post(`/problems/${problem.id}/hints/reveal`, { hint: String(hints[0]) })).headers.get(
      "location",
    ),
  ).toContain("login");
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM hint_reveals").get()).toEqual({ n: 0 });
  void enroll;
});
