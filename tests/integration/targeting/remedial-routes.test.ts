// Remedial tasks and assessments over the real app: the teacher's form assigns one student; that
// student opens everything of it, a second student of the same section gets 404 on every page,
// fragment, API route and SSE stream that touches it and sees it in no list (section page, its live
// list, home dashboard, messages); a forged assignee is dropped; bad targeting is refused.
import { afterEach, expect, test } from "bun:test";
import { compareSections } from "../../../src/analytics/comparison.ts";
import { recentSectionResults } from "../../../src/analytics/insights.ts";
import type { User } from "../../../src/db/schema.ts";
import { insertProblemRow, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, ORIGIN, registerStudent } from "../../helpers/client.ts";
import { readSse, type SseReader } from "../../helpers/sse.ts";

const { t, teacher, section } = useClassroom({ perTest: true });
const TITLE = "Remedial loops ZQX";

const idOf = (name: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id;

/** A form post with repeated fields (the picker's ticked students). */
function postPairs(c: Client, path: string, pairs: [string, string][]) {
  return c.request(path, {
    method: "POST",
    body: new URLSearchParams(pairs),
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
  });
}

const streams: SseReader[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) await s.close();
});

async function setup() {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const { client: sam } = await registerStudent(t, section.code, "sam");
  const ritaId = idOf("rita");
  const admin = idOf("admin");
  const res = await postPairs(teacher, `/manage/sections/${section.id}/tasks/new`, [
    ["title", TITLE],
    ["late_policy", "none"],
    ["published", "on"],
    ["leaderboard", "on"],
    ["remedial", "on"],
    ["assignees", String(ritaId)],
    ["assignees", String(admin)], // not enrolled: dropped
  ]);
  expect(res.status).toBe(303);
  const taskId = Number(res.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(
    t.ctx.db,
    taskId,
    "Sum ZQX",
    [{ name: "a", points: 3 }],
    t.clock.now(),
  );
  await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "hint", penalty: "1" });
  const hintId = t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM problem_hints").get()!.id;
  const sub = await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: ritaId,
    at: t.clock.now(),
    tests: [{ id: problem.testIds[0]!, points: 3, status: "pass" }],
  });
  return { rita, sam, ritaId, taskId, problemId: problem.id, testId: problem.testIds[0]!, hintId, sub };
}

test("the task form saves the targeting; the teacher's list shows the badge", async () => {
  const { taskId, ritaId } = await setup();
  const rows = t.ctx.sqlite
    .query<{ user_id: number }, [number]>("SELECT user_id FROM remedial_assignees WHERE item_id = ?")
    .all(taskId);
  expect(rows).toEqual([{ user_id: ritaId }]);
  const page = await (await teacher.get(`/sections/${section.id}`)).text();
  expect(page).toContain("Remedial · 1 student");
  const edit = await (await teacher.get(`/manage/tasks/${taskId}/edit`)).text();
  expect(edit).toContain("Who sees this task");
  expect(edit).toMatch(new RegExp(`value="${ritaId}" checked`));
  // Remedial without a student is refused with a message and nothing changes.
  const bad = await postPairs(teacher, `/manage/tasks/${taskId}`, [
    ["title", "Changed"],
    ["late_policy", "none"],
    ["remedial", "on"],
  ]);
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("Choose at least one student for remedial work");
  expect(t.ctx.sqlite.query("SELECT title FROM tasks WHERE id = ?").get(taskId)).toEqual({ title: TITLE });
  // Unticking Remedial opens it to everyone and clears the assignees.
  const open = await postPairs(teacher, `/manage/tasks/${taskId}`, [
    ["title", TITLE],
    ["late_policy", "none"],
    ["published", "on"],
  ]);
  expect(open.status).toBe(303);
  expect(t.ctx.sqlite.query("SELECT remedial FROM tasks WHERE id = ?").get(taskId)).toEqual({ remedial: 0 });
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM remedial_assignees").get()).toEqual({ n: 0 });
});

test("an unassigned student is refused on every route of the task; the assigned one works", async () => {
  const { rita, sam, taskId, problemId, testId, hintId, sub } = await setup();
  const gets = [
    `/tasks/${taskId}`,
    `/tasks/${taskId}/leaderboard`,
    `/problems/${problemId}`,
    `/problems/${problemId}/draft`,
    `/problems/${problemId}/discussion`,
    `/problems/${problemId}/chat`,
    `/submissions/${sub}`,
  ];
  for (const path of gets) {
    expect({ path, status: (await sam.get(path)).status }).toEqual({ path, status: 404 });
    expect({ path, ok: (await rita.get(path)).status < 400 }).toEqual({ path, ok: true });
  }
  const code = { "names[]": "main.py", "contents[]": "print(1)", main: "main.py" };
  const posts: [string, Record<string, string>][] = [
    [`/tasks/${taskId}/unlock`, { code: "x" }],
    [`/problems/${problemId}/submit`, code],
    [`/problems/${problemId}/run-tests`, code],
    [`/problems/${problemId}/hints/reveal`, { hint: String(hintId) }],
    [`/ai/problems/${problemId}/tutor`, { message: "help" }],
    [`/ai/problems/${problemId}/complexity`, code],
    [`/problems/${problemId}/integrity/sessions`, {}],
  ];
  for (const [path, form] of posts) {
    expect({ path, status: (await sam.post(path, form)).status }).toEqual({ path, status: 404 });
  }
  const draft = await sam.request(`/problems/${problemId}/draft`, {
    method: "PUT",
    body: JSON.stringify({ files: [{ name: "main.py", content: "x" }], main: "main.py" }),
    headers: { origin: ORIGIN, "content-type": "application/json" },
  });
  expect(draft.status).toBe(404);
  const trace = await sam.request(`/visualizer/problems/${problemId}/tests/${testId}/trace`, {
    method: "POST",
    body: JSON.stringify({ files: [{ name: "main.py", content: "x" }], main: "main.py" }),
    headers: { origin: ORIGIN, "content-type": "application/json" },
  });
  expect(trace.status).toBe(404);
  for (const path of [
    `/tasks/${taskId}/live`,
    `/submissions/${sub}/events`,
    `/problems/${problemId}/discussion/live`,
  ]) {
    expect({ path, status: (await sam.get(path)).status }).toEqual({ path, status: 404 });
  }
  // The assigned student reveals the hint and the task page counts the penalty.
  expect((await rita.post(`/problems/${problemId}/hints/reveal`, { hint: String(hintId) })).status).toBe(303);
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM hint_reveals").get()).toEqual({ n: 1 });
});

test("an unassigned student sees the task in no list; the assigned one does", async () => {
  const { rita, sam } = await setup();
  for (const path of [`/sections/${section.id}`, "/", "/messages"]) {
    expect({ path, has: (await (await sam.get(path)).text()).includes(TITLE) }).toEqual({ path, has: false });
  }
  for (const path of [`/sections/${section.id}`, "/"]) {
    expect({ path, has: (await (await rita.get(path)).text()).includes(TITLE) }).toEqual({ path, has: true });
  }
  // The section's live task list, pushed when a task changes, leaves it out for the unassigned one.
  const listen = async (c: Client) => {
    const res = await c.get(`/sections/${section.id}/live`);
    expect(res.status).toBe(200);
    const s = readSse(res);
    streams.push(s);
    await s.until((x) => x.includes('id="bell-count"'));
    return s;
  };
  const samLive = await listen(sam);
  const ritaLive = await listen(rita);
  t.ctx.events.emit("task:changed", { taskId: 0, sectionId: section.id });
  await ritaLive.until((x) => x.includes(TITLE));
  await samLive.until((x) => x.includes('id="task-list"'));
  expect(samLive.text()).not.toContain(TITLE);
});

test("a remedial assessment is refused and unlisted for unassigned students", async () => {
  const { rita, sam, ritaId } = await setup();
  const form: [string, string][] = [
    ["title", "Remedial quiz ZQX"],
    ["grading_method", "highest"],
    ["delivery", "all"],
    ["max_attempts", "1"],
    ["published", "on"],
    ["remedial", "on"],
  ];
  const none = await postPairs(teacher, `/sections/${section.id}/assessments`, form);
  expect(none.status).toBe(422);
  expect(await none.text()).toContain("Choose at least one student for remedial work");
  const res = await postPairs(teacher, `/sections/${section.id}/assessments`, [
    ...form,
    ["assignees", String(ritaId)],
  ]);
  expect(res.status).toBe(303);
  const id = Number(res.headers.get("location")!.split("/").pop());
  expect(t.ctx.sqlite.query("SELECT remedial FROM assessments WHERE id = ?").get(id)).toEqual({
    remedial: 1,
  });
  expect((await sam.get(`/assessments/${id}`)).status).toBe(404);
  expect((await rita.get(`/assessments/${id}`)).status).toBe(200);
  for (const path of [`/sections/${section.id}`, "/"]) {
    expect((await (await sam.get(path)).text()).includes("Remedial quiz ZQX")).toBe(false);
    expect((await (await rita.get(path)).text()).includes("Remedial quiz ZQX")).toBe(true);
  }
  const settings = await (await teacher.get(`/assessments/${id}/edit`)).text();
  expect(settings).toContain("Who sees this assessment");
});

test("the gradebook and class dashboard leave remedial work out unless switched on", async () => {
  await setup();
  const book = await (await teacher.get(`/sections/${section.id}/gradebook`)).text();
  expect(book).not.toContain("Sum ZQX");
  expect(book).toContain("Include remedial work");
  const withIt = await (await teacher.get(`/sections/${section.id}/gradebook?remedial=1`)).text();
  expect(withIt).toContain("Sum ZQX");
  expect(withIt).toContain("Leave it out");
  // The dashboard's grade figures (completion per problem, grades, at risk), its feed of latest
  // submissions and the comparison of sections follow the switch.
  const completionRow = '<th scope="row">Sum ZQX</th>';
  const dash = await (await teacher.get(`/sections/${section.id}/dashboard`)).text();
  expect(dash).toContain("Include remedial work");
  expect(dash).not.toContain(completionRow);
  expect(await (await teacher.get(`/sections/${section.id}/dashboard?remedial=1`)).text()).toContain(
    completionRow,
  );
  const feed = (includeRemedial: boolean) =>
    recentSectionResults(t.ctx.db, section.id, 8, { includeRemedial }).then((f) =>
      f.map((i) => i.problemTitle),
    );
  expect(await feed(false)).toEqual([]);
  expect(await feed(true)).toEqual(["Sum ZQX"]);
  const owner = t.ctx.sqlite.query<User, []>("SELECT * FROM users WHERE role = 'teacher'").get()!;
  const [compared] = await compareSections(t.ctx.db, owner, t.clock.now());
  expect(compared?.problems).toBe(0); // the remedial problem is not the whole class's
  // The export is the record: remedial scores are in it.
  const csv = await (await teacher.get(`/sections/${section.id}/gradebook/download?format=csv`)).text();
  expect(csv).toContain("Sum ZQX");
});
