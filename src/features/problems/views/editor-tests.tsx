// Adding and editing one test case. Program problems: stdin text, expected stdout and how to compare.
// Function problems: the call's arguments and the expected return value, both JSON.
// Either kind: Python test code run against the student's program (issue 18).
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Task, TestCase } from "../../../db/tables/problems.ts";
import { pythonArgs, pythonReprOfJson } from "../../../lib/format.ts";
import { FormError, PageHeader } from "../../../ui/components.tsx";
import {
  bindValues,
  CheckField,
  ChoiceGroup,
  CodeField,
  Field,
  FormActions,
  FormSection,
  NumberField,
  TextArea,
} from "../../../ui/fields.tsx";
import { MAX_POINTS } from "../authoring-rules.ts";
import { ProblemBreadcrumb } from "./editor.tsx";

export type TestValues = Record<string, string>;

export function testValues(t: TestCase): TestValues {
  const code = t.kind === "code";
  return {
    name: t.name,
    hidden: t.hidden ? "on" : "",
    points: String(t.points),
    kind: t.kind,
    value_format: t.value_format,
    ...firstFile("file", t.files),
    ...firstFile("expected_file", t.expected_files),
    code: code ? t.input : "",
    input: code ? "" : t.input,
    expected: t.expected,
    compare: t.compare,
    tolerance: t.tolerance === null ? "" : String(t.tolerance),
    message: t.message,
  };
}

function firstFile(prefix: string, json: string): TestValues {
  const [f] = JSON.parse(json) as { name: string; content: string }[];
  return { [`${prefix}_name`]: f?.name ?? "", [`${prefix}_content`]: f?.content ?? "" };
}

export const NEW_TEST_VALUES: TestValues = { points: "1", compare: "trim", kind: "io", value_format: "json" };

const VALUE_FORMATS = [
  { value: "json", label: "JSON", hint: "[1, [2, 3]], null, true: lists and string keys only." },
  {
    value: "python",
    label: "Python values",
    hint: "(1, 2), {1, 2}, {1: 'a'}, 2**70, None, float('inf'): checked in the sandbox when saved.",
  },
] as const;

const CODE_PLACEHOLDER = `assert add(1, 2) == 3

def test_negative():
    assert add(-1, -1) == -2, "negative numbers"`;

const isJson = (text: string | undefined) => {
  if (!text?.trim()) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const COMPARE = [
  { value: "trim", label: "Exactly", hint: "Trailing spaces and blank lines at the end do not count." },
  { value: "ignore_case", label: "Ignoring case", hint: "Like exactly, and upper/lower case do not matter." },
  {
    value: "tolerance",
    label: "Numbers within a tolerance",
    hint: "Words must match; numbers may differ a little.",
  },
] as const;

export const TestFormPage: FC<{
  section: Section;
  task: Task;
  problem: Problem;
  test?: TestCase;
  values: TestValues;
  error?: string;
}> = (p) => {
  const v = p.values;
  const { field, check } = bindValues(v);
  const fn = p.problem.kind === "function";
  const params = JSON.parse(p.problem.function_params) as string[];
  const signature = `${p.problem.function_name ?? "f"}(${params.join(", ")})`;
  const base = `/manage/problems/${p.problem.id}/tests`;
  const action = p.test ? `${base}/${p.test.id}` : `${base}/new`;
  return (
    <>
      <ProblemBreadcrumb
        section={p.section}
        task={p.task}
        problem={p.problem}
        last={p.test ? `Test ${p.test.name}` : "New test"}
      />
      <PageHeader
        title={p.test ? `Edit test "${p.test.name}"` : "New test"}
        subtitle={
          fn ? (
            <>
              A call of <code>{signature}</code> and the value it must return.
            </>
          ) : (
            "The input the program reads and the output it must print."
          )
        }
      />
      <form method="post" action={action} class="stack test-form">
        <FormError message={p.error} />
        <FormSection>
          <div class="form-grid">
            <Field label="Name" {...field("name")} required maxlength={100} placeholder="small numbers" />
            <NumberField
              label="Points"
              {...field("points")}
              min={0}
              max={MAX_POINTS}
              required
              hint="What passing this test is worth."
            />
          </div>
          <CheckField
            {...check("hidden")}
            label="Hidden test"
            hint="Students see only whether a hidden test passed, and your message; never its data."
          />
          <ChoiceGroup
            legend="What the test does"
            name="kind"
            value={v.kind ?? "io"}
            choices={[
              {
                value: "io",
                label: fn ? "Calls the function" : "Input and output",
                hint: fn
                  ? "Arguments and the value it must return."
                  : "What the program reads and must print.",
              },
              {
                value: "code",
                label: "Python test code",
                hint: "asserts, or functions named test_..., each counted; the program's names are in scope.",
              },
            ]}
          />
          <div class="code-test-only">
            <CodeField
              label="Test code (Python)"
              {...field("code")}
              rows={10}
              placeholder={CODE_PLACEHOLDER}
              hint={
                <>
                  Runs after the program is loaded as a module: its functions and classes are in scope (also
                  as <code>solution.name</code>). HumanEval style: paste <code>def check(candidate)</code> and
                  add one line, e.g. <code>check(add)</code>.
                </>
              }
            />
          </div>
          <div class="io-test-only">
            {fn ? (
              <ChoiceGroup
                legend="Values written as"
                name="value_format"
                choices={VALUE_FORMATS}
                value={v.value_format ?? "json"}
              />
            ) : null}
            {fn ? (
              <div class="form-grid">
                <CodeField
                  label="Arguments (JSON array, or Python values separated by commas)"
                  name="input"
                  value={v.input}
                  rows={4}
                  placeholder={`[${params.map((_, i) => i + 1).join(", ")}]`}
                  hint={
                    <>
                      One element per parameter of <code>{signature}</code>, e.g.{" "}
                      <code>[3, "abc", [1, 2]]</code>.
                    </>
                  }
                />
                <CodeField
                  label="Expected value (JSON or Python)"
                  name="expected"
                  value={v.expected}
                  rows={4}
                  placeholder="42"
                  hint={
                    <>
                      Compared with <code>==</code>: e.g. <code>42</code>, <code>"text"</code>,{" "}
                      <code>[1, 2]</code>, <code>{'{"a": 1}'}</code>, <code>null</code>. JSON writes{" "}
                      <code>true</code>, <code>false</code> and <code>null</code> for Python's{" "}
                      <code>True</code>, <code>False</code> and <code>None</code>.
                    </>
                  }
                />
              </div>
            ) : null}
            {fn && v.value_format !== "python" && isJson(v.input) && isJson(v.expected) ? (
              <p class="python-call">
                In Python, as students see it:{" "}
                <code>
                  {p.problem.function_name ?? "f"}({pythonArgs(v.input ?? "")}) =={" "}
                  {pythonReprOfJson(v.expected ?? "")}
                </code>
              </p>
            ) : null}
            {fn ? null : (
              <div class="form-grid">
                <CodeField
                  label="Input"
                  {...field("input")}
                  rows={8}
                  hint="What the program reads (stdin)."
                />
                <CodeField
                  label="Expected output"
                  {...field("expected")}
                  rows={8}
                  hint="What it must print (stdout)."
                />
              </div>
            )}
            {fn ? (
              <div class="narrow-field">
                <NumberField
                  label="Float tolerance (optional)"
                  {...field("tolerance")}
                  min={0}
                  hint="Numbers in the value may differ by this much (relative for large numbers). Empty: exactly equal."
                />
              </div>
            ) : (
              <>
                <ChoiceGroup
                  legend="Compare the output"
                  name="compare"
                  choices={COMPARE}
                  value={v.compare ?? "trim"}
                />
                <div class="tolerance-only">
                  <NumberField
                    label="Tolerance"
                    {...field("tolerance")}
                    min={0}
                    placeholder="0.001"
                    hint="How far each number may be from the expected one (relative for numbers above 1)."
                  />
                </div>
              </>
            )}
          </div>
          <details class="test-files" open={!!(v.file_name || v.expected_file_name)}>
            <summary>Files (optional)</summary>
            <div class="form-grid">
              <div class="stack">
                <Field label="A file the test adds" {...field("file_name")} placeholder="input.txt" />
                <CodeField label="Its content" {...field("file_content")} rows={4} />
              </div>
              <div class="stack">
                <Field
                  label="A file the program must write"
                  {...field("expected_file_name")}
                  placeholder="output.txt"
                />
                <CodeField
                  label="Its expected content"
                  {...field("expected_file_content")}
                  rows={4}
                  hint="Compared like the output."
                />
              </div>
            </div>
          </details>
          <TextArea
            label="Message when it fails (optional)"
            {...field("message")}
            rows={2}
            maxlength={2000}
            hint="Shown to the student when this test fails, also for hidden tests: a hint, not the answer."
          />
        </FormSection>
        <FormActions cancel={`/manage/problems/${p.problem.id}#tests`}>
          {p.test ? "Save test" : "Add test"}
        </FormActions>
      </form>
    </>
  );
};
