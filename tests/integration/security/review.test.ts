// A second security review of the issue 9 fixes, as a hostile student with a normal account (and, for
// bulk import, a hostile teacher). "finding:" blocks are attacks that worked when this file was
// written: each states what must hold and fails until the product is fixed (they are committed with
// their fix). "contained:" blocks are attacks that did not work, kept as regression tests.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { presentResult } from "../../../src/grading/present.ts";
import { runTests } from "../../../src/grading/service.ts";
import { encrypt } from "../../../src/lib/secret-box.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { createTestApp, type TestApp } from "../../helpers/app.ts";
import { insertStudent } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, ORIGIN, registerStudent, STRONG, setupAdmin } from "../../helpers/client.ts";
import { SUM_RIGHT, seedSumProblem, seedTask } from "../../helpers/problems.ts";

// ---------------------------------------------------------------- shared helpers

/** The editor's form body for these files (main.py is the main file). */
function codeBody(files: Record<string, string>, main = "main.py"): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, content] of Object.entries(files)) {
    body.append("names[]", name);
    body.append("contents[]", content);
  }
  body.append("main", main);
  return body;
}

const postCode = (c: Client, path: string, files: Record<string, string>, htmx = true) =>
  c.request(path, {
    method: "POST",
    body: codeBody(files),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(htmx ? { "hx-request": "true" } : {}),
    },
  });

/** Submits through the page's htmx form; returns the submission id, or null when refused. */
async function submit(c: Client, problemId: number, files: Record<string, string>) {
  const res = await postCode(c, `/problems/${problemId}/submit`, files);
  const html = await res.text();
  const id = Number(/\/submissions\/(\d+)\/events/.exec(html)?.[1]);
  return { status: res.status, html, id: Number.isFinite(id) && id > 0 ? id : null };
}

function status(t: TestApp, id: number): string | undefined {
  const row = t.ctx.sqlite.query("SELECT status FROM submissions WHERE id = ?").get(id) as
    | { status: string }
    | undefined;
  return row?.status;
}

/** Waits (a bounded poll, not a timing assert) until the grading of a submission is written. */
async function waitGraded(t: TestApp, id: number, polls = 1200): Promise<string | undefined> {
  for (let i = 0; i < polls; i++) {
    const s = status(t, id);
    if (s === "graded" || s === "error") return s;
    await Bun.sleep(25);
  }
  return status(t, id);
}

// ================================================================= FINDINGS (fail until fixed)

describe("found and fixed: a submission the sandbox refuses blocks the grading queue for everyone", () => {
  // The editor form (src/lib/code-files.ts) allows what the sandbox (src/sandbox/validate.ts) refuses:
  // a name with ".." (the form's pattern allows it, the sandbox does not), and 256 KiB of code (the
  // form counts the student's files, the sandbox counts them with the harness: > MAX_CODE_BYTES).
  // (20 files, the same bug, was fixed in 73721cf by letting the sandbox take one file more.)
  // sandbox.run() then throws SandboxInputError, and GradingService.grade() treats every throw as a
  // sandbox failure: back to "queued", retried a second later, forever. The queue claims the oldest
  // first, so with one worker per container nothing submitted after it is ever graded.
  const { t, section } = useClassroom({
    sandbox: { max: 1, grading: true }, // one grading worker, as on a small school server
    env: { SLATE_RUNS_PER_MINUTE: "1000" },
  });
  let problem: Problem;
  let mallory: Client;
  let alice: Client;

  beforeAll(async () => {
    const task = await seedTask(t, section.id);
    problem = await seedSumProblem(t, task.id);
    mallory = (await registerStudent(t, section.code, "mallory")).client;
    alice = (await registerStudent(t, section.code, "alice")).client;
  });
  afterEach(() => {
    // A refused submission left queued would poison the next case: take it out.
    t.ctx.sqlite.query("DELETE FROM submissions WHERE status IN ('queued', 'running')").run();
  });

  const VARIANTS: [string, Record<string, string>][] = [
    ["a file named a..py", { "main.py": SUM_RIGHT, "a..py": "" }],
    [
      "255 KiB of code (the harness makes it more than 256)",
      { "main.py": `${SUM_RIGHT}#${"x".repeat(255 * 1024)}\n` },
    ],
  ];

  test.each(VARIANTS)(
    "%s: refused at once, or finished (graded or an error); the next student is graded",
    async (_, files) => {
      const bad = await submit(mallory, problem.id, files);
      if (bad.status !== 422) {
        expect(bad.id).not.toBeNull();
        const good = await submit(alice, problem.id, { "main.py": SUM_RIGHT });
        expect(await waitGraded(t, good.id!, 400)).toBe("graded"); // failed: the worker retried mallory's forever
        expect(["graded", "error"]).toContain(status(t, bad.id!) ?? "missing");
      }
    },
    60_000,
  );

  test.each(VARIANTS)(
    "%s: Run tests answers with a message, not a server error",
    async (_, files) => {
      const res = await postCode(mallory, `/problems/${problem.id}/run-tests`, files);
      expect(res.status).toBeLessThan(500); // was a 500 page: SandboxInputError was not caught
    },
    60_000,
  );
});

describe("found and fixed: a hidden test's input crosses to a concurrent run through host-wide /proc counters", () => {
  // Each sandbox container has its own pid namespace, but /proc/loadavg (and /proc/stat, /proc/vmstat,
  // /proc/meminfo, /proc/pressure/*) are the host's. During a hidden test the student's program
  // signals the input bit by bit by starting 60 idle threads or none; the student's own "Run
  // tests" (visible tests only, in another container at the same time: grading jobs have no userKey,
  // so nothing serializes them) samples the host's process count in /proc/loadavg, decodes it, and
  // prints it as the visible test's output, which the Run tests fragment shows in full.
  // Fix (defence in depth): HostConfig.MaskedPaths for the host-wide counters (/proc/loadavg,
  // /proc/stat, /proc/vmstat, /proc/meminfo, /proc/pressure, /proc/schedstat, /proc/interrupts,
  // /proc/softirqs, /proc/zoneinfo, /proc/buddyinfo, /proc/diskstats, /proc/uptime...) and serialize a
  // student's runs with their own grading (userKey on grading jobs). Timing channels through CPU
  // contention remain and need the "hidden input is not a secret" caveat in the docs.
  const SECRET = "K3y"; // the hidden test's whole input
  const { t, section } = useClassroom({
    sandbox: { max: 2, grading: true },
    env: { SLATE_SANDBOX_MIN: "2", SLATE_RUNS_PER_MINUTE: "1000" },
  });
  let problem: Problem;
  let student: Client;

  beforeAll(async () => {
    const task = await seedTask(t, section.id);
    problem = await seedSumProblem(t, task.id, [
      { name: "visible", input: "v\n", expected: "v\n" },
      { name: "secret", input: `${SECRET}\n`, expected: "the answer\n", hidden: 1 },
    ]);
    student = (await registerStudent(t, section.code, "mallory")).client;
  });

  // Manchester code (a bit is a half period with 60 extra threads and a half without, in the order
  // of the bit), so the receiver compares neighbouring halves and the host's own drift cancels out.
  // Both containers read the host's clock: the sender starts a transmission at every whole second,
  // and the receiver tries every whole second and keeps the clearest.
  const HALF = 0.02; // seconds
  const SENDER = `import threading, time
threading.stack_size(65536)
x = input()
if x == "v":
    print(x)
    raise SystemExit
bits = "".join(format(ord(ch), "08b") for ch in x[:3])
def wait(until):
    while time.time() < until:
        time.sleep(0.001)
def burst(until):
    ev = threading.Event()
    threads = [threading.Thread(target=ev.wait) for _ in range(60)]
    for th in threads:
        th.start()
    wait(until)
    ev.set()
    for th in threads:
        th.join()
stop = time.time() + 3.6
slot = int(time.time()) + 1
while slot + 2 * 24 * ${HALF} < stop:
    for k, b in enumerate(bits):
        first, middle, end = slot + 2 * k * ${HALF}, slot + (2 * k + 1) * ${HALF}, slot + (2 * k + 2) * ${HALF}
        wait(first)
        (burst if b == "1" else wait)(middle)
        (wait if b == "1" else burst)(end)
    slot += 1
`;
  const RECEIVER = `import time
input()
H = ${HALF}
samples = []
stop = time.time() + 4.2
while time.time() < stop:
    with open("/proc/loadavg") as f:
        samples.append((time.time(), int(f.read().split()[3].split("/")[1])))
    time.sleep(0.001)
def mean(a, b):
    xs = [n for t, n in samples if a <= t < b]
    return sum(xs) / len(xs) if xs else 0.0
for slot in range(int(samples[0][0]), int(samples[-1][0]) + 1):
    if slot < samples[0][0] or slot + 48 * H > samples[-1][0]:
        continue
    bits, score = "", 0.0
    for k in range(24):
        a = slot + 2 * k * H
        d = mean(a + 0.2 * H, a + 0.9 * H) - mean(a + 1.2 * H, a + 1.9 * H)
        bits += "1" if d > 0 else "0"
        score += abs(d)
    text = "".join(chr(int(bits[i:i + 8], 2)) for i in range(0, 24, 8))
    print("decoded:%s score:%d" % (text, score))
`;

  test("a sandboxed program reads none of the host-wide counters", async () => {
    const paths = [
      "/proc/loadavg",
      "/proc/stat",
      "/proc/vmstat",
      "/proc/meminfo",
      "/proc/pressure/cpu",
      "/proc/sys/fs/file-nr",
    ];
    let out = "";
    const handle = t.ctx.sandbox!.run(
      {
        files: [
          {
            name: "main.py",
            content: `for p in ${JSON.stringify(paths)}:\n    try:\n        print(p, len(open(p).read()))\n    except OSError:\n        print(p, 0)\n`,
          },
        ],
        main: "main.py",
        stdin: "",
      },
      { onStdout: (chunk) => (out += chunk) },
    );
    await handle.result;
    expect(out.trim().split("\n")).toEqual(paths.map((p) => `${p} 0`)); // fails: each is readable
  }, 60_000);

  test("the student's Run tests output never holds the hidden test's input", async () => {
    let leaked = "";
    for (let attempt = 0; attempt < 5 && !leaked.includes(SECRET); attempt++) {
      const sent = await submit(student, problem.id, { "main.py": SENDER });
      expect(sent.id).not.toBeNull();
      const fragment = await (
        await postCode(student, `/problems/${problem.id}/run-tests`, { "main.py": RECEIVER })
      ).text();
      leaked = fragment;
      await waitGraded(t, sent.id!);
    }
    expect(leaked).not.toContain(SECRET); // fails: "K3y", read from the host's process count
  }, 120_000);
});

describe("found and fixed: behind a proxy, X-Forwarded-For's first entry is the client's own word", () => {
  // clientIp() takes the LEFTMOST X-Forwarded-For entry. A proxy that appends (nginx's
  // $proxy_add_x_forwarded_for, Traefik, most load balancers) passes the client's own header through
  // in front of the address it saw, so every per-IP limit (wrong enrollment codes, registrations,
  // logins) is bypassed by sending a new X-Forwarded-For each time. compose.yaml also publishes port
  // 3000 beside Caddy, so with SLATE_TRUST_PROXY=true anyone can reach Slate directly and send any
  // header. Fix: take the rightmost entry (the one the trusted proxy added), and in compose bind 3000
  // to 127.0.0.1 when the https profile is used.
  let t: TestApp;
  beforeAll(async () => {
    t = createTestApp({ SLATE_TRUST_PROXY: "true", SLATE_JOIN_FAILURES_PER_MINUTE: "5" });
    await setupAdmin(t); // else every page leads to /setup
  });
  afterAll(() => t.close());

  test("wrong enrollment codes from one address are limited although each request claims another", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // The real client is 203.0.113.50 (added by the proxy); the part before it is typed by the client.
      const xff = { "x-forwarded-for": `198.18.0.${i + 1}, 203.0.113.50` };
      statuses.push((await new Client(t).get(`/join/guess${1000 + i}`, xff)).status);
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(404));
    expect(statuses.slice(5)).toEqual([429, 429, 429]); // failed: all 404, never limited
  });
});

// ================================================================= CONTAINED (regression tests)

describe("contained: the grading harness", () => {
  const HIDDEN = "HIDDENREVIEW5d2e";
  const { t, section } = useClassroom({ sandbox: { max: 1 } });
  let stdinProblem: Problem;
  let fnProblem: Problem;
  let stdinTests: TestCase[];
  let fnTests: TestCase[];

  beforeAll(async () => {
    const task = await seedTask(t, section.id);
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
  const { t, section } = useClassroom({
    env: { SLATE_LOGIN_PER_MINUTE: "3", SLATE_JOIN_FAILURES_PER_MINUTE: "3" },
  });
  let n = 0;
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
  const { t, admin, teacher, section } = useClassroom();
  let sectionId: number;
  beforeAll(async () => {
    await createTeacher(t, admin, "other.teacher");
    await t.ctx.db
      .updateTable("users")
      .set({ email: "other@school.example" })
      .where("username", "=", "other.teacher")
      .execute();
    sectionId = section.id;
    const now = t.clock.now();
    await insertStudent(t.ctx.db, "victim", now);
    const gone = await insertStudent(t.ctx.db, "gone", now);
    await t.ctx.db.updateTable("users").set({ active: 0 }).where("id", "=", gone).execute();
  });

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
  const { t, teacher } = useClassroom({ section: false });

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
