// What a viewer may see of a grading. Students see a visible test's input, expected and actual
// output; of a hidden test only pass/fail and the teacher's message: not even "error" vs "wrong
// answer" or "time limit", which a program could choose per test to spell out the hidden data. This is the one place that
// decides it, so hidden test data cannot slip into a page, a fragment or a stream by accident.
import type { ProblemKind, TestCase } from "../db/tables/problems.ts";
import { pythonArgs, pythonReprOfJson } from "../lib/format.ts";
import { filesOf, type GradeResult, type TestStatus } from "./job.ts";

export interface TestView {
  /** The test's id, for "Visualize this test" (only where its data is shown). */
  testId?: number;
  name: string;
  hidden: boolean;
  status: TestStatus;
  points: number;
  maxPoints: number;
  /** Shown when the test did not pass. */
  message: string;
  /** Present only when the viewer may see the test's data. */
  data?: { input: string; expected: string; actual: string; stderr: string };
  /** A code test's checks with their failure messages: only when the viewer may see the test's data. */
  parts?: { name: string; passed: boolean; message: string }[];
  /** Time and peak memory the test used: only where the viewer may see the test's data. */
  usage?: { ms: number; kb?: number };
  /** "code" for Python test code: its input is the test's code. */
  kind?: "code";
  /** Files the program had to write: expected and as written (only when the data may be seen). */
  files?: { name: string; expected: string; actual: string | null }[];
}

export interface ResultView {
  check: GradeResult["check"];
  tests: TestView[];
  rawScore: number;
  maxScore: number;
  passed: number;
}

/** A hidden test's outcome as a student sees it. "Not run" only when no test ran (the code's check failed). */
function passOrFail(status: TestStatus, result: GradeResult): TestStatus {
  if (status === "pass") return "pass";
  return result.check ? "skipped" : "fail";
}

/** What a test's data looks like to a Python programmer: a function test's JSON values as Python. */
function testData(kind: ProblemKind, test: TestCase, o: GradeResult["tests"][number]): TestView["data"] {
  const { actual, stderr } = o;
  if (test.kind === "code") return { input: test.input, expected: "", actual, stderr };
  // Python values are shown as the teacher wrote them; "actual" is already the return value's repr.
  if (test.value_format === "python") return { input: test.input, expected: test.expected, actual, stderr };
  if (kind !== "function") return { input: test.input, expected: test.expected, actual, stderr };
  // A returned value is JSON (or already a repr); after an error "actual" is what the program printed.
  const returned = o.status === "pass" || o.status === "fail";
  return {
    input: pythonArgs(test.input),
    expected: pythonReprOfJson(test.expected),
    actual: returned ? pythonReprOfJson(actual) : actual,
    stderr,
  };
}

export function presentResult(
  result: GradeResult,
  tests: TestCase[],
  viewer: "student" | "teacher",
  kind: ProblemKind = "stdin",
): ResultView {
  const byId = new Map(tests.map((t) => [t.id, t]));
  const views = result.tests.map((o): TestView => {
    const test = byId.get(o.testId);
    const hidden = test ? test.hidden === 1 : true; // a test deleted since: treat as hidden
    const view: TestView = {
      name: test?.name ?? "(removed test)",
      hidden,
      status: viewer === "teacher" || !hidden ? o.status : passOrFail(o.status, result),
      points: o.points,
      maxPoints: o.maxPoints,
      message: o.status === "pass" ? "" : (test?.message ?? ""),
    };
    if (test && (viewer === "teacher" || !hidden)) {
      view.data = testData(kind, test, o);
      if (o.parts) view.parts = o.parts;
      const expectedFiles = filesOf(test.expected_files);
      if (expectedFiles.length)
        view.files = expectedFiles.map((f) => ({
          name: f.name,
          expected: f.content,
          actual: o.written?.[f.name] ?? null,
        }));
      view.testId = test.id;
      view.usage = { ms: o.ms, ...(o.kb !== undefined ? { kb: o.kb } : {}) };
    }
    if (test?.kind === "code") view.kind = "code";
    return view;
  });
  return {
    check: result.check,
    tests: views,
    rawScore: result.rawScore,
    maxScore: result.maxScore,
    passed: views.filter((v) => v.status === "pass").length,
  };
}
