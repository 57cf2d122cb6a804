// The leak guard. Slate does not trust the model to keep to hints: before a tutor reply reaches the
// student, the code in it (code blocks, and inline code taken together) is run in the sandbox
// against all of the problem's tests, next to the student's own code. A reply whose code passes
// every test the student's code fails (or every test) is a solution, and is withheld.
import { Lexer, type Token, type Tokens } from "marked";
import type { Problem, TestCase } from "../../db/tables/problems.ts";
import type { GradeResult } from "../../grading/job.ts";
import { runTests, SandboxUnavailableError } from "../../grading/service.ts";
import type { JobFile, Sandbox } from "../../sandbox/index.ts";
import { SandboxInputError } from "../../sandbox/index.ts";

const MAX_CANDIDATES = 3;

function walk(tokens: Token[], into: { blocks: string[]; spans: string[] }): void {
  for (const t of tokens) {
    if (t.type === "code") into.blocks.push((t as Tokens.Code).text);
    else if (t.type === "codespan") into.spans.push(unescapeSpan((t as Tokens.Codespan).text));
    const children = (t as { tokens?: Token[] }).tokens;
    if (children) walk(children, into);
    const items = (t as { items?: { tokens: Token[] }[] }).items;
    if (items) for (const item of items) walk(item.tokens, into);
  }
}

const unescapeSpan = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** Code a reply carries, as programs to try: each block, all blocks together, inline code together. */
export function codeCandidates(reply: string): string[] {
  const found = { blocks: [] as string[], spans: [] as string[] };
  walk(new Lexer({ gfm: true }).lex(reply), found);
  const candidates = found.blocks.filter((b) => b.trim() !== "");
  if (candidates.length > 1) candidates.push(candidates.join("\n\n"));
  const spans = found.spans.filter((s) => s.trim().length > 0);
  if (spans.length > 0) candidates.push(spans.join("\n"));
  return [...new Set(candidates)].slice(0, MAX_CANDIDATES + 1);
}

/** True when the reply has anything that could be code (the stream holds text back from there). */
export function codeStartsAt(text: string): number {
  const fence = text.indexOf("`");
  const indented = text.search(/(^|\n\n)( {4}|\t)\S/);
  const at = [fence, indented].filter((i) => i >= 0);
  return at.length ? Math.min(...at) : -1;
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
  try {
    const student = (await run(input, input.files)) ?? new Set<number>();
    let best = { ...none, studentPassed: student.size };
    for (const code of candidates) {
      // The reply's code takes the place of the student's main file; their other files stay.
      const files = input.files.map((f) => (f.name === input.main ? { name: f.name, content: code } : f));
      if (!files.some((f) => f.name === input.main)) files.push({ name: input.main, content: code });
      const got = (await run(input, files)) ?? new Set<number>();
      if (got.size > best.passed) best = { ...best, passed: got.size };
      if (isLeak(all, student, got)) return { ...best, passed: got.size, leak: true };
    }
    return best;
  } catch (err) {
    if (err instanceof SandboxUnavailableError) {
      return { ...none, leak: true, unchecked: err.message };
    }
    throw err;
  }
}
