// The leak guard. Slate does not trust the model to keep to hints: before a tutor reply reaches the
// student, the code in it (what renders as code: blocks, and inline code taken together) is run in
// the sandbox against the problem's tests (the visible ones when it has any: see tutor.ts), next to
// the student's own code. A reply whose code passes every test the student's code fails (or every
// test) is a solution, and is withheld.
import type { Problem, TestCase } from "../../db/tables/problems.ts";
import type { GradeResult } from "../../grading/job.ts";
import { runTests, SandboxUnavailableError } from "../../grading/service.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import type { JobFile, Sandbox } from "../../sandbox/index.ts";
import { SandboxInputError } from "../../sandbox/index.ts";

/** More programs than this in one reply are not run one by one: the reply is withheld instead. */
export const MAX_CANDIDATES = 5;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" };
const textOf = (html: string) =>
  html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ENTITIES[e] ?? "");

/** Without the indentation all its lines share (code in a list item keeps a space or two). */
function dedent(code: string): string {
  const lines = code.split("\n");
  const margins = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = margins.length ? Math.min(...margins) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join("\n");
}

// What the student will see as code, whatever Markdown or HTML produced it (fences of ``` or ~~~,
// indented blocks in lists and quotes, inline code in tables, raw <pre> and <code>): the <pre> and
// <code> elements of the sanitized HTML that the reply renders to.
const CODE_ELEMENT = /<pre\b[^>]*>([\s\S]*?)<\/pre>|<code\b[^>]*>([\s\S]*?)<\/code>/g;

/**
 * Code a reply carries, as programs to try: each block, all blocks together, the inline code
 * together, and all of its code in reading order. May return more than MAX_CANDIDATES.
 */
export function codeCandidates(reply: string): string[] {
  const blocks: string[] = [];
  const spans: string[] = [];
  const all: string[] = [];
  for (const m of renderMarkdown(reply).matchAll(CODE_ELEMENT)) {
    const code = dedent(textOf(m[1] ?? m[2] ?? "")).trimEnd();
    if (code.trim() === "") continue;
    (m[1] !== undefined ? blocks : spans).push(code);
    all.push(code);
  }
  const candidates = [...blocks];
  if (blocks.length > 1) candidates.push(blocks.join("\n\n"));
  if (spans.length > 0) candidates.push(spans.join("\n"));
  if (blocks.length > 0 && spans.length > 0) candidates.push(all.join("\n"));
  return [...new Set(candidates)];
}

// Where code may begin, for the live stream (it may only over-hold: the end of the stream shows
// anything held that was not code): a backtick or tilde (fences, inline code), a tag, or a line
// indented by four spaces or a tab, also after quote and list markers.
const MAYBE_CODE = /[`~]|<[A-Za-z/!?]|(?:^|[\r\n])(?:[ >]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*(?:\t| {4})/;

/** Where the reply may start to hold code (the stream holds text back from there), or -1. */
export function codeStartsAt(text: string): number {
  const m = MAYBE_CODE.exec(text);
  return m ? m.index : -1;
}

export interface GuardVerdict {
  leak: boolean;
  /** Tests the best candidate passed, of all. */
  passed: number;
  total: number;
  studentPassed: number;
  /** Why the reply could not be checked (no sandbox): then code is withheld to be safe. */
  unchecked?: string;
}

function passing(result: GradeResult): Set<number> {
  return new Set(result.tests.filter((t) => t.status === "pass").map((t) => t.testId));
}

/** Whether `candidate` solves what the student has not: passes all they fail (at least one), or all. */
export function isLeak(all: number[], student: Set<number>, candidate: Set<number>): boolean {
  if (all.length === 0) return false;
  const failed = all.filter((id) => !student.has(id));
  if (all.every((id) => candidate.has(id))) return true;
  return failed.length > 0 && failed.every((id) => candidate.has(id));
}

export interface GuardInput {
  sandbox: Sandbox | null;
  problem: Problem;
  tests: TestCase[];
  files: JobFile[];
  main: string;
  userKey: string;
}

async function run(input: GuardInput, files: JobFile[]): Promise<Set<number> | null> {
  try {
    return passing(
      await runTests(input.sandbox, input.problem, input.tests, files, input.main, {
        userKey: input.userKey,
      }),
    );
  } catch (err) {
    if (err instanceof SandboxInputError) return new Set(); // files the sandbox refuses pass nothing
    throw err;
  }
}

/** Runs the reply's code against the tests; the student's code first, for comparison. */
export async function checkReply(input: GuardInput, reply: string): Promise<GuardVerdict> {
  const candidates = codeCandidates(reply);
  const all = input.tests.map((t) => t.id);
  const none = { leak: false, passed: 0, total: all.length, studentPassed: 0 };
  if (candidates.length === 0 || all.length === 0) return none;
  if (candidates.length > MAX_CANDIDATES)
    return { ...none, leak: true, unchecked: "more code than the guard runs" };
  try {
    const student = (await run(input, input.files)) ?? new Set<number>();
    let best = { ...none, studentPassed: student.size };
    for (const code of candidates) {
      for (const files of placements(input, code)) {
        const got = (await run(input, files)) ?? new Set<number>();
        if (got.size > best.passed) best = { ...best, passed: got.size };
        if (isLeak(all, student, got)) return { ...best, passed: got.size, leak: true };
      }
    }
    return best;
  } catch (err) {
    if (err instanceof SandboxUnavailableError) {
      return { ...none, leak: true, unchecked: err.message };
    }
    throw err;
  }
}

/**
 * The files to run a reply's program with: in place of the student's main file, beside their other
 * files (which it may import); and, when they have others, alone, since a student's own `math.py`
 * could otherwise make a solution that imports math fail on purpose.
 */
function placements(input: GuardInput, code: string): JobFile[][] {
  const others = input.files.filter((f) => f.name !== input.main);
  const main = { name: input.main, content: code };
  return others.length > 0 ? [[main, ...others], [main]] : [[main]];
}
