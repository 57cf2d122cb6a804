import { describe, expect, test } from "bun:test";
import type { Problem, Task, TestCase } from "../../src/db/tables/problems.ts";
import { normalizeOutput, outputMatches, valueMatches } from "../../src/grading/compare.ts";
import { buildGradingJob, gradeJobOutput, HARNESS_FILE, orderForGrading } from "../../src/grading/job.ts";
import { applyPenalty, lateness } from "../../src/grading/late.ts";
import type { JobResult } from "../../src/sandbox/index.ts";

const HOUR = 3_600_000;
const due = Date.UTC(2026, 9, 1, 23, 59);
const task = (over: Partial<Task> = {}) =>
  ({
    due_at: due,
    late_policy: "penalty",
    late_penalty_pct: 10,
    late_interval_hours: 24,
    late_cap_pct: 50,
    ...over,
  }) as Task;

describe("late policy", () => {
  test("on time: accepted, no penalty", () => {
    expect(lateness(task(), due)).toEqual({ accepted: true, penaltyPct: 0, late: false });
    expect(lateness(task({ due_at: null }), due + 1000 * HOUR)).toMatchObject({
      accepted: true,
      penaltyPct: 0,
    });
  });
  test("penalty per started interval, up to the cap", () => {
    expect(lateness(task(), due + 1)).toEqual({ accepted: true, penaltyPct: 10, late: true });
    expect(lateness(task(), due + 24 * HOUR)).toMatchObject({ penaltyPct: 10 });
    expect(lateness(task(), due + 24 * HOUR + 1)).toMatchObject({ penaltyPct: 20 });
    expect(lateness(task(), due + 4.5 * 24 * HOUR)).toMatchObject({ penaltyPct: 50 });
    expect(lateness(task(), due + 40 * 24 * HOUR)).toMatchObject({ penaltyPct: 50 }); // capped
    expect(
      lateness(task({ late_interval_hours: 1, late_penalty_pct: 5, late_cap_pct: 100 }), due + 3.2 * HOUR),
    ).toMatchObject({
      penaltyPct: 20,
    });
  });
  test("none refuses after the due time; free accepts without penalty", () => {
    expect(lateness(task({ late_policy: "none" }), due + 1)).toMatchObject({ accepted: false });
    expect(lateness(task({ late_policy: "free" }), due + 100 * HOUR)).toEqual({
      accepted: true,
      penaltyPct: 0,
      late: true,
    });
  });
  test("the penalty applies to the raw score", () => {
    expect(applyPenalty(8, 25)).toBe(6);
    expect(applyPenalty(3, 10)).toBe(2.7);
    expect(applyPenalty(1, 100)).toBe(0);
  });
});

describe("output comparison", () => {
  test("trailing whitespace and trailing blank lines never count", () => {
    expect(normalizeOutput("a  \nb\t\n\n\n")).toBe("a\nb");
    expect(outputMatches("3\n", "3", "trim", null)).toBe(true);
    expect(outputMatches("1 2\n3", "1 2   \r\n3\n\n", "trim", null)).toBe(true);
    expect(outputMatches("Hello", "hello", "trim", null)).toBe(false);
    expect(outputMatches(" 3", "3", "trim", null)).toBe(false); // leading whitespace counts
  });
  test("ignore case", () => {
    expect(outputMatches("YES\nNo", "yes\nNO\n", "ignore_case", null)).toBe(true);
  });
  test("numbers within a tolerance, words exactly", () => {
    expect(outputMatches("area 3.14159", "area 3.1416", "tolerance", 1e-3)).toBe(true);
    expect(outputMatches("area 3.14159", "area 3.2", "tolerance", 1e-3)).toBe(false);
    expect(outputMatches("area 3.14159", "Area 3.14159", "tolerance", 1e-3)).toBe(false);
    expect(outputMatches("1e6", "1000000.4", "tolerance", 1e-6)).toBe(true); // relative for large values
    expect(outputMatches("1 2", "1 2 3", "tolerance", 1)).toBe(false);
    expect(outputMatches("nan", "nan", "tolerance", 1)).toBe(true);
  });
  test("function values: deep equality, floats with a tolerance", () => {
    expect(valueMatches([1, [2, { a: 3 }]], [1, [2, { a: 3 }]], null)).toBe(true);
    expect(valueMatches({ a: 1, b: 2 }, { b: 2, a: 1 }, null)).toBe(true);
    expect(valueMatches(0.3, 0.30000000000000004, null)).toBe(false);
    expect(valueMatches(0.3, 0.30000000000000004, 1e-9)).toBe(true);
    expect(valueMatches([0.3], [0.31], 1e-9)).toBe(false);
    expect(valueMatches(1, "1", null)).toBe(false);
    expect(valueMatches(null, null, null)).toBe(true);
    expect(valueMatches({ a: 1 }, [1], null)).toBe(false);
  });
});

const problem = {
  kind: "stdin",
  function_name: null,
  function_params: "[]",
  time_limit_ms: 1000,
  memory_mb: 64,
} as Problem;
const tc = (id: number, over: Partial<TestCase> = {}) =>
  ({
    id,
    name: `t${id}`,
    position: id,
    hidden: 0,
    points: 1,
    input: `${id}\n`,
    expected: `${id}\n`,
    compare: "trim",
    tolerance: null,
    message: "",
    ...over,
  }) as TestCase;
const okResult = { exitCode: 0, timedOut: null, error: undefined } as JobResult;

describe("grading job", () => {
  test("visible tests go first, and expected values never enter the sandbox", () => {
    const tests = [tc(1, { hidden: 1, expected: "SECRET-EXPECTED" }), tc(2), tc(3, { hidden: 1 }), tc(4)];
    expect(orderForGrading(tests).map((t) => t.id)).toEqual([2, 4, 1, 3]);
    const job = buildGradingJob(problem, tests, [{ name: "main.py", content: "print(1)" }], "main.py");
    expect(job.main).toBe(HARNESS_FILE);
    expect(job.files.map((f) => f.name)).toEqual(["main.py", HARNESS_FILE]);
    expect(job.stdin).not.toContain("SECRET-EXPECTED");
    const ids = [...(job.stdin ?? "").matchAll(/"id":(\d+)/g)].map((m) => Number(m[1]));
    expect(ids).toEqual([2, 4, 1, 3]);
  });

  test("harness lines become graded outcomes with points", () => {
    const tests = [tc(1, { points: 2 }), tc(2, { points: 3 }), tc(3)];
    const stdout = [
      { check: "ok" },
      { id: 1, status: "ok", stdout: "1\n", stderr: "", ms: 3 },
      { id: 2, status: "ok", stdout: "nope\n", stderr: "", ms: 3 },
      { id: 3, status: "timeout", stdout: "", stderr: "", ms: 2000 },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n");
    const graded = gradeJobOutput(problem, tests, stdout, okResult);
    expect(graded.check).toBeNull();
    expect(graded.tests.map((t) => [t.testId, t.status, t.points])).toEqual([
      [1, "pass", 2],
      [2, "fail", 0],
      [3, "timeout", 0],
    ]);
    expect(graded.rawScore).toBe(2);
    expect(graded.maxScore).toBe(6);
  });

  test("a signature or syntax problem scores zero and says why", () => {
    const graded = gradeJobOutput(
      problem,
      [tc(1)],
      JSON.stringify({ check: "syntax", message: "invalid syntax", line: 3 }),
      okResult,
    );
    expect(graded.check).toEqual({ kind: "syntax", message: "invalid syntax", line: 3 });
    expect(graded.rawScore).toBe(0);
    expect(graded.tests[0]?.status).toBe("skipped");
  });

  test("tests left without a line after the job timed out count as timeouts", () => {
    const graded = gradeJobOutput(
      problem,
      [tc(1), tc(2)],
      `{"check":"ok"}\n{"id":1,"status":"ok","stdout":"1","stderr":"","ms":1}`,
      {
        ...okResult,
        timedOut: "wall",
      },
    );
    expect(graded.tests.map((t) => t.status)).toEqual(["pass", "timeout"]);
  });
});
