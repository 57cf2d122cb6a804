// What a viewer sees of a grading: hidden tests as pass/fail for students, function values as Python.
import { describe, expect, test } from "bun:test";
import type { TestCase } from "../../src/db/tables/problems.ts";
import type { GradeResult, TestOutcome } from "../../src/grading/job.ts";
import { presentResult } from "../../src/grading/present.ts";

const testCase = (id: number, over: Partial<TestCase>): TestCase =>
  ({
    id,
    name: `t${id}`,
    hidden: 0,
    input: "",
    expected: "",
    message: "Look again.",
    points: 1,
    ...over,
  }) as TestCase;

const outcome = (testId: number, status: TestOutcome["status"], actual = ""): TestOutcome => ({
  testId,
  status,
  points: status === "pass" ? 1 : 0,
  maxPoints: 1,
  actual,
  stderr: "",
  ms: 3,
});

const result = (tests: TestOutcome[], check: GradeResult["check"] = null): GradeResult => ({
  check,
  tests,
  rawScore: 0,
  maxScore: tests.length,
});

describe("presentResult", () => {
  const tests = [
    testCase(1, {}),
    testCase(2, { hidden: 1 }),
    testCase(3, { hidden: 1 }),
    testCase(4, { hidden: 1 }),
  ];
  const graded = result([
    outcome(1, "error"),
    outcome(2, "error"),
    outcome(3, "timeout"),
    outcome(4, "pass"),
  ]);

  test("a student sees a hidden test only pass or fail, without its data", () => {
    const view = presentResult(graded, tests, "student");
    expect(view.tests.map((v) => v.status)).toEqual(["error", "fail", "fail", "pass"]);
    expect(view.tests.slice(1).every((v) => v.data === undefined)).toBe(true);
    expect(view.tests[1]!.message).toBe("Look again.");
  });

  test("a teacher sees every detail", () => {
    const view = presentResult(graded, tests, "teacher");
    expect(view.tests.map((v) => v.status)).toEqual(["error", "error", "timeout", "pass"]);
    expect(view.tests[1]!.data).toBeDefined();
  });

  test("when the code's check failed, no test ran: hidden ones read 'not run', as visible ones do", () => {
    const skipped = result([outcome(1, "skipped"), outcome(2, "skipped")], { kind: "syntax", message: "x" });
    expect(presentResult(skipped, tests, "student").tests.map((v) => v.status)).toEqual([
      "skipped",
      "skipped",
    ]);
  });

  test("function tests show Python values: arguments, expected and returned", () => {
    const fnTests = [testCase(1, { input: '[1, true, null, "it"]', expected: "[true, 2.5]" })];
    const view = presentResult(result([outcome(1, "fail", "null")]), fnTests, "student", "function");
    expect(view.tests[0]!.data).toMatchObject({
      input: "1, True, None, 'it'",
      expected: "[True, 2.5]",
      actual: "None",
    });
    const crashed = presentResult(result([outcome(1, "error", "true\n")]), fnTests, "student", "function");
    expect(crashed.tests[0]!.data?.actual).toBe("true\n"); // what the program printed, as printed
  });
});
