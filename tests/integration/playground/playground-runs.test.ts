// Playground runs against the real sandbox (Docker required: without it these tests fail): the SSE
// events and their order, interactive stdin, Stop, imports between files, friendly-error material
// (tracebacks, memory, truncation), resuming a stream, ownership, bad input, the rate limit, and a
// clear answer when code execution is turned off.
import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  type Client,
  createSection,
  createTeacher,
  registerStudent,
  setupAdmin,
} from "../../helpers/client.ts";

const { t, admin, section } = useClassroom({
  sandbox: {},
  env: { SLATE_RUNS_PER_MINUTE: "1000" },
  teacher: "grace",
});
let student: Client;

beforeAll(async () => {
  student = (await registerStudent(t, section.code, "linus")).client;
});

interface Event {
  event: string;
  data: unknown;
  id: string;
}

/** Reads SSE events from a response as they arrive. */
async function* events(res: Response): AsyncGenerator<Event> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      const fields = { event: "message", data: [] as string[], id: "" };
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) fields.event = line.slice(7);
        else if (line.startsWith("data: ")) fields.data.push(line.slice(6));
        else if (line.startsWith("id: ")) fields.id = line.slice(4);
      }
      if (fields.data.length > 0) {
        yield { event: fields.event, data: JSON.parse(fields.data.join("\n")), id: fields.id };
      }
    }
  }
}

async function all(res: Response): Promise<Event[]> {
  const out: Event[] = [];
  for await (const e of events(res)) out.push(e);
  return out;
}

function json(c: Client, method: string, path: string, body?: unknown) {
  return c.request(path, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function startRun(c: Client, files: Record<string, string>, main = "main.py") {
  return c.request("/playground/runs", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream, application/json" },
    body: JSON.stringify({
      files: Object.entries(files).map(([name, content]) => ({ name, content })),
      main,
    }),
  });
}

const output = (evs: Event[], kind: "stdout" | "stderr") =>
  evs
    .filter((e) => e.event === kind)
    .map((e) => e.data as string)
    .join("");
const exitOf = (evs: Event[]) => evs.find((e) => e.event === "exit")?.data as Record<string, unknown>;

describe("playground runs", () => {
  test("print('hi'): run, started, stdout, exit, in that order, then the stream ends", async () => {
    const res = await startRun(student, { "main.py": 'print("hi")\n' });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const evs = await all(res);
    const names = evs.map((e) => e.event).filter((n) => n !== "queued");
    expect(names).toEqual(["run", "started", "stdout", "exit"]);
    const run = evs[0]!.data as { id: string; limits: Record<string, number> };
    expect(run.id).toBe(res.headers.get("x-run-id")!);
    expect(run.limits).toMatchObject({ wallSeconds: 120, cpuSeconds: 10, memoryMb: 256 });
    expect(output(evs, "stdout")).toBe("hi\n");
    expect(exitOf(evs)).toMatchObject({
      exitCode: 0,
      signal: null,
      timedOut: null,
      memoryExceeded: false,
      truncated: false,
      cancelled: false,
      limits: run.limits,
    });
    expect(exitOf(evs).peakMemoryKb).toBeGreaterThan(0);
  });

  test("interactive input: the prompt arrives, each typed line is read, stdout and stderr stay apart", async () => {
    const program = [
      'name = input("Name? ")',
      'age = int(input("Age? "))',
      'print(f"Hello {name}, next year you are {age + 1}")',
      'import sys; print("careful", file=sys.stderr)',
    ].join("\n");
    const res = await startRun(student, { "main.py": program });
    const id = res.headers.get("x-run-id")!;
    const seen: Event[] = [];
    let stdout = "";
    for await (const e of events(res)) {
      seen.push(e);
      if (e.event !== "stdout") continue;
      stdout += e.data as string;
      if (stdout.endsWith("Name? "))
        expect((await json(student, "POST", `/playground/runs/${id}/stdin`, { text: "Ada\n" })).status).toBe(
          204,
        );
      if (stdout.endsWith("Age? "))
        expect((await json(student, "POST", `/playground/runs/${id}/stdin`, { text: "36\n" })).status).toBe(
          204,
        );
    }
    expect(stdout).toBe("Name? Age? Hello Ada, next year you are 37\n");
    expect(output(seen, "stderr")).toBe("careful\n");
    expect(exitOf(seen).exitCode).toBe(0);
  });

  test("closing stdin makes input() raise EOFError", async () => {
    const res = await startRun(student, { "main.py": "input()\n" });
    const id = res.headers.get("x-run-id")!;
    expect((await json(student, "POST", `/playground/runs/${id}/stdin`, { eof: true })).status).toBe(204);
    const evs = await all(res);
    expect(output(evs, "stderr")).toContain("EOFError");
    expect(exitOf(evs).exitCode).toBe(1);
  });

  test("Stop ends an infinite loop: exit says cancelled, stopped by the user", async () => {
    const res = await startRun(student, {
      "main.py": 'print("looping", flush=True)\nwhile True:\n    pass\n',
    });
    const id = res.headers.get("x-run-id")!;
    const seen: Event[] = [];
    for await (const e of events(res)) {
      seen.push(e);
      if (e.event === "stdout")
        expect((await json(student, "POST", `/playground/runs/${id}/stop`)).status).toBe(204);
    }
    expect(exitOf(seen)).toMatchObject({ cancelled: true, stopReason: "stopped", timedOut: null });
  });

  test("a two-file program imports the other file", async () => {
    const evs = await all(
      await startRun(student, {
        "main.py": "from helper import twice\nprint(twice(21))\n",
        "helper.py": "def twice(x):\n    return 2 * x\n",
      }),
    );
    expect(output(evs, "stdout")).toBe("42\n");
  });

  test("the main file can be any of the files", async () => {
    const evs = await all(
      await startRun(student, { "main.py": "print('a')", "other.py": "print('b')" }, "other.py"),
    );
    expect(output(evs, "stdout")).toBe("b\n");
  });

  test("tracebacks name the file and line; syntax errors too", async () => {
    let evs = await all(await startRun(student, { "main.py": "x = 1\nprint(y)\n" }));
    expect(output(evs, "stderr")).toContain('File "/work/main.py", line 2');
    expect(output(evs, "stderr")).toContain("NameError: name 'y' is not defined");
    expect(exitOf(evs).exitCode).toBe(1);

    evs = await all(
      await startRun(student, { "main.py": "import helper\n", "helper.py": "def f(:\n  pass\n" }),
    );
    expect(output(evs, "stderr")).toContain('File "/work/helper.py", line 1');
    expect(output(evs, "stderr")).toContain("SyntaxError");
  });

  test("a memory hog is stopped and named as such; a flood of output is cut off and marked truncated", async () => {
    let evs = await all(await startRun(student, { "main.py": "x = bytearray(2 * 1024 ** 3)\n" }));
    expect(exitOf(evs).memoryExceeded).toBe(true);

    evs = await all(await startRun(student, { "main.py": "while True:\n    print('y' * 1000)\n" }));
    expect(exitOf(evs).truncated).toBe(true);
    const printed = output(evs, "stdout").length;
    expect(printed).toBeGreaterThan(400 * 1024);
    expect(printed).toBeLessThanOrEqual(512 * 1024);
  });

  test("a dropped stream resumes after the last event id, without repeating or losing output", async () => {
    const res = await startRun(student, { "main.py": 'for i in range(3):\n    print("line", i)\n' });
    const id = res.headers.get("x-run-id")!;
    const first = await all(res);
    const started = first.find((e) => e.event === "started")!;
    const again = await student.request(`/playground/runs/${id}/events`, {
      headers: { accept: "text/event-stream", "last-event-id": started.id },
    });
    expect(again.status).toBe(200);
    const rest = await all(again);
    expect(rest.map((e) => e.event)).toEqual(["stdout", "exit"]);
    expect(output(rest, "stdout")).toBe("line 0\nline 1\nline 2\n");
    // Without an id the whole run is replayed (but not the "run" event, which only the POST sends).
    const whole = await all(
      await student.get(`/playground/runs/${id}/events`, { accept: "text/event-stream" }),
    );
    expect(whole.map((e) => e.event).filter((n) => n !== "queued")).toEqual(["started", "stdout", "exit"]);
  });

  test("a run belongs to its user: another user gets 404 for its events, stdin and stop", async () => {
    const res = await startRun(student, { "main.py": 'input("wait: ")\nprint("done")\n' });
    const id = res.headers.get("x-run-id")!;
    expect((await admin.get(`/playground/runs/${id}/events`, { accept: "text/event-stream" })).status).toBe(
      404,
    );
    expect((await json(admin, "POST", `/playground/runs/${id}/stdin`, { text: "x\n" })).status).toBe(404);
    expect((await json(admin, "POST", `/playground/runs/${id}/stop`)).status).toBe(404);
    expect((await json(student, "POST", "/playground/runs/not-a-uuid/stop")).status).toBe(400);
    expect((await json(student, "POST", `/playground/runs/${crypto.randomUUID()}/stop`)).status).toBe(404);
    // The owner finishes it.
    expect((await json(student, "POST", `/playground/runs/${id}/stdin`, { text: "go\n" })).status).toBe(204);
    const evs = await all(res);
    expect(output(evs, "stdout")).toBe("wait: done\n");
  });

  test("starting a new run stops the user's previous one", async () => {
    const first = await startRun(student, { "main.py": 'input("first: ")\n' });
    const firstEvents = all(first);
    const second = await all(await startRun(student, { "main.py": 'print("second")\n' }));
    expect(output(second, "stdout")).toBe("second\n");
    expect(exitOf(await firstEvents)).toMatchObject({ cancelled: true, stopReason: "replaced" });
  });

  test("bad runs are refused with the reason: missing main file, bad names, wrong shape", async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ files: [{ name: "a.py", content: "" }], main: "main.py" }, 400, 'main file "main.py" is not among'],
      [{ files: [{ name: "../a.py", content: "" }], main: "../a.py" }, 400, "cannot contain"],
      [
        {
          files: [
            { name: "a.py", content: "" },
            { name: "a.py", content: "" },
          ],
          main: "a.py",
        },
        400,
        "Duplicate",
      ],
      [{ files: [], main: "main.py" }, 400, "no file"],
      [{ files: [{ name: "a.py", content: "" }], main: "a.py", limits: { wallSeconds: 600 } }, 400, ""],
      [{ files: [{ name: "a.py", content: "x".repeat(300 * 1024) }], main: "a.py" }, 400, "256 KiB"],
    ];
    for (const [body, status, message] of cases) {
      const res = await json(student, "POST", "/playground/runs", body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toContain(message);
    }
  });
});

describe("playground runs in a full pool", () => {
  test("a waiting run reports its queue position, then starts; Stop or a newer run takes it out of the queue", async () => {
    const small = createTestApp({ SLATE_SANDBOX: "true", SLATE_SANDBOX_MIN: "1", SLATE_SANDBOX_MAX: "1" });
    try {
      await small.ctx.sandbox!.start();
      const admin = await setupAdmin(small);
      const teacher = await createTeacher(small, admin, "grace");
      const { code } = await createSection(small, teacher);
      const [a, b] = [
        (await registerStudent(small, code, "ann")).client,
        (await registerStudent(small, code, "ben")).client,
      ];

      // Ann holds the only container (her program waits for input).
      const hold = await startRun(a, { "main.py": 'input("hold: ")\nprint("released")\n' });
      const holdId = hold.headers.get("x-run-id")!;
      const holdEvents = events(hold);
      while ((await holdEvents.next()).value?.event !== "stdout") {}

      // Ben's run waits: its stream says so.
      const waiting = await startRun(b, { "main.py": 'print("my turn")\n' });
      const benEvents = events(waiting);
      expect((await benEvents.next()).value?.event).toBe("run");
      const queued = (await benEvents.next()).value!;
      expect(queued.event).toBe("queued");
      expect(queued.data).toEqual({ position: 1 });

      // Stop takes a waiting run out of the queue at once: it never started.
      const waitingId = waiting.headers.get("x-run-id")!;
      expect((await json(b, "POST", `/playground/runs/${waitingId}/stop`)).status).toBe(204);
      const rest: Event[] = [];
      for (let e = await benEvents.next(); !e.done; e = await benEvents.next()) rest.push(e.value);
      expect(rest.map((e) => e.event)).toEqual(["exit"]);
      expect(rest[0]!.data).toMatchObject({ cancelled: true, stopReason: "stopped", wallMs: 0 });

      // A second run of Ben's replaces a waiting one too, which then leaves the queue.
      const replaced = await startRun(b, { "main.py": 'print("never")\n' });
      const again = await startRun(b, { "main.py": 'print("my turn")\n' });
      expect(exitOf(await all(replaced))).toMatchObject({ cancelled: true, stopReason: "replaced" });

      // Ann answers; her run ends, and Ben's new one gets the container.
      expect((await json(a, "POST", `/playground/runs/${holdId}/stdin`, { text: "ok\n" })).status).toBe(204);
      for (let e = await holdEvents.next(); !e.done; e = await holdEvents.next()) {}
      const benRun = await all(again);
      // It queued behind the replaced run (2nd), moved up when that one left (1st), then ran.
      expect(benRun.map((e) => e.event)).toEqual(["run", "queued", "queued", "started", "stdout", "exit"]);
      expect(benRun.filter((e) => e.event === "queued").map((e) => e.data)).toEqual([
        { position: 2 },
        { position: 1 },
      ]);
      expect(output(benRun, "stdout")).toBe("my turn\n");
    } finally {
      await small.ctx.sandbox?.stop();
      small.close();
    }
  }, 120_000);
});

describe("playground runs without a sandbox", () => {
  test("code execution turned off: a clear 503 message; too many runs: a friendly 429", async () => {
    const off = createTestApp({ SLATE_SANDBOX: "false", SLATE_RUNS_PER_MINUTE: "2" });
    try {
      const c = await setupAdmin(off);
      const body = { files: [{ name: "main.py", content: "print(1)" }], main: "main.py" };
      for (let i = 0; i < 2; i++) {
        const res = await json(c, "POST", "/playground/runs", body);
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: string }).error).toContain("Code execution is turned off");
      }
      const limited = await json(c, "POST", "/playground/runs", body);
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as { error: string }).error).toContain("2 a minute");
      expect(Number(limited.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      // The page still works: code can be written and saved.
      const page = await c.get("/playground");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Code execution is turned off on this Slate server");
    } finally {
      off.close();
    }
  });
});
