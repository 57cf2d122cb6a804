// The student's side over HTTP with the real sandbox: task and problem pages, "Run tests", submit,
// the live result stream, access codes, and hidden test data absent from every response.
import { describe, expect, test } from "bun:test";
import { encrypt } from "../../../src/lib/secret-box.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { SUM_RIGHT, SUM_WRONG, seedSumProblem, seedTask } from "../../helpers/problems.ts";

const SECRET_IN = "4242 1717";
const SECRET_OUT = "5959";
const { t, teacher, section } = useClassroom({ sandbox: { max: 2, grading: true } });
let n = 0;
const bodies: string[] = []; // everything a student received, checked for hidden data at the end

async function student(): Promise<Client> {
  return (await registerStudent(t, section.code, `solver${++n}`)).client;
}

async function text(res: Response): Promise<string> {
  const body = await res.text();
  bodies.push(body);
  return body;
}

async function seed(taskOver = {}) {
  const task = await seedTask(t, section.id, taskOver);
  const problem = await seedSumProblem(t, task.id, [
    { name: "small", input: "1 2\n", expected: "3\n" },
    {
      name: "big",
      input: `${SECRET_IN}\n`,
      expected: `${SECRET_OUT}\n`,
      hidden: 1,
      message: "Try big numbers.",
    },
  ]);
  return { task, problem };
}

async function sseUntilGraded(c: Client, id: number): Promise<string> {
  const res = await c.get(`/submissions/${id}/events`);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  return text(res); // the stream ends after the "done" event
}

describe("solving a problem", () => {
  test("the section lists the task; the task lists the problem; the page shows the statement and starter code", async () => {
    const { task, problem } = await seed();
    const s = await student();
    expect(await text(await s.get(`/sections/${section.id}`))).toContain(`/tasks/${task.id}`);
    const taskPage = await text(await s.get(`/tasks/${task.id}`));
    expect(taskPage).toContain("Add two numbers");
    expect(taskPage).toContain("not started");
    const page = await text(await s.get(`/problems/${problem.id}`));
    expect(page).toContain("Read two integers");
    expect(page).toContain("a, b = map(int, input().split())");
  });

  test("Run tests runs only the visible tests and records nothing", async () => {
    const { problem } = await seed();
    const s = await student();
    const res = await s.post(`/problems/${problem.id}/run-tests`, codeForm(SUM_RIGHT), {
      "hx-request": "true",
    });
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain("1/1 tests");
    expect(html).toContain("small");
    expect(html).not.toContain("big");
    const rows = t.ctx.sqlite
      .query("SELECT count(*) AS n FROM submissions WHERE problem_id = ?")
      .get(problem.id);
    expect(rows).toEqual({ n: 0 });
  });

  test("submit stores, grades and streams the result; the submission page shows it", async () => {
    const { problem } = await seed();
    const s = await student();
    const res = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_WRONG), { "hx-request": "true" });
    const fragment = await text(res);
    expect(fragment).toContain("Grading your submission");
    const id = Number(fragment.match(/\/submissions\/(\d+)\/events/)?.[1]);
    const stream = await sseUntilGraded(s, id);
    expect(stream).toContain("event: graded");
    expect(stream).toContain("1/2 tests");
    expect(stream).toContain("Try big numbers."); // the teacher's message for the failed hidden test
    const page = await text(await s.get(`/submissions/${id}`));
    expect(page).toContain("1/2 tests");
    expect(page).toContain("failed"); // a hidden test: not "wrong answer" (see security/hidden-tests)

    // Without htmx the form post redirects to the submission page.
    const plain = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toMatch(/^\/submissions\/\d+$/);
  });

  test("the teacher sees hidden test data; other students cannot open a submission", async () => {
    const { problem } = await seed();
    const s = await student();
    const res = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
    const id = Number(res.headers.get("location")?.split("/").pop());
    await sseUntilGraded(s, id);
    const teacherView = await (await teacher.get(`/submissions/${id}`)).text();
    expect(teacherView).toContain(SECRET_IN);
    const other = await student();
    expect((await other.get(`/submissions/${id}`)).status).toBe(404);
    expect((await other.get(`/submissions/${id}/events`)).status).toBe(404);
  });

  test("bad code forms are refused with a message and store nothing", async () => {
    const { problem } = await seed();
    const s = await student();
    const cases = [
      { "names[]": "../evil.py", "contents[]": "x", main: "../evil.py" },
      { "names[]": "main.py", "contents[]": "x", main: "other.py" },
      { "names[]": "main.py", "contents[]": "x".repeat(300 * 1024), main: "main.py" },
      { "names[]": "_slate_grader.py", "contents[]": "x", main: "_slate_grader.py" },
    ];
    for (const f of cases) {
      const res = await s.post(`/problems/${problem.id}/submit`, f, { "hx-request": "true" });
      expect([413, 422]).toContain(res.status);
    }
    expect(
      t.ctx.sqlite.query("SELECT count(*) AS n FROM submissions WHERE problem_id = ?").get(problem.id),
    ).toEqual({ n: 0 });
  });
});

describe("task visibility and access codes", () => {
  test("drafts and tasks that have not started are invisible to students", async () => {
    const draft = await seedTask(t, section.id, { published: 0, title: "Draft task" });
    const later = await seedTask(t, section.id, {
      starts_at: t.clock.now() + 86_400_000,
      title: "Later task",
    });
    const s = await student();
    const page = await text(await s.get(`/sections/${section.id}`));
    expect(page).not.toContain("Draft task");
    expect(page).not.toContain("Later task");
    expect((await s.get(`/tasks/${draft.id}`)).status).toBe(404);
    expect((await s.get(`/tasks/${later.id}`)).status).toBe(404);
  });

  test("an access code gates the task until the right code is entered", async () => {
    const { task, problem } = await seed({ access_code_enc: encrypt(t.ctx.secret, "open-sesame") });
    const s = await student();
    expect(await text(await s.get(`/tasks/${task.id}`))).toContain("Access code");
    expect((await s.get(`/problems/${problem.id}`)).headers.get("location")).toBe(`/tasks/${task.id}`);
    await s.post(`/tasks/${task.id}/unlock`, { code: "wrong" });
    expect((await s.get(`/problems/${problem.id}`)).status).toBe(303);
    await s.post(`/tasks/${task.id}/unlock`, { code: "open-sesame" });
    expect((await s.get(`/problems/${problem.id}`)).status).toBe(200);
  });
});

describe("submission numbers", () => {
  test("a student's tries are numbered 1, 2, ... per problem everywhere; ids stay in URLs", async () => {
    const { problem } = await seed();
    const others = [await student(), await student()];
    for (const o of others) await o.post(`/problems/${problem.id}/submit`, codeForm(SUM_WRONG)); // ids 1 and 2 here
    const s = await student();
    const first = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_WRONG));
    const firstId = Number(first.headers.get("location")?.split("/").pop());
    const second = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
    const secondId = Number(second.headers.get("location")?.split("/").pop());
    expect(secondId).toBeGreaterThan(3);
    await sseUntilGraded(s, secondId);
    const page = await text(await s.get(`/submissions/${firstId}`));
    expect(page).toContain("<h1>Submission 1</h1>");
    expect(page).not.toContain(`Submission #${firstId}`);
    const events = await sseUntilGraded(s, secondId);
    expect(events).toContain("Submission 2");
    const problemPage = await text(await s.get(`/problems/${problem.id}`));
    expect(problemPage).toContain("Submission 2");
    expect(problemPage).not.toContain(`Submission ${secondId}`);
    const teacherView = await (await teacher.get(`/submissions/${secondId}`)).text();
    expect(teacherView).toContain("Submission 2");
  });
});

describe("hidden tests", () => {
  test("no response a student received contained a hidden test's input or expected output", () => {
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    for (const body of bodies) {
      expect(body).not.toContain(SECRET_IN);
      expect(body).not.toContain(SECRET_OUT);
    }
  });
});
