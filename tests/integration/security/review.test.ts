// A second security review of the issue 9 fixes, as a hostile student with a normal account (and, for
// bulk import, a hostile teacher). "finding:" blocks are attacks that worked when this file was
// written: each states what must hold and fails until the product is fixed (they are committed with
// their fix). "contained:" blocks are attacks that did not work, kept as regression tests.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { presentResult } from "../../../src/grading/present.ts";
import { runTests } from "../../../src/grading/service.ts";
import { encrypt } from "../../../src/lib/secret-box.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { createTestApp, type TestApp } from "../../helpers/app.ts";
import { insertStudent } from "../../helpers/class-fixture.ts";
import {
  Client,
  createSection,
  createTeacher,
  ORIGIN,
  registerStudent,
  STRONG,
  setupAdmin,
} from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

// ================================================================= CONTAINED (regression tests)

describe("contained: the grading harness", () => {
  const HIDDEN = "HIDDENREVIEW5d2e";
  let t: TestApp;
  let stdinProblem: Problem;
  let fnProblem: Problem;
  let stdinTests: TestCase[];
  let fnTests: TestCase[];

  beforeAll(async () => {
    t = createTestApp({ SLATE_SANDBOX: "true", SLATE_SANDBOX_MIN: "1", SLATE_SANDBOX_MAX: "1" });
    await t.ctx.sandbox!.start();
    const teacher = await createTeacher(t, await setupAdmin(t), "tina");
    const task = await seedTask(t, (await createSection(t, teacher)).id);
    stdinProblem = await seedSumProblem(t, task.id, [
      { name: "visible", input: "visible-in\n", expected: "visible-in\n" },
      { name: "secret", input: `${HIDDEN}\n`, expected: `${HIDDEN}\n`, hidden: 1 },
    ]);
    fnProblem = await seedSumProblem(
      t,
      task.id,
      [
        { name: "visible", input: "[1]", expected: "1" },
        { name: "secret", input: JSON.stringify([HIDDEN]), expected: JSON.stringify(HIDDEN), hidden: 1 },
      ],
      { kind: "function", function_name: "f", function_params: JSON.stringify(["x"]) },
    );
    stdinTests = await selectTests(t.ctx.db, stdinProblem.id);
    fnTests = await selectTests(t.ctx.db, fnProblem.id);
  }, 300_000);
  afterAll(async () => {
    await t.ctx.sandbox?.stop();
    t.close();
  });

  async function grade(problem: Problem, tests: TestCase[], files: Record<string, string>) {
    const list = Object.entries(files).map(([name, content]) => ({ name, content }));
    const result = await runTests(t.ctx.sandbox, problem, tests, list, "main.py");
    const student = JSON.stringify(presentResult(result, tests, "student"));
    expect(student).not.toContain(HIDDEN.slice(0, 12));
    return result;
  }

  const visibleId = () => stdinTests.find((x) => x.hidden === 0)!.id;
  /** Imported by the harness, this would own it: it drains stdin and claims the visible test. */
  const shadow = () => `import os as _o
_d = b""
try:
    while True:
        _c = _o.read(0, 65536)
        if not _c:
            break
        _d += _c
except OSError:
    pass
_o.write(1, ('{"id": ${visibleId()}, "status": "ok", "stdout": %r, "stderr": "", "ms": 1}\\n' % ("SHADOWED " + _d.decode("utf-8", "replace"))).encode())
`;

  test("start-up hooks and lazily imported names (sitecustomize, .pth, encodings, linecache...) run nothing in the harness", async () => {
    const files: Record<string, string> = { "main.py": "print(input())\n" };
    for (const name of [
      "sitecustomize.py",
      "usercustomize.py",
      "zz.pth",
      "__pycache__",
      "encodings.py",
      "codecs.py",
      "linecache.py",
      "tokenize.py",
      "warnings.py",
      "_json.py",
      "enum.py",
      "re.py",
      "contextlib.py",
      "copyreg.py",
      "_strptime.py",
      "locale.py",
      "_bootlocale.py",
      "python311.zip",
      "dis.py",
    ])
      files[name] = shadow();
    const result = await grade(stdinProblem, stdinTests, files);
    expect(JSON.stringify(result)).not.toContain("SHADOWED");
    expect(result.tests.map((o) => o.status)).toEqual(["pass", "pass"]);
  }, 60_000);

  test("modules a visible test writes into /work and /tmp at run time are not imported by the harness afterwards", async () => {
    const result = await grade(stdinProblem, stdinTests, {
      "main.py": `import os
x = input()
payload = ${JSON.stringify(shadow())}
if x == "visible-in":
    for d in ("/work", "/tmp", "."):
        for m in ("json", "ast", "encodings", "traceback", "linecache", "signal", "select", "types", "codecs", "_json", "re", "enum"):
            try:
                open(os.path.join(d, m + ".py"), "w").write(payload)
            except OSError:
                pass
print(x)
`,
    });
    expect(JSON.stringify(result)).not.toContain("SHADOWED");
    expect(result.tests.map((o) => o.status)).toEqual(["pass", "pass"]);
  }, 60_000);

  test("line breaks JSON does not escape (U+2028, U+2029, NEL, CR) and invalid UTF-8 do not split a result line", async () => {
    const result = await grade(stdinProblem, stdinTests, {
      "main.py": `import os, sys
x = input()
print(x)
if x == "visible-in":
    sys.stdout.flush()
    fake = '{"id": ${visibleId()}, "status": "ok", "stdout": "forged", "stderr": "", "ms": 1}'
    os.write(1, ("\\u2028" + fake + "\\u2029" + fake + "\\x85" + fake + "\\r" + fake).encode() + b"\\xed\\xa0\\x80\\xff")
`,
    });
    expect(result.tests.length).toBe(2);
    expect(result.tests[0]!.actual).toStartWith("visible-in\n\u2028{");
    expect(result.tests[0]!.status).toBe("fail"); // its real output, not "forged"
    expect(result.tests[1]!.status).toBe("pass");
  }, 60_000);

  test("a function test's child that writes 100 MB to its result pipe gets an error, and the next test still runs", async () => {
    const result = await grade(fnProblem, fnTests, {
      "main.py": `import os
def f(x):
    if x == 1:
        junk = b"x" * (8 * 1024 * 1024)
        for fd in range(3, 32):
            for _ in range(12):
                try:
                    os.write(fd, junk)
                except OSError:
                    break
        return 1
    return x
`,
    });
    expect(result.tests.map((o) => o.status)).toEqual(["error", "pass"]);
  }, 60_000);

  test("a hidden test that stops the harness with SIGSTOP ends as a failed hidden test, not a retried job", async () => {
    const result = await grade(stdinProblem, stdinTests, {
      "main.py": `import os, signal
x = input()
print(x)
if x != "visible-in":
    os.kill(os.getppid(), signal.SIGSTOP)
`,
    });
    expect(result.tests[0]!.status).toBe("pass");
    expect(result.tests[1]!.status).not.toBe("pass");
    const student = presentResult(result, stdinTests, "student");
    expect(student.tests[1]!.status).toBe("fail");
  }, 60_000);
});

describe("contained: routes", () => {
  let t: TestApp;
  let teacher: Client;
  let section: { id: number; code: string };
  let n = 0;
  beforeAll(async () => {
    t = createTestApp({ SLATE_LOGIN_PER_MINUTE: "3", SLATE_JOIN_FAILURES_PER_MINUTE: "3" });
    teacher = await createTeacher(t, await setupAdmin(t), "tina");
    section = await createSection(t, teacher);
  });
  afterAll(() => t.close());
  const student = async () => (await registerStudent(t, section.code, `pupil${++n}`)).client;
  const files = () =>
    (t.ctx.sqlite.query("SELECT count(*) AS n FROM playground_files").get() as { n: number }).n;
  const createFile = (c: Client, name: string, headers: Record<string, string>, method = "POST") =>
    c.request("/playground/files", {
      method,
      body: JSON.stringify({ name }),
      headers: { "content-type": "application/json", ...headers },
    });

  test.each([
    ["a look-alike host", { origin: "http://localhost.evil.test" }],
    ["another port", { origin: "http://localhost:3000" }],
    ["another scheme", { origin: "https://localhost" }],
    ["a path after the origin", { origin: "http://evil.test/http://localhost" }],
    ["null", { origin: "null" }],
    ["same-site without Origin", { origin: "", "sec-fetch-site": "same-site" }],
    ["'none' without Origin", { origin: "", "sec-fetch-site": "none" }],
    ["a method override header", { origin: "http://evil.test", "x-http-method-override": "GET" }],
  ])("a JSON POST with %s is refused", async (_, headers) => {
    const s = await student();
    const before = files();
    expect((await createFile(s, "x.py", headers as Record<string, string>)).status).toBe(403);
    expect(files()).toBe(before);
  });

  test("HEAD, OPTIONS and a lower-case method with a body change nothing", async () => {
    const s = await student();
    await (await s.get("/playground/files")).body?.cancel(); // a first listing creates the starter file
    const before = files();
    for (const method of ["OPTIONS", "patch", "post"]) {
      const res = await createFile(s, `${method}.py`, { origin: "http://evil.test" }, method);
      await res.body?.cancel();
    }
    const head = await s.request("/playground/files", {
      method: "HEAD",
      headers: { origin: "http://evil.test" },
    });
    await head.body?.cancel();
    const form = await s.request("/playground/files?_method=POST", {
      method: "GET",
      headers: { "x-http-method-override": "POST", origin: "http://evil.test" },
    });
    await form.body?.cancel();
    expect(files()).toBe(before);
  });

  test("without SLATE_TRUST_PROXY, X-Forwarded-For is ignored: every request is the same address", async () => {
    const direct = createTestApp({ SLATE_TRUST_PROXY: "false", SLATE_JOIN_FAILURES_PER_MINUTE: "3" });
    try {
      await setupAdmin(direct); // before setup every page leads to /setup
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await new Client(direct).get(`/join/guess${i}aaaa`, { "x-forwarded-for": `198.18.1.${i}` }))
            .status,
        );
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      direct.close();
    }
  });

  test("a username in other case or with surrounding whitespace shares the account's login limit", async () => {
    const statuses = [];
    for (const [i, username] of ["ghost", "GHOST", " ghost", "ghost\t", "Ghost "].entries()) {
      const res = await new Client(t).post(
        "/login",
        { username, password: "Wrong-pass-1" },
        {
          "x-forwarded-for": `198.18.2.${i}`,
        },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const twice = new URLSearchParams([
      ["username", "ghost"],
      ["username", "other"],
      ["password", "x"],
    ]);
    const res = await new Client(t).request("/login", {
      method: "POST",
      body: twice,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.18.2.9" },
    });
    expect(res.status).not.toBe(303);
  });

  test("an enrollment code in upper case is a wrong code, and counted as one", async () => {
    const guesser = { "x-forwarded-for": "198.18.3.1" };
    const upper = section.code.toUpperCase();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await new Client(t).get(`/join/${upper}`, guesser)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect((await new Client(t).get(`/join/${section.code}`, guesser)).status).toBe(429);
  });

  test("a locked task's live leaderboard, HEAD requests and the student's home show nothing of it", async () => {
    const task = await seedTask(t, section.id, {
      access_code_enc: encrypt(t.ctx.secret, "open-sesame"),
      leaderboard: 1,
      description: "Locked description",
    });
    const problem = await seedSumProblem(t, task.id, undefined, {
      title: "Locked problem title",
      statement: "LOCKEDSTATEMENT",
    });
    const s = await student();
    expect((await s.get(`/tasks/${task.id}/leaderboard/live`)).status).toBe(403);
    for (const path of [`/tasks/${task.id}/leaderboard`, `/problems/${problem.id}/draft`]) {
      const res = await s.request(path, { method: "HEAD" });
      expect([path, res.status]).toEqual([path, 403]);
    }
    const problemPage = await s.get(`/problems/${problem.id}`, { "hx-request": "true" });
    expect(problemPage.status).toBe(303);
    for (const path of ["/", `/sections/${section.id}`, `/tasks/${task.id}`, "/notifications"]) {
      const body = await (await s.get(path)).text();
      expect([path, body.includes("LOCKEDSTATEMENT")]).toEqual([path, false]);
    }
  });
});

describe("contained: bulk import by a hostile teacher", () => {
  let t: TestApp;
  let teacher: Client;
  let sectionId: number;
  beforeAll(async () => {
    t = createTestApp();
    const admin = await setupAdmin(t);
    teacher = await createTeacher(t, admin, "tina");
    await createTeacher(t, admin, "other.teacher");
    await t.ctx.db
      .updateTable("users")
      .set({ email: "other@school.example" })
      .where("username", "=", "other.teacher")
      .execute();
    sectionId = (await createSection(t, teacher)).id;
    const now = t.clock.now();
    await insertStudent(t.ctx.db, "victim", now);
    const gone = await insertStudent(t.ctx.db, "gone", now);
    await t.ctx.db.updateTable("users").set({ active: 0 }).where("id", "=", gone).execute();
  });
  afterAll(() => t.close());

  async function importRows(rows: string[]): Promise<string> {
    const body = new FormData();
    body.set("file", new File([["username,display_name,email", ...rows].join("\n")], "s.csv"));
    const res = await teacher.request(`/sections/${sectionId}/students/import`, {
      method: "POST",
      body,
      headers: { origin: ORIGIN },
    });
    return (await teacher.get(res.headers.get("location")!)).text();
  }
  const enrolled = () =>
    (t.ctx.sqlite.query("SELECT count(*) AS n FROM enrollments").get() as { n: number }).n;

  test("a teacher's or a deactivated student's username with its right email reads like any taken name", async () => {
    const before = enrolled();
    // One row per import: a repeated username in one file is reported as a duplicate instead.
    for (const row of [
      "other.teacher,X,other@school.example",
      "OTHER.TEACHER,X,OTHER@school.example",
      "gone,X,gone@school.example",
      "victim,X,victim@school.example.evil.test",
      "VICTIM,X,",
    ]) {
      const html = await importRows([row]);
      expect([row, html.includes("This username is taken")]).toEqual([row, true]);
      expect(html).not.toContain("teacher or administrator");
      expect(html).not.toContain("deactivated");
    }
    expect(enrolled()).toBe(before);
    // The student's own username and email (padded, other case) is that student: enrolled.
    expect(await importRows(['"victim ",X," Victim@School.example "'])).toContain(
      "1 already existed, enrolled",
    );
    expect(enrolled()).toBe(before + 1);
  });

  test("formula-looking cells in the results sheet are quoted", async () => {
    const html = await importRows(['=cmd,=HYPERLINK("http://evil.test"),']);
    const id = /\/imports\/(\d+)/.exec(html)?.[1];
    const csv = await (await teacher.get(`/sections/${sectionId}/imports/${id}/results.csv`)).text();
    expect(csv).not.toMatch(/(^|,|")=HYPERLINK/m);
  });
});

describe("contained: ?next= with characters outside Latin-1", () => {
  // safeNext keeps "/€" and "/／／evil.test"; a raw Location with them would be refused by Bun (a 500),
  // but Hono's c.redirect percent-encodes anything outside Latin-1, so each stays a same-origin path.
  let t: TestApp;
  let teacher: Client;
  beforeAll(async () => {
    t = createTestApp();
    teacher = await createTeacher(t, await setupAdmin(t), "tina");
  });
  afterAll(() => t.close());

  test.each(["/%E2%82%AC", "/%EF%BC%8F%EF%BC%8Fevil.test", "/%E2%88%95%E2%88%95evil.test", "/%E1%88%B4"])(
    "GET /login?next=%s while logged in goes somewhere same-origin",
    async (next) => {
      const res = await teacher.get(`/login?next=${next}`);
      expect(res.status).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(location.startsWith("/") && !location.startsWith("//")).toBe(true);
    },
  );

  test("a login form posted with next=/€ logs in and redirects", async () => {
    const c = new Client(t);
    const res = await c.post("/login", { username: "tina", password: STRONG, next: "/€" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/%E2%82%AC");
  });
});
