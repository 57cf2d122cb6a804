// Turning a submission into ONE sandbox job (the harness forks one process per test), and the
// harness's output back into graded test results.
import type { Problem, TestCase } from "../db/tables/problems.ts";
import type { JobFile, JobInput, JobResult } from "../sandbox/index.ts";
import { outputMatches, typedMatches, valueMatches } from "./compare.ts";
export const HARNESS_FILE = "_slate_grader.py";

/**
 * The job's main file. The harness itself (sandbox/slate_harness.py) is part of the sandbox image,
 * compiled when the image is built, so that no grading spends time compiling it. The student's files
 * are in the working directory: it leaves sys.path before the harness is imported.
 */
export const HARNESS_MAIN = [
  "import os, sys",
  "work = os.path.realpath(os.getcwd())",
  'sys.path[:] = ["/opt/slate/grader"] + [p for p in sys.path if p and os.path.realpath(p) != work]',
  "import slate_harness",
  "slate_harness.main()",
  "",
].join("\n");

export type TestStatus = "pass" | "fail" | "error" | "timeout" | "memory" | "skipped";

export interface TestOutcome {
  testId: number;
  status: TestStatus;
  points: number;
  maxPoints: number;
  /** What the program printed or returned (kept for teachers; shown to students for visible tests only). */
  actual: string;
  stderr: string;
  ms: number;
  /** The test process's peak resident memory in KiB (absent in results stored before it was kept). */
  kb?: number;
  /** A code test's checks (its test_* functions, or its top-level asserts as one), each counted. */
  parts?: TestPart[];
  /** Files the test expected the program to write, as written (null: not written). */
  written?: Record<string, string | null>;
}

export interface TestPart {
  name: string;
  passed: boolean;
  /** Why it failed, with the assertion's values: shown to students for visible tests only. */
  message: string;
}

export interface GradeResult {
  /** A problem with the code itself (syntax error, wrong function signature), shown instead of tests. */
  check: { kind: "syntax" | "signature" | "error"; message: string; line?: number } | null;
  tests: TestOutcome[];
  rawScore: number;
  maxScore: number;
  /** The job's peak memory (the practice rankings; absent in results stored before it was kept). */
  peakMemoryKb?: number;
}

function frame(value: unknown): string {
  const json = JSON.stringify(value);
  return `${Buffer.byteLength(json, "utf8")}\n${json}`;
}

/** Visible tests first: hidden data must not be in the harness before every visible test has run. */
export function orderForGrading(tests: TestCase[]): TestCase[] {
  return [...tests].sort((a, b) => a.hidden - b.hidden || a.position - b.position || a.id - b.id);
}

export function buildGradingJob(
  problem: Problem,
  tests: TestCase[],
  files: JobFile[],
  mainFile: string,
  dataFiles: JobFile[] = [],
): JobInput {
  const config = {
    kind: problem.kind,
    main: mainFile,
    function:
      problem.kind === "function"
        ? { name: problem.function_name, params: JSON.parse(problem.function_params) as string[] }
        : null,
    timeLimitMs: problem.time_limit_ms,
    memoryMb: problem.memory_mb,
    codeTests: tests.some((t) => t.kind === "code"),
  };
  const frames = [frame(config)];
  for (const t of orderForGrading(tests)) frames.push(frame(testFrame(problem, t)));
  const perTestSeconds = (problem.time_limit_ms * 2) / 1000 + 0.6;
  return {
    files: [...files, ...dataFiles, { name: HARNESS_FILE, content: HARNESS_MAIN }],
    main: HARNESS_FILE,
    stdin: frames.join(""),
    mode: "run",
    limits: {
      wallSeconds: Math.min(600, Math.ceil(5 + tests.length * perTestSeconds)),
      cpuSeconds: Math.min(300, Math.ceil(5 + tests.length * (problem.time_limit_ms / 1000 + 1))),
      outputBytes: Math.min(16 * 1024 * 1024, 256 * 1024 + tests.length * 140 * 1024),
    },
  };
}

/** What the harness gets of one test: only this test's data, read when the test runs. */
function testFrame(problem: Problem, t: TestCase): Record<string, unknown> {
  return { ...testData(problem, t), ...testFiles(t) };
}

function testData(problem: Problem, t: TestCase): Record<string, unknown> {
  if (t.kind === "code") return { id: t.id, code: t.input };
  if (problem.kind === "function" && t.value_format === "python" && t.input_typed)
    return { id: t.id, typedArgs: JSON.parse(t.input_typed) };
  if (problem.kind === "function") return { id: t.id, args: JSON.parse(t.input) };
  return { id: t.id, input: t.input };
}

export interface TestFile {
  name: string;
  content: string;
}

export const filesOf = (json: string | undefined): TestFile[] =>
  json ? (JSON.parse(json) as TestFile[]) : [];

/** Files the test adds, and the names of files the program must write (their content stays here). */
function testFiles(t: TestCase): Record<string, unknown> {
  const added = filesOf(t.files);
  const expected = filesOf(t.expected_files);
  return {
    ...(added.length ? { files: added } : {}),
    ...(expected.length ? { expectFiles: expected.map((f) => f.name) } : {}),
  };
}

interface HarnessTestLine {
  id: number;
  status: "ok" | "error" | "timeout" | "memory";
  stdout: string;
  stderr: string;
  ms: number;
  kb?: number;
  value?: unknown;
  repr?: string;
  unserializable?: boolean;
  parts?: TestPart[];
  typed?: unknown;
  files?: Record<string, string | null>;
}

const HARNESS_STATES = new Set(["ok", "error", "timeout", "memory"]);

/** Turtle drawings and matplotlib figures in the output (sandbox/slate_pictures.py) are not printed text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequence is the point
const PICTURES = /\x1b\]slate;[a-z]+;[^\x07]*\x07?/g;

function isTestLine(v: Record<string, unknown>): v is Record<string, unknown> & HarnessTestLine {
  return (
    typeof v.id === "number" &&
    HARNESS_STATES.has(v.status as string) &&
    typeof v.stdout === "string" &&
    typeof v.stderr === "string" &&
    typeof v.ms === "number"
  );
}

/**
 * The harness's lines: first the check, then one line per test in the order the tests were sent.
 * Defence in depth (the harness already sets each id itself): only the first line for a test that
 * was sent counts, so no line can stand in for another test's.
 */
function parseLines(
  stdout: string,
  sent: TestCase[],
): { check: Record<string, unknown> | null; tests: Map<number, HarnessTestLine> } {
  const expected = new Set(sent.map((t) => t.id));
  const tests = new Map<number, HarnessTestLine>();
  let check: Record<string, unknown> | null = null;
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) continue;
    const obj = parsed as Record<string, unknown>;
    if ("check" in obj) check ??= obj;
    else if (isTestLine(obj) && expected.has(obj.id) && !tests.has(obj.id))
      tests.set(obj.id, { ...obj, stdout: obj.stdout.replace(PICTURES, "") });
  }
  return { check, tests };
}

/** Every file the test expects was written with the expected content (compared like stdout). */
function filesMatch(test: TestCase, line: HarnessTestLine): boolean {
  return filesOf(test.expected_files).every((f) => {
    const written = line.files?.[f.name];
    return typeof written === "string" && outputMatches(f.content, written, test.compare, test.tolerance);
  });
}

function judge(problem: Problem, test: TestCase, line: HarnessTestLine | undefined): TestOutcome {
  const outcome = judgeOutput(problem, test, line);
  if (line?.status !== "ok" || filesOf(test.expected_files).length === 0) return outcome;
  const written = Object.fromEntries(
    Object.entries(line.files ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : null]),
  );
  if (outcome.status === "pass" && !filesMatch(test, line))
    return { ...outcome, status: "fail", points: 0, written };
  return { ...outcome, written };
}

function judgeOutput(problem: Problem, test: TestCase, line: HarnessTestLine | undefined): TestOutcome {
  const base = { testId: test.id, maxPoints: test.points, points: 0, actual: "", stderr: "", ms: 0 };
  if (!line) return { ...base, status: "skipped" };
  const common = {
    ...base,
    stderr: line.stderr,
    ms: line.ms,
    ...(typeof line.kb === "number" ? { kb: line.kb } : {}),
  };
  if (line.status !== "ok") return { ...common, status: line.status, actual: line.stdout };
  if (test.kind === "code") return judgeCode(common, test, line);
  if (problem.kind === "function" && test.value_format === "python") {
    const expected = test.expected_typed ? JSON.parse(test.expected_typed) : null;
    const pass = line.typed !== undefined && typedMatches(expected, line.typed, test.tolerance);
    return {
      ...common,
      actual: line.repr ?? "",
      status: pass ? "pass" : "fail",
      points: pass ? test.points : 0,
    };
  }
  if (problem.kind === "function") {
    const actual = line.unserializable ? (line.repr ?? "") : JSON.stringify(line.value);
    const pass = !line.unserializable && valueMatches(JSON.parse(test.expected), line.value, test.tolerance);
    return { ...common, actual, status: pass ? "pass" : "fail", points: pass ? test.points : 0 };
  }
  const pass = outputMatches(test.expected, line.stdout, test.compare, test.tolerance);
  return { ...common, actual: line.stdout, status: pass ? "pass" : "fail", points: pass ? test.points : 0 };
}

/** A code test scores its share of passed parts; it passes when every part did. */
function judgeCode(common: Omit<TestOutcome, "status">, test: TestCase, line: HarnessTestLine): TestOutcome {
  const parts = validParts(line.parts);
  if (!parts) return { ...common, status: "error", actual: line.stdout };
  const passed = parts.filter((p) => p.passed).length;
  const points = Math.round(((test.points * passed) / parts.length) * 100) / 100;
  const status = passed === parts.length ? "pass" : "fail";
  return { ...common, status, actual: line.stdout, points, parts };
}

function validParts(parts: unknown): TestPart[] | null {
  if (!Array.isArray(parts) || parts.length === 0) return null;
  const out: TestPart[] = [];
  for (const p of parts) {
    if (typeof p !== "object" || p === null) return null;
    const { name, passed, message } = p as Record<string, unknown>;
    if (typeof passed !== "boolean") return null;
    out.push({ name: String(name ?? ""), passed, message: String(message ?? "") });
  }
  return out;
}

/** Grades the harness's output; a sandbox failure (result.error) is the caller's business. */
export function gradeJobOutput(
  problem: Problem,
  tests: TestCase[],
  stdout: string,
  result: JobResult,
): GradeResult {
  const { check, tests: lines } = parseLines(stdout, tests);
  const maxScore = tests.reduce((sum, t) => sum + t.points, 0);
  if (check && check.check !== "ok") {
    const kind = check.check === "syntax" || check.check === "signature" ? check.check : "error";
    const line = typeof check.line === "number" ? check.line : undefined;
    const message = String(check.message ?? "The code could not be checked.");
    const tested = tests.map((t) => judge(problem, t, undefined));
    return { check: { kind, message, line }, tests: tested, rawScore: 0, maxScore };
  }
  const outcomes = orderForGrading(tests).map((t) => {
    const o = judge(problem, t, lines.get(t.id));
    // A job stopped by its overall limits leaves the remaining tests without a line: say why.
    if (o.status === "skipped" && result.timedOut) return { ...o, status: "timeout" as const };
    return o;
  });
  const rawScore = Math.round(outcomes.reduce((sum, o) => sum + o.points, 0) * 100) / 100;
  return { check: null, tests: outcomes, rawScore, maxScore, peakMemoryKb: result.peakMemoryKb };
}
