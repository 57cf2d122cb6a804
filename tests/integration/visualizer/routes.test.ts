// The visualizer's routes against the real app, database and sandbox: who may trace what (signed-out
// users, students of another section, another teacher), hidden tests never traced, bad input refused
// with a clear message, the compressed answer, and the options remembered per user.
import { beforeAll, describe, expect, test } from "bun:test";
import { type CompactTrace, decodeTrace } from "../../../src/features/visualizer/codec.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({ sandbox: { max: 2 } });
let student: Client;
let outsider: Client;
let otherTeacher: Client;
let problemId: number;
let visibleId: number;
let hiddenId: number;
let fnProblemId: number;
let fnTestId: number;

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };
const send = (c: Client, method: string, path: string, body?: unknown) =>
  c.request(path, {
    method,
    headers: JSON_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const main = (content: string) => ({ files: [{ name: "main.py", content }], main: "main.py" });

async function traceOf(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-encoding")).toBe("gzip");
  const compact = JSON.parse(
    new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer()))),
  );
  return decodeTrace(compact as CompactTrace);
}

beforeAll(async () => {
  student = (await registerStudent(t, section.code, "ada")).client;
  otherTeacher = await createTeacher(t, admin, "turing");
  const other = await createSection(t, otherTeacher, "Another class");
  outsider = (await registerStudent(t, other.code, "eve")).client;
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(t, task.id);
  problemId = problem.id;
  const tests = t.ctx.sqlite
    .query<{ id: number; hidden: number }, [number]>(
      "SELECT id, hidden FROM test_cases WHERE problem_id = ? ORDER BY position",
    )
    .all(problemId);
  visibleId = tests.find((x) => x.hidden === 0)!.id;
  hiddenId = tests.find((x) => x.hidden === 1)!.id;
  const fn = await seedSumProblem(t, task.id, [{ name: "call", input: "[2, 5]", expected: "7" }], {
    kind: "function",
    function_name: "add",
    function_params: JSON.stringify(["a", "b"]),
  });
  fnProblemId = fn.id;
  fnTestId = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ?")
    .get(fn.id)!.id;
});

describe("POST /visualizer/trace", () => {
  test("a signed-in user gets the compressed compact trace of their program", async () => {
    const tr = await traceOf(
      await send(student, "POST", "/visualizer/trace", {
        ...main("x = input()\nprint(x * 2)\n"),
        stdin: "ab\n",
      }),
    );
    expect(tr.trace.at(-1)!.stdout).toBe("ab\nabab\n");
    expect(tr.trace.at(-1)!.globals).toEqual({ x: "ab" });
  });

  test("signed out: nothing runs", async () => {
    const res = await send(new Client(t), "POST", "/visualizer/trace", main("print(1)\n"));
    expect([302, 303, 401]).toContain(res.status);
  });

  test("bad input is refused as for runs, with a message", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.py`, content: "" }));
    const cases: [unknown, RegExp][] = [
      [{ files: many, main: "f0.py" }, /At most 20 files/],
      [main("x" + "#".repeat(300 * 1024)), /at most 256 KiB/i],
      [{ files: [{ name: "main.py", content: "" }], main: "other.py" }, /not among the files/],
      [{ files: [{ name: "../x.py", content: "" }], main: "../x.py" }, /File names/],
      [{ ...main(""), stdin: "x".repeat(70 * 1024) }, /too long/],
    ];
    for (const [body, message] of cases) {
      const res = await send(student, "POST", "/visualizer/trace", body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }
  });
});

describe("POST /visualizer/problems/:id/tests/:testId/trace", () => {
  const url = (p: number, tid: number) => `/visualizer/problems/${p}/tests/${tid}/trace`;
  const code = main("a, b = map(int, input().split())\nprint(a - b)\n");

  test("a visible test: traced with its input", async () => {
    const tr = await traceOf(await send(student, "POST", url(problemId, visibleId), code));
    expect(tr.trace.at(-1)!.stdout).toBe("1 2\n-1\n"); // the input is echoed, as a terminal shows it
    expect(tr.trace.at(-1)!.globals).toEqual({ a: 1, b: 2 });
  });

  test("a function test: the call is traced, with its result", async () => {
    const tr = await traceOf(
      await send(student, "POST", url(fnProblemId, fnTestId), main("def add(a, b):\n    return a * b\n")),
    );
    expect(tr.trace.some((p) => p.event === "call" && p.func_name === "add")).toBe(true);
    expect(tr.trace.at(-1)!.result).toBe("10");
  });

  test("a function test written as Python values: the tuple and set arrive as Python built them", async () => {
    const fn = await seedSumProblem(
      t,
      (await seedTask(t, section.id)).id,
      [{ name: "values", input: "(1, 2), {3}", expected: "True", value_format: "python" }],
      { kind: "function", function_name: "check", function_params: JSON.stringify(["pair", "items"]) },
    );
    const testId = t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ?")
      .get(fn.id)!.id;
    const code = "def check(pair, items):\n    return type(pair).__name__ + ' ' + type(items).__name__\n";
    const tr = await traceOf(await send(student, "POST", url(fn.id, testId), main(code)));
    expect(tr.trace.at(-1)!.result).toBe("'tuple set'");
  });

  test("a test written as Python test code is not offered: refused with a message", async () => {
    const p = await seedSumProblem(t, (await seedTask(t, section.id)).id, [
      { name: "asserts", input: "assert True\n", expected: "", kind: "code" },
    ]);
    const testId = t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ?")
      .get(p.id)!.id;
    const res = await send(student, "POST", url(p.id, testId), main("print(1)\n"));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("cannot be visualized");
  });

  test("a hidden test is never traced, for anyone", async () => {
    for (const c of [student, teacher]) {
      const res = await send(c, "POST", url(problemId, hiddenId), code);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("40 2");
    }
  });

  test("a test of another problem, another section's student, another teacher, signed out: refused", async () => {
    expect((await send(student, "POST", url(fnProblemId, visibleId), code)).status).toBe(404);
    expect((await send(outsider, "POST", url(problemId, visibleId), code)).status).toBe(404);
    expect((await send(otherTeacher, "POST", url(problemId, visibleId), code)).status).toBe(404);
    expect([302, 303, 401]).toContain(
      (await send(new Client(t), "POST", url(problemId, visibleId), code)).status,
    );
  });
});

describe("/visualizer/options", () => {
  test("defaults, saved per user, other users unaffected, bad values refused", async () => {
    const get = async (c: Client) =>
      ((await (await send(c, "GET", "/visualizer/options")).json()) as { options: Record<string, unknown> })
        .options;
    expect(await get(student)).toEqual({
      heapPrimitives: false,
      grid: true,
      showReturned: false,
      nest: false,
      textLabels: false,
      start: "first",
    });
    const saved = await send(student, "PUT", "/visualizer/options", { showReturned: true, start: "error" });
    expect(saved.status).toBe(200);
    expect(await get(student)).toMatchObject({ showReturned: true, start: "error", grid: true });
    expect(await get(outsider)).toMatchObject({ showReturned: false, start: "first" });
    for (const bad of [{ start: "middle" }, { grid: "yes" }, { colour: "red" }]) {
      expect((await send(student, "PUT", "/visualizer/options", bad)).status).toBe(400);
    }
    expect(await get(student)).toMatchObject({ showReturned: true, start: "error" });
    expect([302, 303, 401]).toContain((await send(new Client(t), "GET", "/visualizer/options")).status);
  });
});
