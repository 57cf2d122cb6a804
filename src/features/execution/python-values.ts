// Function tests written with Python values (issue 18): `(1, 2)`, `{1, 2}`, `{1: 'a'}`, `2**70`,
// `None`, `float('inf')`. They are converted once, when the test is saved, in the sandbox (the harness's
// "convert" job), into the typed encoding the harness also uses for the student's return value; the
// host then compares the two (typedMatches in src/grading/compare.ts).

import { HARNESS_FILE, HARNESS_MAIN } from "../../grading/job.ts";
import { SandboxUnavailableError } from "../../grading/service.ts";
import type { Sandbox } from "../../sandbox/index.ts";
import type { TestDraft } from "../problems/authoring-rules.ts";

export interface TypedValues {
  input_typed: string;
  expected_typed: string;
}

type TypedOrCleared = TypedValues | { input_typed: null; expected_typed: null };

export type Conversion =
  | ({ ok: true } & TypedValues)
  | { ok: false; field: "input" | "expected"; message: string };

interface Answer {
  args?: unknown;
  expected?: unknown;
  error?: string;
  field?: string;
}

/** One sandbox job converts every test given (a whole imported file at once). */
export async function convertPythonValues(
  sandbox: Sandbox | null,
  items: { input: string; expected: string }[],
): Promise<Conversion[]> {
  if (items.length === 0) return [];
  if (!sandbox)
    throw new SandboxUnavailableError("Python values are checked in the sandbox, which is turned off.");
  const config = JSON.stringify({ convert: items.map((t) => ({ args: t.input, expected: t.expected })) });
  let stdout = "";
  const handle = sandbox.run(
    {
      files: [{ name: HARNESS_FILE, content: HARNESS_MAIN }],
      main: HARNESS_FILE,
      stdin: `${Buffer.byteLength(config, "utf8")}\n${config}`,
      limits: { wallSeconds: 20, cpuSeconds: 10, outputBytes: 8 * 1024 * 1024 },
    },
    { onStdout: (s) => (stdout += s) },
  );
  const result = await handle.result;
  if (result.error) throw new SandboxUnavailableError(result.error);
  let answers: Answer[] | undefined;
  try {
    answers = (JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as { converted?: Answer[] }).converted;
  } catch {
    answers = undefined;
  }
  if (!Array.isArray(answers) || answers.length !== items.length) {
    const why = result.timedOut ? "took too long to compute" : "could not be read";
    return items.map(() => ({ ok: false, field: "input", message: `The values ${why}.` }));
  }
  return answers.map((a): Conversion => {
    if (a.error !== undefined || a.args === undefined || a.expected === undefined) {
      const field = a.field === "expected" ? "expected" : "input";
      const what = field === "input" ? "The arguments" : "The expected value";
      return { ok: false, field, message: `${what}: ${a.error ?? "not a Python value"}.` };
    }
    return { ok: true, input_typed: JSON.stringify(a.args), expected_typed: JSON.stringify(a.expected) };
  });
}

/**
 * The typed columns of every test among drafts (null for JSON tests: none, and the columns cleared),
 * or the first error, worded for the teacher.
 */
export async function typedColumns(
  sandbox: Sandbox | null,
  tests: Pick<TestDraft, "name" | "input" | "expected" | "value_format" | "kind">[],
): Promise<{ ok: true; typed: TypedOrCleared[] } | { ok: false; message: string }> {
  const wanted = tests
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => t.value_format === "python" && t.kind !== "code");
  let answers: Conversion[];
  try {
    answers = await convertPythonValues(
      sandbox,
      wanted.map(({ t }) => t),
    );
  } catch (err) {
    if (err instanceof SandboxUnavailableError)
      return { ok: false, message: `Python values could not be checked: ${err.message}` };
    throw err;
  }
  const typed: TypedOrCleared[] = tests.map(() => ({ input_typed: null, expected_typed: null }));
  for (const [k, answer] of answers.entries()) {
    const { t, i } = wanted[k]!;
    if (!answer.ok)
      return {
        ok: false,
        message: tests.length > 1 ? `Test "${t.name}": ${answer.message}` : answer.message,
      };
    typed[i] = { input_typed: answer.input_typed, expected_typed: answer.expected_typed };
  }
  return { ok: true, typed };
}
