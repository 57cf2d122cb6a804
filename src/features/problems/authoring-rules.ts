// What a valid problem and a valid test case are, in one place: the teacher's forms and the Markdown
// import build the same plain "drafts" and check them with these schemas, so both refuse the same things
// with the same words. Limits follow from the sandbox: one grading job carries every test's input
// (1 MiB of stdin at most) and every file (256 KiB at most, the grading harness included).
import { z } from "zod";
import type {
  CompareMode,
  Problem,
  ProblemKind,
  TestCase,
  TestKind,
  ValueFormat,
} from "../../db/tables/problems.ts";
import { HARNESS_FILE } from "../../grading/job.ts";
import { line } from "../../http/validation.ts";

export const KIB = 1024;
/** Any one text field: a statement, a file, a test's input or expected output. */
export const MAX_FIELD_BYTES = 256 * KIB;
/** All starter (or all solution) files together; the grading harness needs the rest of the 256 KiB. */
export const MAX_FILES_BYTES = 240 * KIB;
export const MAX_FILES = 20;
export const MAX_TESTS = 200;
/** Every test's input of one problem together (the grading job's stdin is at most 1 MiB). */
export const MAX_TOTAL_INPUT_BYTES = 768 * KIB;
export const TIME_LIMIT = { min: 100, max: 10_000 } as const;
export const MEMORY = { min: 32, max: 256 } as const;
export const MAX_POINTS = 1000;
export const MAX_PARAMS = 20;

export interface ProblemFile {
  name: string;
  content: string;
}

/** A problem as the teacher writes it, before it is a row. */
export interface ProblemDraft {
  title: string;
  statement: string;
  kind: ProblemKind;
  function_name: string | null;
  function_params: string[];
  main_file: string;
  time_limit_ms: number;
  memory_mb: number;
  starter_files: ProblemFile[];
  solution_files: ProblemFile[];
}

export interface TestDraft {
  name: string;
  hidden: boolean;
  points: number;
  /** stdin text, or a JSON array of arguments for function problems. */
  input: string;
  /** expected stdout, or a JSON value for function problems. */
  expected: string;
  compare: CompareMode;
  tolerance: number | null;
  message: string;
  /** "code": input is Python test code run against the program loaded as a module (issue 18). */
  kind?: TestKind;
  /** Function tests: arguments and expected value as "json" or as "python" values (issue 18). */
  value_format?: ValueFormat;
  /** Files the test adds to the working directory, and files the program must write (issue 18). */
  files?: ProblemFile[];
  expected_files?: ProblemFile[];
}

export const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const kib = (n: number) => `${Math.round(n / KIB)} KiB`;
/** Text from a browser or a file: one kind of line break. */
export const unixNewlines = (s: string) => s.replace(/\r\n?/g, "\n");

const PYTHON_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for " +
    "from global if import in is lambda nonlocal not or pass raise return try while with yield"
  ).split(" "),
);

export function identifierProblem(name: string, what: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return `${what} "${name}" is not a Python identifier (letters, digits and _, not starting with a digit).`;
  if (PYTHON_KEYWORDS.has(name)) return `${what} "${name}" is a Python keyword.`;
  if (name.length > 64) return `${what} "${name}" is longer than 64 characters.`;
  return null;
}

export function fileNameProblem(name: string): string | null {
  if (name === "") return "A file name is empty.";
  if (name.length > 64) return `The file name "${name}" is longer than 64 characters.`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) || name.includes(".."))
    return `The file name "${name}" may use only letters, digits, dots, dashes and underscores.`;
  if (name === HARNESS_FILE) return `The file name "${name}" is reserved for the grader.`;
  return null;
}

/** "a, b,c" -> ["a", "b", "c"]; empty -> []. */
export function splitParams(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === "" ? [] : trimmed.split(",").map((p) => p.trim());
}

const bigText = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .transform(unixNewlines)
    .refine((s) => bytes(s) <= MAX_FIELD_BYTES, {
      message: `${label} is larger than ${kib(MAX_FIELD_BYTES)}.`,
    })
    .refine((s) => !s.includes("\u0000"), `${label} contains a NUL character.`);

const intIn = (label: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be between ${min} and ${max} ${unit}.`)
    .max(max, `${label} must be between ${min} and ${max} ${unit}.`);

const fileSchema = (label: string) =>
  z
    .object({
      name: z.string({ error: "A file needs a name." }).transform((s) => s.trim()),
      content: bigText(`The ${label.toLowerCase()} file`),
    })
    .strict()
    .superRefine((f, ctx) => {
      const problem = fileNameProblem(f.name);
      if (problem) ctx.addIssue({ code: "custom", path: ["name"], message: problem });
    });

function filesSchema(label: string) {
  return z
    .array(fileSchema(label), { error: `${label} files must be a list.` })
    .max(MAX_FILES, `At most ${MAX_FILES} ${label.toLowerCase()} files.`)
    .superRefine((files, ctx) => {
      const seen = new Set<string>();
      files.forEach((f, i) => {
        if (seen.has(f.name))
          ctx.addIssue({
            code: "custom",
            path: [i, "name"],
            message: `There are two ${label.toLowerCase()} files called "${f.name}".`,
          });
        seen.add(f.name);
      });
      const total = files.reduce((sum, f) => sum + bytes(f.content), 0);
      if (total > MAX_FILES_BYTES)
        ctx.addIssue({
          code: "custom",
          message: `${label} files are ${kib(total)} together; at most ${kib(MAX_FILES_BYTES)}.`,
        });
    });
}

export const problemDraftSchema = z
  .object({
    title: line("Title", 200),
    statement: bigText("The statement").transform((s) => s.trim()),
    kind: z.enum(["stdin", "function"], { error: 'Kind must be "stdin" or "function".' }),
    function_name: z
      .string({ error: "The function name must be text." })
      .nullable()
      .transform((s) => (s === null || s.trim() === "" ? null : s.trim())),
    function_params: z
      .array(
        z.string({ error: "Parameter names must be text." }).transform((s) => s.trim()),
        {
          error: "The parameters must be a list of names.",
        },
      )
      .max(MAX_PARAMS, `At most ${MAX_PARAMS} parameters.`),
    main_file: z.string({ error: "The main file name is required." }).transform((s) => s.trim()),
    time_limit_ms: intIn("The time limit", TIME_LIMIT.min, TIME_LIMIT.max, "ms"),
    memory_mb: intIn("The memory limit", MEMORY.min, MEMORY.max, "MB"),
    starter_files: filesSchema("Starter"),
    solution_files: filesSchema("Solution"),
  })
  .strict()
  .superRefine((p, ctx) => {
    const mainProblem = fileNameProblem(p.main_file);
    if (mainProblem) ctx.addIssue({ code: "custom", path: ["main_file"], message: mainProblem });
    else if (!p.main_file.endsWith(".py"))
      ctx.addIssue({ code: "custom", path: ["main_file"], message: "The main file must be a .py file." });
    for (const [key, files] of [
      ["starter_files", p.starter_files],
      ["solution_files", p.solution_files],
    ] as const) {
      if (files.length > 0 && !files.some((f) => f.name === p.main_file))
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `The ${key === "starter_files" ? "starter" : "solution"} files must include the main file "${p.main_file}".`,
        });
    }
    if (p.kind === "function") {
      if (p.function_name === null) {
        ctx.addIssue({
          code: "custom",
          path: ["function_name"],
          message: "A function problem needs its function signature: a function name and its parameters.",
        });
      } else {
        const problem = identifierProblem(p.function_name, "The function name");
        if (problem) ctx.addIssue({ code: "custom", path: ["function_name"], message: problem });
      }
      const seen = new Set<string>();
      p.function_params.forEach((name, i) => {
        const problem =
          name === "" ? "A parameter name is empty." : identifierProblem(name, "The parameter name");
        if (problem) ctx.addIssue({ code: "custom", path: ["function_params", i], message: problem });
        else if (seen.has(name))
          ctx.addIssue({
            code: "custom",
            path: ["function_params", i],
            message: `The parameter "${name}" appears twice.`,
          });
        seen.add(name);
      });
    }
  })
  .transform(
    (p): ProblemDraft => (p.kind === "function" ? p : { ...p, function_name: null, function_params: [] }),
  );

const jsonProblem = (text: string): string | null => {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

/** A test's own files (text): at most 5, each with a valid name. */
const testFilesSchema = (label: string) =>
  z
    .array(
      z
        .object({ name: z.string().transform((s) => s.trim()), content: bigText(label) })
        .strict()
        .superRefine((f, ctx) => {
          const problem = fileNameProblem(f.name);
          if (problem) ctx.addIssue({ code: "custom", path: ["name"], message: `${label}: ${problem}` });
        }),
    )
    .max(5, `${label}: at most 5 per test.`)
    .default([]);

/** A test of a problem of the given kind. */
export function testDraftSchema(kind: ProblemKind) {
  return z
    .object({
      name: line("The test name", 100),
      hidden: z.boolean({ error: "hidden must be true or false." }),
      points: z
        .number({ error: "Points must be a number." })
        .finite("Points must be a number.")
        .min(0, "Points cannot be negative.")
        .max(MAX_POINTS, `Points must be at most ${MAX_POINTS}.`),
      input: bigText(kind === "function" ? "The arguments" : "The input"),
      expected: bigText(kind === "function" ? "The expected value" : "The expected output"),
      compare: z.enum(["trim", "ignore_case", "tolerance"], {
        error: 'The comparison must be "trim", "ignore_case" or "tolerance".',
      }),
      tolerance: z
        .number({ error: "The tolerance must be a number." })
        .finite("The tolerance must be a number.")
        .min(0, "The tolerance cannot be negative.")
        .max(1e9, "The tolerance is too large.")
        .nullable(),
      message: z
        .string({ error: "The message must be text." })
        .transform((s) => unixNewlines(s).trim())
        .pipe(z.string().max(2000, "The message must be at most 2000 characters.")),
      kind: z.enum(["io", "code"], { error: 'The test kind must be "io" or "code".' }).default("io"),
      value_format: z
        .enum(["json", "python"], { error: 'Values are written as "json" or "python".' })
        .default("json"),
      files: testFilesSchema("A file the test adds"),
      expected_files: testFilesSchema("A file the program must write"),
    })
    .strict()
    .transform((t) =>
      t.kind === "code"
        ? { ...t, input: t.input.replace(/\s+$/, ""), expected: t.expected.trim() }
        : kind === "function"
          ? { ...t, input: t.input.trim(), expected: t.expected.trim() }
          : t,
    )
    .superRefine((t, ctx) => {
      if (t.kind === "code") {
        codeTestIssues(t, ctx);
      } else if (kind === "function" && t.value_format === "python") {
        pythonValueIssues(t, ctx);
      } else if (kind === "function") {
        const argsError = jsonProblem(t.input);
        if (t.input === "" || argsError !== null)
          ctx.addIssue({
            code: "custom",
            path: ["input"],
            message: `The arguments are not valid JSON${argsError ? ` (${argsError})` : ""}: write a JSON array, e.g. [1, "two", [3]].`,
          });
        else if (!Array.isArray(JSON.parse(t.input)))
          ctx.addIssue({
            code: "custom",
            path: ["input"],
            message: "The arguments must be a JSON array, one element per parameter, e.g. [1, 2].",
          });
        const expectedError = jsonProblem(t.expected);
        if (t.expected === "" || expectedError !== null)
          ctx.addIssue({
            code: "custom",
            path: ["expected"],
            message: `The expected value is not valid JSON${expectedError ? ` (${expectedError})` : ""}: e.g. 42, "text", [1, 2] or {"a": 1}.`,
          });
        if (t.compare !== "trim")
          ctx.addIssue({
            code: "custom",
            path: ["compare"],
            message: "Function tests compare values with ==; only a float tolerance can be set.",
          });
      } else if (t.compare === "tolerance" && t.tolerance === null) {
        ctx.addIssue({
          code: "custom",
          path: ["tolerance"],
          message: "Comparing numbers within a tolerance needs the tolerance, e.g. 0.001.",
        });
      } else if (t.compare !== "tolerance" && t.tolerance !== null) {
        ctx.addIssue({
          code: "custom",
          path: ["tolerance"],
          message: 'A tolerance applies only when the comparison is "tolerance".',
        });
      }
    });
}

/** Python test code: the code is the test; it has no expected output and compares nothing itself. */
function codeTestIssues(t: TestDraft, ctx: z.RefinementCtx): void {
  if (t.input.trim() === "")
    ctx.addIssue({
      code: "custom",
      path: ["input"],
      message:
        "Write the test code: assert statements, or functions named test_..., e.g. assert add(1, 2) == 3.",
    });
  if (t.expected !== "")
    ctx.addIssue({ code: "custom", path: ["expected"], message: "Python test code has no expected output." });
  if (t.compare !== "trim" || t.tolerance !== null)
    ctx.addIssue({
      code: "custom",
      path: ["compare"],
      message: "Python test code compares in its own asserts: it takes no comparison or tolerance.",
    });
}

/** Python values are checked by evaluating them in the sandbox when saved; here only their presence. */
function pythonValueIssues(t: TestDraft, ctx: z.RefinementCtx): void {
  if (t.expected === "")
    ctx.addIssue({
      code: "custom",
      path: ["expected"],
      message: "Write the expected value as Python, e.g. (1, 2), {1: 'a'} or None.",
    });
  if (t.compare !== "trim")
    ctx.addIssue({
      code: "custom",
      path: ["compare"],
      message: "Function tests compare values with ==; only a float tolerance can be set.",
    });
}

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** Rules about a problem's whole set of tests: unique names, how many, how much input in total. */
export function testSetIssues(tests: Pick<TestDraft, "name" | "input">[]): Issue[] {
  const issues: Issue[] = [];
  if (tests.length > MAX_TESTS)
    issues.push({
      path: [],
      message: `A problem has at most ${MAX_TESTS} tests; this one would have ${tests.length}.`,
    });
  const seen = new Set<string>();
  tests.forEach((t, i) => {
    if (seen.has(t.name))
      issues.push({
        path: [i, "name"],
        message: `There is already a test called "${t.name}" in this problem.`,
      });
    seen.add(t.name);
  });
  const total = tests.reduce((sum, t) => sum + bytes(t.input), 0);
  if (total > MAX_TOTAL_INPUT_BYTES)
    issues.push({
      path: [],
      message: `The tests' inputs are ${kib(total)} together; at most ${kib(MAX_TOTAL_INPUT_BYTES)} per problem.`,
    });
  return issues;
}

/** Issues from a failed zod parse, as plain paths and messages. */
export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== "symbol"),
    message:
      i.code === "unrecognized_keys"
        ? `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}.`
        : i.message,
  }));
}

// Drafts <-> rows.

export function problemDraftOf(p: Problem): ProblemDraft {
  return {
    title: p.title,
    statement: p.statement,
    kind: p.kind,
    function_name: p.function_name,
    function_params: JSON.parse(p.function_params) as string[],
    main_file: p.main_file,
    time_limit_ms: p.time_limit_ms,
    memory_mb: p.memory_mb,
    starter_files: JSON.parse(p.starter_files) as ProblemFile[],
    solution_files: JSON.parse(p.solution_files) as ProblemFile[],
  };
}

export function problemColumns(d: ProblemDraft) {
  return {
    title: d.title,
    statement: d.statement,
    kind: d.kind,
    function_name: d.kind === "function" ? d.function_name : null,
    function_params: JSON.stringify(d.kind === "function" ? d.function_params : []),
    main_file: d.main_file,
    time_limit_ms: d.time_limit_ms,
    memory_mb: d.memory_mb,
    starter_files: JSON.stringify(d.starter_files.map(({ name, content }) => ({ name, content }))),
    solution_files: JSON.stringify(d.solution_files.map(({ name, content }) => ({ name, content }))),
  };
}

export function testDraftOf(t: TestCase): TestDraft {
  return {
    name: t.name,
    hidden: t.hidden === 1,
    points: t.points,
    input: t.input,
    expected: t.expected,
    compare: t.compare,
    tolerance: t.tolerance,
    message: t.message,
    kind: t.kind,
    value_format: t.value_format,
    files: JSON.parse(t.files) as ProblemFile[],
    expected_files: JSON.parse(t.expected_files) as ProblemFile[],
  };
}

export function testColumns(d: TestDraft) {
  return {
    name: d.name,
    hidden: d.hidden ? 1 : 0,
    points: d.points,
    input: d.input,
    expected: d.expected,
    compare: d.compare,
    tolerance: d.tolerance,
    message: d.message,
    kind: d.kind ?? "io",
    value_format: d.value_format ?? "json",
    files: JSON.stringify(d.files ?? []),
    expected_files: JSON.stringify(d.expected_files ?? []),
  };
}
