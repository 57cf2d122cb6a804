// A hostile student against the visualizer, on the real routes and the real sandbox: hidden or
// unreachable tests, a trace forged on the tracer's own channel (past the server's step limit, with
// markup for the view, or built to swell the host's memory), the tracer's file name taken, a
// client-chosen step limit, and oversized or malformed options.
import { beforeAll, describe, expect, test } from "bun:test";
import { jsx } from "hono/jsx";
import { Painter, renderPoint } from "../../../src/client/visualizer/render.ts";
import { type CompactTrace, decodeTrace } from "../../../src/features/visualizer/codec.ts";
import type { GradeResult } from "../../../src/grading/job.ts";
import { presentResult } from "../../../src/grading/present.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { ResultsPanel } from "../../../src/ui/results.tsx";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({ sandbox: { max: 2 } });
let student: Client;
let outsider: Client;
let problemId: number;
let visibleId: number;
let hiddenId: number;
let otherSectionProblem: number;
let otherSectionTest: number;
let lockedProblem: number;
let lockedTest: number;

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };
const send = (c: Client, method: string, path: string, body?: unknown) =>
  c.request(path, {
    method,
    headers: JSON_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const main = (content: string) => ({ files: [{ name: "main.py", content }], main: "main.py" });
const url = (p: number, tid: number) => `/visualizer/problems/${p}/tests/${tid}/trace`;
const OPTS = {
  heapPrimitives: false,
  grid: true,
  showReturned: false,
  nest: false,
  textLabels: false,
  start: "first" as const,
};

async function compactOf(res: Response): Promise<CompactTrace> {
  expect(res.status).toBe(200);
  return JSON.parse(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer()))));
}

/** Python that writes `lines` (a Python expression of a list of str) straight to the tracer's fd. */
const forge = (lines: string) => `import sys
sys.settrace(None); sys._getframe().f_trace = None
import gc, os
tracer = next(o for o in gc.get_objects() if type(o).__name__ == "Tracer")
for line in ${lines}:
    data = (line + "\\n").encode()
    while data:
        data = data[os.write(tracer.out_fd, data):]
os._exit(0)
`;

const testIds = (p: number) =>
  t.ctx.sqlite
    .query<{ id: number; hidden: number }, [number]>(
      "SELECT id, hidden FROM test_cases WHERE problem_id = ? ORDER BY position",
    )
    .all(p);

beforeAll(async () => {
  student = (await registerStudent(t, section.code, "mallory")).client;
  const otherTeacher = await createTeacher(t, admin, "hopper");
  const other = await createSection(t, otherTeacher, "Other class");
  outsider = (await registerStudent(t, other.code, "eve")).client;
  problemId = (await seedSumProblem(t, (await seedTask(t, section.id)).id)).id;
  [visibleId, hiddenId] = [
    testIds(problemId).find((x) => !x.hidden)!.id,
    testIds(problemId).find((x) => x.hidden)!.id,
  ];
  otherSectionProblem = (await seedSumProblem(t, (await seedTask(t, other.id)).id)).id;
  otherSectionTest = testIds(otherSectionProblem).find((x) => !x.hidden)!.id;
  lockedProblem = (await seedSumProblem(t, (await seedTask(t, section.id, { published: 0 })).id)).id;
  lockedTest = testIds(lockedProblem).find((x) => !x.hidden)!.id;
});

describe("hidden tests stay hidden", () => {
  const code = main("print(input())\n");

  test("a hidden test, a missing one, another problem's, another section's, an unpublished task's: one answer, no input", async () => {
    const bodies: string[] = [];
    for (const path of [
      url(problemId, hiddenId),
      url(problemId, 999999),
      url(problemId, otherSectionTest),
      url(otherSectionProblem, otherSectionTest),
      url(lockedProblem, lockedTest),
    ]) {
      const res = await send(student, "POST", path, code);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain("40 2");
      expect(text).not.toContain("42");
      bodies.push(text);
    }
    // The hidden test answers exactly as a test that does not exist: no oracle for hidden ids.
    expect(bodies[0]).toBe(bodies[1]);
    // The other section's student cannot reach this problem's visible test either.
    expect((await send(outsider, "POST", url(problemId, visibleId), code)).status).toBe(404);
  });

  test("the teacher of the problem cannot trace its hidden test either", async () => {
    const res = await send(teacher, "POST", url(problemId, hiddenId), code);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("40 2");
  });
});

describe("the client cannot choose the limits", () => {
  test("a step limit, a stdin, a config or a wall time in the body is refused", async () => {
    for (const extra of [
      { maxSteps: 1e9 },
      { config: { maxSteps: 1e9 } },
      { wallSeconds: 600 },
      { limits: {} },
    ]) {
      const res = await send(student, "POST", "/visualizer/trace", { ...main("print(1)\n"), ...extra });
      expect(res.status).toBe(400);
    }
    const res = await send(student, "POST", url(problemId, visibleId), {
      ...main("print(1)\n"),
      stdin: "40 2\n",
    });
    expect(res.status).toBe(400);
  });

  test("a user file named as the tracer does not replace it", async () => {
    const res = await send(student, "POST", "/visualizer/trace", {
      files: [
        { name: "main.py", content: "print(1)\n" },
        { name: "_slate_tracer.py", content: 'print(\'{"e":"step_line","l":1,"fn":"forged"}\')\n' },
      ],
      main: "main.py",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("duplicate");
  });
});

describe("a trace forged on the tracer's channel", () => {
  test("cannot run past the server's step limit: the host cuts it and says so", async () => {
    const max = t.ctx.config.traceMaxSteps;
    const code = forge(`['{"e":"step_line","l":1,"fn":"<module>"}'] * ${max + 2000} + ['{"done":true}']`);
    const compact = await compactOf(await send(student, "POST", "/visualizer/trace", main(code)));
    expect(compact.points.length).toBeLessThanOrEqual(max + 1);
    const last = compact.points.at(-1)!;
    expect(last.limit).toBe("steps");
    expect(last.x).toContain(`${max} steps`);
  });

  test("raising the tracer's own step limit from user code does not help either", async () => {
    const max = t.ctx.config.traceMaxSteps;
    const code = `import gc
next(o for o in gc.get_objects() if type(o).__name__ == "Tracer").max_steps = 10**9
i = 0
while i < ${max}:
    i += 1
`;
    const compact = await compactOf(await send(student, "POST", "/visualizer/trace", main(code)));
    expect(compact.points.length).toBeLessThanOrEqual(max + 1);
    expect(compact.points.at(-1)!.limit).toBe("steps");
  });

  test("one huge point (millions of tiny objects, 24x their size in host memory) is not kept", async () => {
    const code = forge(
      `['{"e":"step_line","l":1,"fn":"<module>"}', '{"e":"step_line","l":2,"fn":"<module>","h":{"1":["LIST"' + ',{}' * 3000000 + ']}}', '{"done":true}']`,
    );
    const res = await send(student, "POST", "/visualizer/trace", main(code));
    const gz = await res.clone().arrayBuffer();
    const compact = await compactOf(res);
    expect(gz.byteLength).toBeLessThan(64 * 1024);
    const last = compact.points.at(-1)!;
    expect(last.limit).toBe("output");
    expect(compact.points.every((p) => !p.h?.["1"] || (p.h["1"] as unknown[]).length < 100)).toBe(true);
  });

  test("malformed, deeply nested and giant-number lines do not crash the host", async () => {
    const code = forge(
      `['{"e":"step_line","l":1,"fn":"<module>"}', '{"e":', 'null', '[1,2]', '[' * 200000 + ']' * 200000, '{"e":"step_line","l":2,"fn":"<module>","g":{"n":${"9".repeat(5000)}}}', '{"e":"step_line","l":3,"fn":"<module>","g":{"d":' + '[' * 100000 + ']' * 100000 + '}}', '{"done":true}']`,
    );
    const res = await send(student, "POST", "/visualizer/trace", main(code));
    const compact = await compactOf(res);
    expect(compact.points[0]!.l).toBe(1);
    expect(decodeTrace(compact).trace.length).toBeGreaterThanOrEqual(1);
  });

  test("markup in a forged function's parent field is escaped by the view", async () => {
    const xss = "<img src=x onerror=alert(1)>";
    const point = JSON.stringify({
      e: "step_line",
      l: 1,
      fn: "<module>",
      g: { f: ["REF", 1] },
      go: ["f"],
      h: { "1": ["FUNCTION", "f()", xss] },
    });
    const code = forge(`[${JSON.stringify(point)}, '{"done":true}']`);
    const trace = decodeTrace(await compactOf(await send(student, "POST", "/visualizer/trace", main(code))));
    const forged = trace.trace.find((p) => p.heap["1"]?.[0] === "FUNCTION")!;
    const html = new Painter(forged.heap, OPTS).object(1, forged.heap["1"]!);
    expect(html).not.toContain("<img");
  });
});

describe("what the real tracer reports is escaped by the view", () => {
  test("names, keys, attributes, class names, reprs, output and exception messages", async () => {
    const code = `X = "<img src=x onerror=alert(1)>"
class Evil:
    def __repr__(self):
        return X
K = type(X, (), {})
k = K()
setattr(k, X, X)
d = {X: Evil(), "s": {X}}
globals()[X] = X
def f():
    raise ValueError(X)
f()
`;
    const trace = decodeTrace(await compactOf(await send(student, "POST", "/visualizer/trace", main(code))));
    const last = trace.trace.at(-1)!;
    expect(last.exception_msg).toContain("ValueError");
    for (const p of trace.trace) {
      for (const nest of [false, true]) {
        for (const textLabels of [false, true]) {
          const { frames, objects } = renderPoint(p, { ...OPTS, nest, textLabels });
          expect(frames + objects).not.toContain("<img");
        }
      }
    }
  });
});

describe("options", () => {
  test("oversized, malformed or foreign options are refused and nothing changes", async () => {
    const get = async (c: Client) =>
      ((await (await send(c, "GET", "/visualizer/options")).json()) as { options: Record<string, unknown> })
        .options;
    expect((await send(outsider, "PUT", "/visualizer/options", { nest: true })).status).toBe(200);
    const before = await get(student);
    for (const bad of [
      { nest: true, padding: "x".repeat(1024 * 1024) },
      [true],
      "nest",
      { nest: 1 },
      { start: "<script>" },
      { user_id: 1, nest: true },
      { __proto__: { nest: true }, grid: "no" },
    ]) {
      expect([400, 413]).toContain((await send(student, "PUT", "/visualizer/options", bad)).status);
    }
    const malformed = await student.request("/visualizer/options", {
      method: "PUT",
      headers: JSON_HEADERS,
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(await get(student)).toEqual(before);
    expect((await get(outsider)).nest).toBe(true);
    expect(before.nest).toBe(false);
  });
});

describe("results and rate limits", () => {
  test("results of a failed hidden test carry no visualize button, id or data, for student or teacher", async () => {
    const tests = await selectTests(t.ctx.db, problemId);
    const outcome = (id: number) => ({
      testId: id,
      status: "fail",
      points: 0,
      maxPoints: 1,
      actual: "41\n",
      stderr: "",
      ms: 1,
    });
    const result = {
      check: { ok: true },
      tests: [outcome(visibleId), outcome(hiddenId)],
      rawScore: 0,
      maxScore: 2,
    } as unknown as GradeResult;
    for (const viewer of ["student", "teacher"] as const) {
      const html = String(
        await jsx(ResultsPanel, { result: presentResult(result, tests, viewer) }).toString(),
      );
      expect(html).toContain(`data-visualize-test="${visibleId}"`);
      expect(html).not.toContain(`data-visualize-test="${hiddenId}"`);
      if (viewer === "student") expect(html).not.toContain("40 2");
    }
  });

  test("traces count against the run rate limit, on both routes", async () => {
    const saved = t.ctx.config.runsPerMinute;
    (t.ctx.config as { runsPerMinute: number }).runsPerMinute = 2;
    try {
      const hasty = (await registerStudent(t, section.code, "hasty")).client;
      const code = main("print(1)\n");
      expect((await send(hasty, "POST", "/visualizer/trace", code)).status).toBe(200);
      expect((await send(hasty, "POST", url(problemId, visibleId), code)).status).toBe(200);
      expect((await send(hasty, "POST", "/visualizer/trace", code)).status).toBe(429);
      expect((await send(hasty, "POST", url(problemId, visibleId), code)).status).toBe(429);
    } finally {
      (t.ctx.config as { runsPerMinute: number }).runsPerMinute = saved;
    }
  });
});
