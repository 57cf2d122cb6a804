// The playground's Python shell (issue 18) against the real sandbox: results of each line with state
// kept, "Continue in shell" with the program's variables, caps per user and in total, the idle end with
// its note, only one's own shells, and a full set of open shells does not keep a submission from being
// graded (shells have a pool of their own; the runs' pool here has a single container).
import { beforeAll, describe, expect, test } from "bun:test";
import { submit } from "../../../src/features/solve/submit.ts";
import { selectOptionalUserByUsername } from "../../../src/models/user.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { SUM_RIGHT, seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { readSse, type SseReader } from "../../helpers/sse.ts";

const { t, section } = useClassroom({
  sandbox: { max: 1, grading: true },
  env: { SLATE_SHELLS_PER_USER: "2", SLATE_SHELLS_TOTAL: "2", SLATE_RUNS_PER_MINUTE: "1000" },
});
let ann: Client;
let bob: Client;

beforeAll(async () => {
  ann = (await registerStudent(t, section.code, "ann")).client;
  bob = (await registerStudent(t, section.code, "bob")).client;
});

function post(c: Client, path: string, body: unknown) {
  return c.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream, application/json" },
    body: JSON.stringify(body),
  });
}

/** The stdout events' text of a stream so far. */
function stdout(text: string): string {
  const out: string[] = [];
  for (const block of text.split("\n\n")) {
    if (!block.includes("event: stdout")) continue;
    const data = block.split("\n").find((l) => l.startsWith("data: "));
    if (data) out.push(JSON.parse(data.slice(6)) as string);
  }
  return out.join("");
}

async function open(c: Client, body: unknown = { files: [], main: null }) {
  const res = await post(c, "/playground/shells", body);
  expect(res.status).toBe(200);
  const id = res.headers.get("x-run-id")!;
  const stream = readSse(res);
  await stream.until((s) => stdout(s).includes(">>> "), 120_000);
  return { id, stream };
}

const type = (c: Client, id: string, text: string) =>
  post(c, `/playground/shells/${id}/stdin`, { text: `${text}\n` });

async function closeShell(c: Client, shell: { id: string; stream: SseReader }) {
  await post(c, `/playground/shells/${shell.id}/stop`, {});
  await shell.stream.until((s) => s.includes("event: exit"), 30_000);
  await shell.stream.close();
}

describe("the Python shell", () => {
  test("each line's result is shown and state is kept, multi-line blocks included", async () => {
    const shell = await open(ann);
    expect((await type(ann, shell.id, "x = 6")).status).toBe(204);
    await type(ann, shell.id, "x * 7");
    await shell.stream.until((s) => stdout(s).includes("42\n"));
    await type(ann, shell.id, "def sq(n):");
    await type(ann, shell.id, "    return n * n");
    await type(ann, shell.id, "");
    await type(ann, shell.id, "sq(x)");
    await shell.stream.until((s) => stdout(s).includes("36\n"));
    expect(stdout(shell.stream.text())).toContain("... ");
    await type(ann, shell.id, "1/0");
    await shell.stream.until((s) => s.includes("ZeroDivisionError"));
    await type(ann, shell.id, "x");
    await shell.stream.until((s) => stdout(s).endsWith("6\n>>> "));
    await closeShell(ann, shell);
  }, 180_000);

  test("Continue in shell runs the program first: its variables are in scope", async () => {
    const shell = await open(ann, {
      files: [{ name: "main.py", content: "total = sum(range(10))\nprint('ran')\n" }],
      main: "main.py",
    });
    expect(stdout(shell.stream.text())).toContain("ran\n");
    await type(ann, shell.id, "total + 1");
    await shell.stream.until((s) => stdout(s).includes("46\n"));
    await closeShell(ann, shell);
  }, 120_000);

  test("another user's shell is not found; caps per user and in total answer clearly", async () => {
    const a1 = await open(ann);
    expect((await type(bob, a1.id, "1")).status).toBe(404);
    expect((await post(bob, `/playground/shells/${a1.id}/stop`, {})).status).toBe(404);
    const a2 = await open(ann);
    const third = await post(ann, "/playground/shells", { files: [], main: null });
    expect(third.status).toBe(429);
    expect((await third.json()).error).toContain("You already have 2 shells open");
    const bobs = await post(bob, "/playground/shells", { files: [], main: null });
    expect(bobs.status).toBe(429);
    expect((await bobs.json()).error).toContain("All shells on this server are in use");

    // With every shell open, a submission is still graded: the runs' single container is free.
    const task = await seedTask(t, section.id);
    const problem = await seedSumProblem(t, task.id);
    const user = (await selectOptionalUserByUsername(t.ctx.db, "bob"))!;
    const graded = new Promise<void>((resolve) => {
      const off = t.ctx.events.on("submission:graded", () => {
        off();
        resolve();
      });
    });
    const r = await submit(t.ctx, {
      user,
      task,
      problem,
      files: [{ name: "main.py", content: SUM_RIGHT }],
      mainFile: "main.py",
    });
    expect(r.ok).toBe(true);
    await graded;
    const row = t.ctx.sqlite
      .query<{ status: string; score: number }, []>("SELECT status, score FROM submissions")
      .get()!;
    expect(row).toEqual({ status: "graded", score: 3 });
    expect(t.ctx.shells.openCount()).toBe(2); // the shells were open all along

    await closeShell(ann, a1);
    await closeShell(ann, a2);
  }, 180_000);

  test("a shell nobody types into ends after the idle time, with a note", async () => {
    const shell = await open(ann);
    const idle = t.ctx.shells.settings.idleMs;
    t.ctx.shells.settings.idleMs = 0;
    try {
      t.ctx.shells.sweep();
      const text = await shell.stream.until((s) => s.includes("event: exit"), 30_000);
      expect(text).toContain('"stopReason":"idle"');
      expect(text).toContain('"idleMinutes":0'); // the configured idle time, for the note
    } finally {
      t.ctx.shells.settings.idleMs = idle;
    }
    await shell.stream.close();
    expect(t.ctx.shells.openCount()).toBe(0);
  }, 120_000);

  test("signed-out visitors cannot open a shell", async () => {
    const res = await t.app.request("http://localhost/playground/shells", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ files: [], main: null }),
    });
    expect([302, 303, 401]).toContain(res.status);
  });
});
