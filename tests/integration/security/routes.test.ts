// Route-level attacks from the security review: a locked task's routes before its access code is
// entered, the open redirect through ?next= while logged in, and cross-origin requests of every
// content type.
import { beforeAll, describe, expect, setSystemTime, test } from "bun:test";
import { encrypt } from "../../../src/lib/secret-box.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, ORIGIN, registerStudent } from "../../helpers/client.ts";
import { SUM_RIGHT, seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { OPEN_REDIRECTS } from "../../unit/safe-next.test.ts";

const { t, teacher, section } = useClassroom({ sandbox: { max: 1, grading: true } });
let sectionId: number;
let code: string;
let n = 0;

beforeAll(() => {
  ({ id: sectionId, code } = section);
});

const student = async () => (await registerStudent(t, code, `pupil${++n}`)).client;
const codeForm = { "names[]": "main.py", "contents[]": SUM_RIGHT, main: "main.py" };
const json = (c: Client, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  c.request(path, {
    method,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
  });

describe("a task with an access code", () => {
  test("every route refuses a student until the code is entered, then each works", async () => {
    const task = await seedTask(t, sectionId, {
      access_code_enc: encrypt(t.ctx.secret, "open-sesame"),
      leaderboard: 1,
    });
    const problem = await seedSumProblem(t, task.id);
    const s = await student();
    // Unlocked once, submitted, then the teacher changes the code: locked again with a submission.
    await s.post(`/tasks/${task.id}/unlock`, { code: "open-sesame" });
    const submitted = await s.post(`/problems/${problem.id}/submit`, codeForm);
    const submissionId = Number(submitted.headers.get("location")?.split("/").pop());
    expect(submissionId).toBeGreaterThan(0);
    t.ctx.sqlite.query("DELETE FROM task_unlocks WHERE task_id = ?").run(task.id);

    const routes: [string, () => Promise<Response>][] = [
      ["run tests", () => s.post(`/problems/${problem.id}/run-tests`, codeForm)],
      ["submit", () => s.post(`/problems/${problem.id}/submit`, codeForm)],
      ["leaderboard", () => s.get(`/tasks/${task.id}/leaderboard`)],
      ["submission page", () => s.get(`/submissions/${submissionId}`)],
      ["submission events", () => s.get(`/submissions/${submissionId}/events`)],
      ["draft", () => s.get(`/problems/${problem.id}/draft`)],
      [
        "save draft",
        () =>
          json(s, "PUT", `/problems/${problem.id}/draft`, {
            files: [{ name: "main.py", content: "x" }],
            main: "main.py",
          }),
      ],
    ];
    for (const [name, call] of routes) {
      const res = await call();
      expect([name, res.status]).toEqual([name, 403]);
      const body = await res.text();
      expect(body).not.toContain("Read two integers"); // the statement
      expect(body).not.toContain("Add two numbers");
    }
    // The problem page sends the student to the task page, which asks for the code.
    expect((await s.get(`/problems/${problem.id}`)).headers.get("location")).toBe(`/tasks/${task.id}`);
    expect(await (await s.get(`/tasks/${task.id}`)).text()).toContain("Access code");
    expect(
      t.ctx.sqlite.query("SELECT count(*) AS n FROM submissions WHERE problem_id = ?").get(problem.id),
    ).toEqual({
      n: 1,
    });

    await s.post(`/tasks/${task.id}/unlock`, { code: "open-sesame" });
    for (const [name, call] of routes) {
      const res = await call();
      await res.body?.cancel();
      expect([name, res.status < 400]).toEqual([name, true]);
    }
    expect((await s.get(`/problems/${problem.id}`)).status).toBe(200);
  }, 120_000);

  test("guessing the code is capped per task and account over an hour, not only per minute", async () => {
    const task = await seedTask(t, sectionId, { access_code_enc: encrypt(t.ctx.secret, "k9-lantern") });
    const s = await student();
    const statuses: number[] = [];
    const start = Date.now();
    try {
      for (let minute = 0; minute < 4; minute++) {
        setSystemTime(new Date(start + minute * 61_000)); // each minute's 10 tries are allowed
        for (let i = 0; i < 10; i++)
          statuses.push((await s.post(`/tasks/${task.id}/unlock`, { code: `g${i}` })).status);
      }
    } finally {
      setSystemTime();
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(303)); // wrong codes: back to the form
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
  });

  test("the section's teachers are never asked for the code", async () => {
    const task = await seedTask(t, sectionId, {
      access_code_enc: encrypt(t.ctx.secret, "x-code"),
      leaderboard: 1,
    });
    const problem = await seedSumProblem(t, task.id);
    expect((await teacher.get(`/tasks/${task.id}/leaderboard`)).status).toBe(200);
    expect((await teacher.post(`/problems/${problem.id}/run-tests`, codeForm)).status).toBe(200);
  }, 60_000);
});

describe("?next= after login", () => {
  test.each(OPEN_REDIRECTS)("a logged-in GET /login?next=%j goes home", async (next) => {
    const res = await teacher.get(`/login?next=${encodeURIComponent(next)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  });

  test("the issue's two forms: a tab and a newline", async () => {
    for (const raw of ["/%09/evil.test/phish", "/%0a/x"]) {
      const res = await teacher.get(`/login?next=${raw}`);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/");
    }
    expect((await teacher.get("/login?next=/sections")).headers.get("location")).toBe("/sections");
  });
});

describe("requests from another origin", () => {
  const FOREIGN = { origin: "http://evil.test" };

  test("a JSON POST, PATCH or DELETE from another origin is refused and changes nothing", async () => {
    const s = await student();
    const count = () =>
      (t.ctx.sqlite.query("SELECT count(*) AS n FROM playground_files").get() as { n: number }).n;
    const before = count();
    expect((await json(s, "POST", "/playground/files", { name: "a.py" }, FOREIGN)).status).toBe(403);
    expect((await json(s, "POST", "/playground/files", { name: "b.py" }, { origin: "null" })).status).toBe(
      403,
    );
    expect((await json(s, "POST", "/playground/files", { name: "c.py" }, { origin: "" })).status).toBe(403);
    expect(
      (
        await json(
          s,
          "POST",
          "/playground/files",
          { name: "d.py" },
          { origin: "", "sec-fetch-site": "cross-site" },
        )
      ).status,
    ).toBe(403);
    expect(count()).toBe(before);
    const made = await json(s, "POST", "/playground/files", { name: "mine.py" });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    expect((await json(s, "PATCH", `/playground/files/${id}`, { content: "evil" }, FOREIGN)).status).toBe(
      403,
    );
    expect((await s.request(`/playground/files/${id}`, { method: "DELETE", headers: FOREIGN })).status).toBe(
      403,
    );
    expect(count()).toBe(before + 1);
    // A same-origin fetch that sends only Sec-Fetch-Site is fine.
    const fetched = await json(
      s,
      "POST",
      "/playground/files",
      { name: "e.py" },
      { origin: "", "sec-fetch-site": "same-origin" },
    );
    expect(fetched.status).toBe(201);
  });

  test.each([
    "text/plain",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
  ])("a %s POST from another origin is refused", async (type) => {
    const s = await student();
    const res = await s.request("/sections", {
      method: "POST",
      body: "name=x",
      headers: { ...FOREIGN, "content-type": type },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("sent from another site");
  });

  test("the form posts of the app itself still work", async () => {
    const res = await teacher.post(
      "/sections",
      { name: "Another", term: "", description: "" },
      { origin: ORIGIN },
    );
    expect(res.status).toBe(303);
  });
});
