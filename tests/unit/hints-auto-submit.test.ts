// Pure rules of issue 15 (b): the score after hint penalties, and when a "Run tests" qualifies for
// auto-submit (every test visible and passed; never with a hidden test or a failed check).
import { expect, test } from "bun:test";
import type { TestCase } from "../../src/db/tables/problems.ts";
import { allTestsPassed } from "../../src/features/auto-submit/after-run.tsx";
import { scoreAfterHints } from "../../src/features/hints/penalty.ts";
import type { GradeResult } from "../../src/grading/job.ts";

test("the penalty comes off, never below zero; no score stays no score", () => {
  expect(scoreAfterHints(3, 1)).toBe(2);
  expect(scoreAfterHints(3, 5)).toBe(0);
  expect(scoreAfterHints(2.5, 0.3)).toBe(2.2);
  expect(scoreAfterHints(null, 1)).toBeNull();
});

const tc = (id: number, hidden = 0) => ({ id, hidden }) as TestCase;
const run = (statuses: string[], check: GradeResult["check"] = null) =>
  ({
    check,
    rawScore: 0,
    maxScore: 0,
    tests: statuses.map((status, i) => ({
      testId: i + 1,
      status,
      points: 0,
      maxPoints: 1,
      actual: "",
      stderr: "",
      ms: 1,
    })),
  }) as GradeResult;

test("auto-submit qualifies only when every test is visible and passed", () => {
  expect(allTestsPassed(run(["pass", "pass"]), [tc(1), tc(2)])).toBe(true);
  expect(allTestsPassed(run(["pass", "fail"]), [tc(1), tc(2)])).toBe(false);
  expect(allTestsPassed(run(["pass"]), [tc(1), tc(2, 1)])).toBe(false); // a hidden test: never
  expect(allTestsPassed(run([], { kind: "syntax", message: "x" }), [tc(1)])).toBe(false);
  expect(allTestsPassed(run([]), [])).toBe(false);
});
