// Problems as Markdown files, for export and import. One file holds one or more problems; each is
// YAML front matter (settings and the list of tests) followed by sections whose content is always in
// a fenced block, so any text at all (a statement with its own headings and fences, "---" lines,
// trailing blank lines) survives the round trip exactly:
//
//   ---
//   title: Add two numbers
//   kind: stdin
//   ...
//   tests:
//     - name: small
//       hidden: false
//       points: 1
//       compare: trim
//   ---
//
//   ## Statement            ## Starter file: main.py      ## Solution file: main.py
//   ## Data file: data.csv  (the problem's data files, by name: text in a text fence, and anything
//                           that is not UTF-8 text without NUL or CR bytes in a ```base64 fence,
//                           wrapped at 76 characters, so every byte survives)
//   ## Test: small   then   ### Input / ### Expected output   (function problems: ### Arguments /
//                           ### Expected value, both JSON; a test with kind: code has only
//                           ### Test code, Python; any test may add ### File: NAME and
//                           ### Expected file: NAME blocks)
//
// export -> import -> export gives identical text. Import checks everything with the same rules as the
// teacher's forms (authoring-rules.ts, data-file-rules.ts) and answers line-numbered messages instead
// of partial results.
import { isMap, isSeq, LineCounter, parseDocument, stringify } from "yaml";
import { z } from "zod";
import type { DataFileContent } from "../../models/problem-data-files.ts";
import { dataFileProblem } from "../execution/data-file-rules.ts";
import {
  MAX_TESTS,
  type ProblemDraft,
  problemDraftSchema,
  type TestDraft,
  testDraftSchema,
  testSetIssues,
  unixNewlines,
  zodIssues,
} from "./authoring-rules.ts";

export interface ProblemDoc {
  problem: ProblemDraft;
  tests: TestDraft[];
  /** The problem's data files (issue 18), in the order written. */
  dataFiles: DataFileContent[];
}

export interface LineError {
  line: number;
  message: string;
}

export type ParseResult = { ok: true; docs: ProblemDoc[] } | { ok: false; errors: LineError[] };

export const MAX_PROBLEMS_PER_FILE = 100;
const MAX_ERRORS = 50;

const SUBSECTIONS = {
  stdin: { input: "Input", expected: "Expected output", info: "text" },
  function: { input: "Arguments", expected: "Expected value", info: "json" },
} as const;

// ---------- export ----------

/** A backtick fence longer than any backtick run that could close it inside the content. */
function fence(content: string, info: string): string {
  let longest = 0;
  for (const m of content.matchAll(/^ {0,3}(`+)/gm)) longest = Math.max(longest, m[1]!.length);
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${info}\n${content}\n${ticks}`;
}

const infoFor = (fileName: string) => (fileName.endsWith(".py") ? "python" : "text");

const BASE64_LINE = 76;

/** The file as text when that is exact: UTF-8, and no NUL or CR (import unifies line breaks). */
function asText(bytes: Uint8Array): string | null {
  if (bytes.includes(0) || bytes.includes(13)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function dataFileBlock(file: DataFileContent): string {
  const text = asText(file.content);
  if (text !== null) return fence(text, infoFor(file.name));
  const base64 = Buffer.from(file.content).toString("base64");
  const lines = base64.match(new RegExp(`.{1,${BASE64_LINE}}`, "g")) ?? [""];
  return fence(lines.join("\n"), "base64");
}

function frontMatter(doc: ProblemDoc): string {
  const p = doc.problem;
  const data: Record<string, unknown> = { title: p.title, kind: p.kind };
  if (p.kind === "function") {
    data.function_name = p.function_name;
    data.function_params = p.function_params;
  }
  Object.assign(data, { main_file: p.main_file, time_limit_ms: p.time_limit_ms, memory_mb: p.memory_mb });
  data.tests = doc.tests.map((t) => {
    const entry: Record<string, unknown> = { name: t.name, hidden: t.hidden, points: t.points };
    if (t.kind === "code") entry.kind = "code";
    else if (p.kind === "stdin") entry.compare = t.compare;
    else if (t.value_format === "python") entry.values = "python";
    if (t.tolerance !== null) entry.tolerance = t.tolerance;
    if (t.message !== "") entry.message = t.message;
    return entry;
  });
  return `---\n${stringify(data, { lineWidth: 0, minContentWidth: 0 })}---`;
}

export function exportProblem(doc: ProblemDoc): string {
  const p = doc.problem;
  const sub = SUBSECTIONS[p.kind];
  const blocks = [frontMatter(doc), "## Statement", fence(p.statement, "markdown")];
  for (const f of p.starter_files)
    blocks.push(`## Starter file: ${f.name}`, fence(f.content, infoFor(f.name)));
  for (const f of p.solution_files)
    blocks.push(`## Solution file: ${f.name}`, fence(f.content, infoFor(f.name)));
  for (const f of doc.dataFiles) blocks.push(`## Data file: ${f.name}`, dataFileBlock(f));
  for (const t of doc.tests) {
    if (t.kind === "code") {
      blocks.push(`## Test: ${t.name}`, "### Test code", fence(t.input, "python"));
    } else {
      const info = t.value_format === "python" ? "python" : sub.info;
      blocks.push(`## Test: ${t.name}`, `### ${sub.input}`, fence(t.input, info));
      blocks.push(`### ${sub.expected}`, fence(t.expected, info));
    }
    for (const f of t.files ?? []) blocks.push(`### File: ${f.name}`, fence(f.content, infoFor(f.name)));
    for (const f of t.expected_files ?? [])
      blocks.push(`### Expected file: ${f.name}`, fence(f.content, infoFor(f.name)));
  }
  return blocks.join("\n\n");
}

export function exportProblems(docs: ProblemDoc[]): string {
  return `${docs.map(exportProblem).join("\n\n")}\n`;
}

// ---------- import ----------

const testEntry = z
  .object({
    name: z.string({ error: "name is required and must be text (quote it if it looks like a number)." }),
    hidden: z.boolean({ error: "hidden must be true or false." }).default(false),
    points: z.number({ error: "points must be a number." }).default(1),
    compare: z.string({ error: "compare must be text." }).default("trim"),
    tolerance: z.number({ error: "tolerance must be a number." }).nullable().default(null),
    message: z.string({ error: "message must be text." }).default(""),
    kind: z.string({ error: 'kind must be "io" or "code".' }).default("io"),
    values: z.string({ error: 'values must be "json" or "python".' }).default("json"),
  })
  .strict();

const frontMatterSchema = z
  .object({
    title: z.string({ error: "title is required and must be text." }),
    kind: z.string({ error: 'kind must be "stdin" or "function".' }).default("stdin"),
    function_name: z.string({ error: "function_name must be text." }).nullable().default(null),
    function_params: z
      .array(z.string({ error: "Parameter names must be text." }), {
        error: "function_params must be a list of names, e.g. [a, b].",
      })
      .default([]),
    main_file: z.string({ error: "main_file must be text." }).default("main.py"),
    time_limit_ms: z.number({ error: "time_limit_ms must be a number." }).default(2000),
    memory_mb: z.number({ error: "memory_mb must be a number." }).default(128),
    tests: z.array(testEntry, { error: "tests must be a list." }).default([]),
  })
  .strict();

interface Fenced {
  line: number; // of the heading that introduced it
  content: string;
}

interface TestSection {
  line: number;
  input: Fenced | null;
  expected: Fenced | null;
  files: { name: string; content: string }[];
  expectedFiles: { name: string; content: string }[];
}

interface Body {
  statement: Fenced | null;
  starter: { name: string; line: number; content: string }[];
  solution: { name: string; line: number; content: string }[];
  dataFiles: (DataFileContent & { line: number })[];
  tests: Map<string, TestSection>;
}

class Parser {
  readonly lines: string[];
  readonly errors: LineError[] = [];
  i = 0;
  /** The info string and opening line (0-based) of the block fenced() read last. */
  lastInfo = "";
  lastOpen = 0;

  constructor(text: string) {
    this.lines = unixNewlines(text.replace(/^\uFEFF/, "")).split("\n");
  }

  error(line: number, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ line, message });
  }

  blank(k: number): boolean {
    return (this.lines[k] ?? "").trim() === "";
  }

  skipBlank(): void {
    while (this.i < this.lines.length && this.blank(this.i)) this.i++;
  }

  /** Reads a fenced block opening at this.i; null (with an error) when there is none. */
  fenced(after: number, what: string): string | null {
    this.skipBlank();
    const open = this.lines[this.i]?.match(/^(`{3,}|~{3,})(.*)$/);
    if (!open || (open[1]!.startsWith("`") && open[2]!.includes("`"))) {
      this.error(
        this.i < this.lines.length ? this.i + 1 : after,
        `Expected a fenced block (a line of three backticks) with ${what} after the heading on line ${after}.`,
      );
      return null;
    }
    const char = open[1]![0]!;
    const length = open[1]!.length;
    const start = this.i;
    this.lastInfo = open[2]!.trim();
    this.lastOpen = start;
    for (let k = start + 1; k < this.lines.length; k++) {
      const close = this.lines[k]!.match(/^ {0,3}(`+|~+)[ \t]*$/);
      if (close && close[1]![0] === char && close[1]!.length >= length) {
        this.i = k + 1;
        return this.lines.slice(start + 1, k).join("\n");
      }
    }
    this.error(start + 1, "This fenced block is never closed.");
    this.i = this.lines.length;
    return null;
  }

  /** Skips an unexpected fenced block (so its content is not read as structure). */
  skipFence(complain: boolean): void {
    const open = this.lines[this.i]!.match(/^(`{3,}|~{3,})/)!;
    if (complain) this.error(this.i + 1, "A fenced block outside any section: put it under a ## heading.");
    const char = open[1]![0]!;
    for (let k = this.i + 1; k < this.lines.length; k++) {
      const close = this.lines[k]!.match(/^ {0,3}(`+|~+)[ \t]*$/);
      if (close && close[1]![0] === char && close[1]!.length >= open[1]!.length) {
        this.i = k + 1;
        return;
      }
    }
    this.i = this.lines.length;
  }

  body(): Body {
    const body: Body = { statement: null, starter: [], solution: [], dataFiles: [], tests: new Map() };
    while (this.i < this.lines.length) {
      const text = this.lines[this.i]!;
      const line = this.i + 1;
      if (this.blank(this.i)) {
        this.i++;
        continue;
      }
      if (text === "---") break; // the next problem
      if (/^(`{3,}|~{3,})/.test(text)) {
        this.skipFence(true);
        continue;
      }
      const heading = text.match(/^## (.*)$/);
      if (!heading) {
        this.error(
          line,
          text.startsWith("### ")
            ? "A ### heading belongs inside a ## Test section."
            : "Unexpected text: outside the front matter, a problem has only ## sections with fenced blocks.",
        );
        this.i++;
        continue;
      }
      this.i++;
      const title = heading[1]!;
      const file = title.match(/^(Starter|Solution) file: (.*)$/);
      const test = title.match(/^Test: (.*)$/);
      const data = title.match(/^Data file: (.*)$/);
      if (title === "Statement") {
        const content = this.fenced(line, "the statement");
        if (body.statement) this.error(line, "A second ## Statement section.");
        else if (content !== null) body.statement = { line, content };
      } else if (file) {
        const content = this.fenced(line, "the file's content");
        if (content !== null)
          (file[1] === "Starter" ? body.starter : body.solution).push({ name: file[2]!, line, content });
      } else if (data) {
        const content = this.fenced(line, "the file's content");
        const bytes = content === null ? null : this.dataBytes(content);
        if (bytes) body.dataFiles.push({ name: data[1]!.trim(), line, content: bytes });
      } else if (test) {
        const name = test[1]!;
        const section = this.testSection(line);
        if (body.tests.has(name)) this.error(line, `A second ## Test section for "${name}".`);
        else body.tests.set(name, section);
      } else {
        // Skip the section's own block, if any: one message is enough.
        this.skipBlank();
        if (/^(`{3,}|~{3,})/.test(this.lines[this.i] ?? "")) this.skipFence(false);
        this.error(
          line,
          `Unknown section "## ${title}": use ## Statement, ## Starter file: NAME, ## Solution file: NAME, ## Data file: NAME or ## Test: NAME.`,
        );
      }
    }
    return body;
  }

  /** A data file's bytes from the block just read: base64 when its fence says so, else UTF-8 text. */
  dataBytes(content: string): Uint8Array | null {
    if (this.lastInfo !== "base64") return new Uint8Array(Buffer.from(content, "utf8"));
    const lines = content.split("\n");
    const bad = lines.findIndex((l) => !/^[A-Za-z0-9+/]*={0,2}$/.test(l));
    const joined = lines.join("");
    const bytes = Buffer.from(joined, "base64");
    if (bad >= 0 || bytes.toString("base64") !== joined) {
      const at = this.lastOpen + 2 + Math.max(bad, 0);
      this.error(at, "This data file is not valid base64 (letters, digits, + and /, padded with =).");
      return null;
    }
    return new Uint8Array(bytes);
  }

  testSection(line: number): TestSection {
    const section: TestSection = { line, input: null, expected: null, files: [], expectedFiles: [] };
    for (;;) {
      this.skipBlank();
      const sub = this.lines[this.i]?.match(/^### (.*)$/);
      if (!sub) return section;
      const subLine = this.i + 1;
      this.i++;
      const file = sub[1]!.match(/^(File|Expected file): (.*)$/);
      if (file) {
        const content = this.fenced(subLine, "the file's content");
        if (content !== null)
          (file[1] === "File" ? section.files : section.expectedFiles).push({ name: file[2]!, content });
        continue;
      }
      const which =
        sub[1] === "Input" || sub[1] === "Arguments" || sub[1] === "Test code"
          ? "input"
          : sub[1] === "Expected output" || sub[1] === "Expected value"
            ? "expected"
            : null;
      if (!which) {
        this.error(
          subLine,
          `Unknown test part "### ${sub[1]}": use ### Input and ### Expected output (function problems: ### Arguments and ### Expected value; code tests: ### Test code).`,
        );
        this.fenced(subLine, "its content");
        continue;
      }
      const content = this.fenced(subLine, which === "input" ? "the input" : "the expected result");
      if (section[which]) this.error(subLine, `A second "### ${sub[1]}" in this test.`);
      else if (content !== null) section[which] = { line: subLine, content };
    }
  }
}

/** Parses a file of problems; every problem is checked, and any error refuses the whole file. */
export function parseProblems(text: string): ParseResult {
  const parser = new Parser(text);
  const { lines } = parser;
  const docs: ProblemDoc[] = [];
  for (;;) {
    parser.skipBlank();
    if (parser.i >= lines.length) break;
    if (lines[parser.i] !== "---") {
      parser.error(parser.i + 1, 'Expected "---", the start of a problem\'s front matter.');
      break;
    }
    const start = parser.i;
    let end = start + 1;
    while (end < lines.length && lines[end] !== "---") end++;
    if (end >= lines.length) {
      parser.error(start + 1, 'The front matter that starts here is never closed by a "---" line.');
      break;
    }
    if (docs.length >= MAX_PROBLEMS_PER_FILE) {
      parser.error(start + 1, `A file may hold at most ${MAX_PROBLEMS_PER_FILE} problems.`);
      break;
    }
    parser.i = end + 1;
    const body = parser.body();
    const doc = problemFrom(parser, lines.slice(start + 1, end).join("\n"), start + 2, body);
    if (doc) docs.push(doc);
  }
  if (parser.errors.length === 0 && docs.length === 0)
    parser.error(1, 'The file has no problems: each starts with a front matter between two "---" lines.');
  if (parser.errors.length > 0) {
    const errors = [...parser.errors].sort((a, b) => a.line - b.line);
    return { ok: false, errors };
  }
  return { ok: true, docs };
}

/** Builds and checks one problem; errors go to the parser with the line they are about. */
function problemFrom(parser: Parser, yamlText: string, firstLine: number, body: Body): ProblemDoc | null {
  const counter = new LineCounter();
  const yamlDoc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const fmLine = firstLine - 1;
  if (yamlDoc.errors.length > 0) {
    for (const e of yamlDoc.errors)
      parser.error(lineAt(e.pos[0]), `Front matter: ${e.message.split("\n")[0]}`);
    return null;
  }
  if (!isMap(yamlDoc.contents)) {
    parser.error(fmLine, "The front matter must be YAML fields (title: ..., kind: ..., tests: ...).");
    return null;
  }
  /** The line of a front matter field (or its closest existing parent). */
  const fmLineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n > 0; n--) {
      const sub = path.slice(0, n);
      const node = yamlDoc.getIn(sub, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineAt(node.range[0]);
      // A key whose value is empty or missing: point at the key itself.
      const parent = n > 1 ? yamlDoc.getIn(sub.slice(0, -1), true) : yamlDoc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((it) => (it.key as { value?: unknown })?.value === sub[n - 1]);
        const key = pair?.key as { range?: [number, number, number] } | undefined;
        if (key?.range) return lineAt(key.range[0]);
      }
      if (isSeq(parent) && parent.range && n === 1) return lineAt(parent.range[0]);
    }
    return fmLine;
  };

  const fm = frontMatterSchema.safeParse(yamlDoc.toJS());
  if (!fm.success) {
    for (const issue of zodIssues(fm.error)) {
      const unknown = issue.message.startsWith("Unknown field");
      parser.error(
        unknown ? unknownKeyLine(yamlDoc, issue.path, fmLineOf, lineAt) : fmLineOf(issue.path),
        `Front matter${issue.path.length ? ` ${pathText(issue.path)}` : ""}: ${issue.message}`,
      );
    }
    return null;
  }
  const f = fm.data;
  const errorsBefore = parser.errors.length;

  const draftInput = {
    title: f.title,
    statement: body.statement?.content ?? "",
    kind: f.kind,
    function_name: f.function_name,
    function_params: f.function_params,
    main_file: f.main_file,
    time_limit_ms: f.time_limit_ms,
    memory_mb: f.memory_mb,
    starter_files: body.starter.map(({ name, content }) => ({ name, content })),
    solution_files: body.solution.map(({ name, content }) => ({ name, content })),
  };
  const problem = problemDraftSchema.safeParse(draftInput);
  if (!problem.success) {
    for (const issue of zodIssues(problem.error)) {
      const [head, index] = issue.path;
      let line: number;
      if (head === "statement") line = body.statement?.line ?? fmLine;
      else if (head === "starter_files" || head === "solution_files") {
        const files = head === "starter_files" ? body.starter : body.solution;
        line = typeof index === "number" ? (files[index]?.line ?? fmLine) : (files[0]?.line ?? fmLine);
      } else line = fmLineOf(issue.path);
      parser.error(line, issue.message);
    }
  }
  const kind = f.kind === "function" ? "function" : "stdin";
  const sub = SUBSECTIONS[kind];
  const schema = testDraftSchema(kind);
  const tests: TestDraft[] = [];
  const listed = new Set(f.tests.map((t) => t.name));
  for (const [name, section] of body.tests) {
    if (!listed.has(name))
      parser.error(section.line, `The test "${name}" is not in the front matter's tests list.`);
  }
  f.tests.forEach((entry, i) => {
    const section = body.tests.get(entry.name);
    const at = (key: string) => fmLineOf(["tests", i, key]);
    if (!section) {
      parser.error(at("name"), `The test "${entry.name}" has no "## Test: ${entry.name}" section.`);
      return;
    }
    const code = entry.kind === "code";
    if (code && (!section.input || section.expected)) {
      parser.error(
        section.line,
        `The test "${entry.name}" is Python test code: give it one "### Test code".`,
      );
      return;
    }
    if (!section.expected && !code) {
      parser.error(section.line, `The test "${entry.name}" has no "### ${sub.expected}".`);
      return;
    }
    if (!section.input && kind === "function") {
      parser.error(section.line, `The test "${entry.name}" has no "### ${sub.input}".`);
      return;
    }
    const { values, ...rest } = entry;
    const parsed = schema.safeParse({
      ...rest,
      value_format: values,
      files: section.files,
      expected_files: section.expectedFiles,
      input: section.input?.content ?? "",
      expected: section.expected?.content ?? "",
    });
    if (!parsed.success) {
      for (const issue of zodIssues(parsed.error)) {
        const key = issue.path[0];
        const line =
          key === "input"
            ? (section.input?.line ?? section.line)
            : key === "expected"
              ? (section.expected?.line ?? section.line)
              : at(String(key ?? "name"));
        parser.error(line, `Test "${entry.name}": ${issue.message}`);
      }
      return;
    }
    tests.push(parsed.data as TestDraft);
  });
  for (const issue of testSetIssues(f.tests.map((t) => ({ name: t.name, input: "" })))) {
    const i = issue.path[0];
    parser.error(typeof i === "number" ? fmLineOf(["tests", i, "name"]) : fmLineOf(["tests"]), issue.message);
  }
  // With every test read, the limit on their inputs together (the count was checked just above).
  if (tests.length === f.tests.length && tests.length <= MAX_TESTS) {
    for (const issue of testSetIssues(tests).filter((x) => x.path.length === 0))
      parser.error(fmLineOf(["tests"]), issue.message);
  }
  dataFileErrors(parser, body.dataFiles);
  if (!problem.success || parser.errors.length > errorsBefore) return null;
  return {
    problem: problem.data,
    tests,
    dataFiles: body.dataFiles.map(({ name, content }) => ({ name, content })),
  };
}

/** The editor's upload rules, file by file in order, and no name twice. */
function dataFileErrors(parser: Parser, files: Body["dataFiles"]): void {
  const accepted: { name: string; size: number }[] = [];
  for (const f of files) {
    const refused = accepted.some((a) => a.name === f.name)
      ? `A second ## Data file section for "${f.name}".`
      : dataFileProblem(accepted, f.name, f.content.length);
    if (refused) parser.error(f.line, `Data file: ${refused}`);
    else accepted.push({ name: f.name, size: f.content.length });
  }
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p + 1}]` : i === 0 ? p : `.${p}`)).join("");
}

function unknownKeyLine(
  doc: ReturnType<typeof parseDocument>,
  path: (string | number)[],
  fmLineOf: (path: (string | number)[]) => number,
  lineAt: (offset: number) => number,
): number {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(parent)) {
    const known = new Set(Object.keys(path.length === 0 ? frontMatterSchema.shape : testEntry.shape));
    const pair = parent.items.find((it) => !known.has(String((it.key as { value?: unknown })?.value)));
    const key = pair?.key as { range?: [number, number, number] } | undefined;
    if (key?.range) return lineAt(key.range[0]);
  }
  return fmLineOf(path);
}

// ---------- the template ----------

export const PROBLEM_TEMPLATE = `---
# A Slate problem. Everything between the two "---" lines is YAML; lines starting with # are comments.
# To import several problems at once, put them one after another, each starting with its own "---".
# Data files the program reads (read-only, beside it) go in "## Data file: NAME" sections after the
# solution files: the text in a fenced block, or binary content in a \`\`\`base64 block.
title: Add two numbers
kind: stdin              # stdin: the program reads input and prints; function: each test calls a function
# function_name: add     # function problems only: the function students must define...
# function_params: [a, b]  # ...and its parameters, in order
main_file: main.py
time_limit_ms: 2000      # per test, 100 to 10000
memory_mb: 128           # 32 to 256
tests:                   # each test also needs a "## Test: <name>" section below
  - name: small numbers
    hidden: false        # students see a visible test's input, expected and actual output
    points: 1
    compare: trim        # trim (ignore trailing whitespace), ignore_case, or tolerance (add: tolerance: 0.001)
  - name: large numbers
    hidden: true         # students see only pass or fail, and the message
    points: 2
    compare: trim
    message: Python integers have no size limit; do you convert the input with int()?
---

## Statement

\`\`\`markdown
Read two integers, one per line, and print their sum.

**Example:** for the input \`2\` and \`3\` print \`5\`.
\`\`\`

## Starter file: main.py

\`\`\`python
a = int(input())
b = int(input())
# print the sum of a and b
\`\`\`

## Solution file: main.py

\`\`\`python
a = int(input())
b = int(input())
print(a + b)
\`\`\`

## Test: small numbers

### Input

\`\`\`text
2
3
\`\`\`

### Expected output

\`\`\`text
5
\`\`\`

## Test: large numbers

### Input

\`\`\`text
123456789012345678901234567890
1
\`\`\`

### Expected output

\`\`\`text
123456789012345678901234567891
\`\`\`
`;
