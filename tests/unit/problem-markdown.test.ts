import { describe, expect, test } from "bun:test";
import { MAX_FIELD_BYTES, MAX_TESTS, type TestDraft } from "../../src/features/problems/authoring-rules.ts";
import {
  exportProblems,
  type LineError,
  PROBLEM_TEMPLATE,
  type ProblemDoc,
  parseProblems,
} from "../../src/features/problems/problem-markdown.ts";

const stdinTest = (over: Partial<TestDraft> = {}): TestDraft => ({
  name: "small",
  hidden: false,
  points: 1,
  input: "2\n3\n",
  expected: "5\n",
  compare: "trim",
  tolerance: null,
  message: "",
  kind: "io",
  value_format: "json",
  files: [],
  expected_files: [],
  ...over,
});

/** Python test code (issue 18): only its code, kept exactly (fences and "---" inside included). */
const codeTest = (over: Partial<TestDraft> = {}): TestDraft =>
  stdinTest({ input: "assert add(1, 2) == 3", expected: "", kind: "code", ...over });

/** Problems whose text tries every way to confuse the format. */
const tricky: ProblemDoc[] = [
  {
    problem: {
      title: 'Sum: "two" numbers # not a comment',
      statement: [
        "Read two numbers.",
        "",
        "---",
        "",
        "## Test: small",
        "",
        "```python",
        "print(1)",
        "```",
        "",
        "````",
        "   ```",
        "~~~",
        "### Input",
      ].join("\n"),
      kind: "stdin",
      function_name: null,
      function_params: [],
      main_file: "main.py",
      time_limit_ms: 1500,
      memory_mb: 64,
      starter_files: [
        { name: "main.py", content: "# ```\nx = input()\n\n\n" },
        { name: "helper.py", content: "" },
        { name: "data.txt", content: "---\n## Statement\n   \t\n" },
      ],
      solution_files: [{ name: "main.py", content: "print(int(input()) + int(input()))" }],
    },
    dataFiles: [],
    tests: [
      stdinTest(),
      stdinTest({
        name: "yes",
        hidden: true,
        points: 2.5,
        input: "",
        expected: "  spaced  \n\n\n",
        compare: "ignore_case",
        message: "Line one\nline two with trailing spaces   \n  indented",
      }),
      stdinTest({
        name: "123",
        input: "```\n```\n",
        expected: "3.14159 2.71\n",
        compare: "tolerance",
        tolerance: 0.000001,
        message: "null",
      }),
      stdinTest({ name: "- dash: colon", input: "\n", expected: "", points: 0 }),
      codeTest({ name: "program test code", input: "import solution\nassert solution.x == 1" }),
      stdinTest({
        name: "with files",
        files: [
          { name: "in.txt", content: "```\n---\n" },
          { name: "b.py", content: "x = 1\n" },
        ],
        expected_files: [{ name: "out.txt", content: "3\n\n" }],
      }),
    ],
  },
  {
    problem: {
      title: "Add",
      statement: "",
      kind: "function",
      function_name: "add",
      function_params: ["a", "b"],
      main_file: "solution.py",
      time_limit_ms: 100,
      memory_mb: 256,
      starter_files: [],
      solution_files: [{ name: "solution.py", content: "def add(a, b):\n    return a + b\n" }],
    },
    dataFiles: [],
    tests: [
      stdinTest({ name: "ints", input: "[1,  2]", expected: "3" }),
      stdinTest({ name: "floats", input: "[0.1, 0.2]", expected: "0.3", tolerance: 1e-9, hidden: true }),
      stdinTest({ name: "nested", input: '[[1, "two"], {"a": null}]', expected: '{"x": [1, 2]}' }),
      codeTest({ name: "code", hidden: true, message: "Check negatives." }),
      stdinTest({
        name: "python values",
        input: "(1, 2), {1: 'a'}",
        expected: "{2**70, None}",
        value_format: "python",
      }),
      codeTest({
        name: "code with fences",
        input: 'def test_a():\n    """\n```\n---\n## Test: x\n"""\n    assert add(0, 0) == 0\n\ncheck(add)',
        points: 2,
      }),
    ],
  },
];

function expectErrors(text: string): LineError[] {
  const result = parseProblems(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.errors;
}

function parsed(text: string): ProblemDoc[] {
  const result = parseProblems(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.docs;
}

describe("problem markdown", () => {
  test("export -> import -> export gives identical text and identical problems", () => {
    const text = exportProblems(tricky);
    const docs = parsed(text);
    expect(docs).toEqual(tricky);
    expect(exportProblems(docs)).toBe(text);
  });

  test("each problem round-trips alone too", () => {
    for (const doc of tricky) {
      const text = exportProblems([doc]);
      expect(parsed(text)).toEqual([doc]);
    }
  });

  test("the export is readable: front matter, headings and fences", () => {
    const text = exportProblems([tricky[1]!]);
    expect(text.startsWith("---\ntitle: Add\nkind: function\nfunction_name: add\n")).toBe(true);
    expect(text).toContain("function_params:\n  - a\n  - b\n");
    expect(text).toContain("## Solution file: solution.py\n\n```python\ndef add(a, b):");
    expect(text).toContain("## Test: ints\n\n### Arguments\n\n```json\n[1,  2]\n```\n\n### Expected value");
    // A statement containing ``` gets a longer fence.
    expect(exportProblems([tricky[0]!])).toContain("## Statement\n\n`````markdown\nRead two numbers.");
  });

  test("CRLF files and a byte-order mark import like LF files", () => {
    const text = exportProblems(tricky);
    expect(parsed(`\uFEFF${text.replace(/\n/g, "\r\n")}`)).toEqual(tricky);
  });

  test("the template imports as a working example", () => {
    const [doc] = parsed(PROBLEM_TEMPLATE);
    expect(doc!.problem.title).toBe("Add two numbers");
    expect(doc!.problem.starter_files.map((f) => f.name)).toEqual(["main.py"]);
    expect(doc!.tests.map((t) => [t.name, t.hidden, t.points])).toEqual([
      ["small numbers", false, 1],
      ["large numbers", true, 2],
    ]);
    expect(doc!.tests[0]!.input).toBe("2\n3");
  });

  test("defaults fill fields a hand-written file leaves out", () => {
    const [doc] = parsed(
      "---\ntitle: Hello\ntests:\n  - name: t\n---\n\n## Test: t\n\n### Expected output\n\n```\nHello\n```\n",
    );
    expect(doc!.problem).toMatchObject({
      kind: "stdin",
      main_file: "main.py",
      time_limit_ms: 2000,
      memory_mb: 128,
    });
    expect(doc!.tests).toEqual([stdinTest({ name: "t", input: "", expected: "Hello" })]);
  });
});

describe("problem markdown: refused files name the line", () => {
  const base = exportProblems([tricky[1]!]);
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

  test("broken YAML", () => {
    const text = base.replace("kind: function", "kind: [function");
    const errors = expectErrors(text);
    expect(errors[0]!.message).toStartWith("Front matter:");
    expect(errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  test("an unknown field, with its line", () => {
    const text = base.replace("memory_mb: 256", "memory_mb: 256\ntiem_limit: 5");
    expect(expectErrors(text)).toEqual([
      { line: lineOf(text, "tiem_limit"), message: "Front matter: Unknown field: tiem_limit." },
    ]);
  });

  test("invalid JSON arguments and expected values", () => {
    const text = base.replace("[1,  2]", "[1, 2").replace('{"x": [1, 2]}', "{x: 1}");
    const errors = expectErrors(text);
    expect(errors.map((e) => e.line)).toEqual([
      lineOf(text, "## Test: ints") + 2,
      lineOf(text, "## Test: nested") + 8,
    ]);
    expect(errors[0]!.message).toContain('Test "ints": The arguments are not valid JSON');
    expect(errors[1]!.message).toContain('Test "nested": The expected value is not valid JSON');
  });

  test("arguments that are JSON but not an array", () => {
    const errors = expectErrors(base.replace("[1,  2]", '{"a": 1}'));
    expect(errors[0]!.message).toContain("must be a JSON array");
  });

  test("duplicate test names", () => {
    const text = base.replace("- name: floats", "- name: ints");
    const errors = expectErrors(text);
    expect(errors.some((e) => e.message.includes('already a test called "ints"'))).toBe(true);
  });

  test("a function problem without its signature", () => {
    const text = base.replace("function_name: add\n", "");
    const errors = expectErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("needs its function signature");
  });

  test("a parameter that is not a Python identifier", () => {
    const text = base.replace("  - b\n", "  - 2b\n");
    expect(expectErrors(text)).toEqual([
      { line: lineOf(text, "  - 2b"), message: expect.stringContaining("not a Python identifier") },
    ]);
  });

  test("oversized test data", () => {
    const big = "x".repeat(MAX_FIELD_BYTES + 1);
    const text = exportProblems([{ ...tricky[0]!, tests: [stdinTest({ expected: big })] }]);
    const errors = expectErrors(text);
    expect(errors[0]!.message).toContain("larger than 256 KiB");
    expect(errors[0]!.line).toBe(lineOf(text, "### Expected output"));
  });

  test("too many tests", () => {
    const tests = Array.from({ length: MAX_TESTS + 1 }, (_, i) => stdinTest({ name: `t${i}` }));
    const errors = expectErrors(exportProblems([{ ...tricky[0]!, tests }]));
    expect(errors.map((e) => e.message)).toContain(
      `A problem has at most ${MAX_TESTS} tests; this one would have ${MAX_TESTS + 1}.`,
    );
  });

  test("a fence that is never closed", () => {
    const text = `${base.trimEnd()}\n\n## Test: extra\n\n### Expected value\n\n\`\`\`\n1\n`;
    const errors = expectErrors(text);
    expect(errors).toContainEqual({
      line: text.split("\n").length - 2,
      message: "This fenced block is never closed.",
    });
  });

  test("a listed test without a section and a section without a listed test", () => {
    const text = base.replace("## Test: floats", "## Test: float");
    const errors = expectErrors(text);
    expect(errors).toContainEqual({
      line: lineOf(text, "## Test: float"),
      message: 'The test "float" is not in the front matter\'s tests list.',
    });
    expect(errors).toContainEqual({
      line: lineOf(text, "- name: floats"),
      message: 'The test "floats" has no "## Test: floats" section.',
    });
  });

  test("stray text, unknown sections and a missing front matter", () => {
    const text = base.replace("## Statement", "Some words\n\n## Notes\n\n```\nx\n```\n\n## Statement");
    const errors = expectErrors(text);
    expect(errors.map((e) => e.line)).toEqual([lineOf(text, "Some words"), lineOf(text, "## Notes")]);
    expect(expectErrors("# Hello\n")).toEqual([
      { line: 1, message: 'Expected "---", the start of a problem\'s front matter.' },
    ]);
    expect(expectErrors("\n\n")[0]!.message).toContain("no problems");
  });

  test("errors in a second problem point into the second problem", () => {
    const two = exportProblems(tricky);
    const text = two.replace("time_limit_ms: 100\n", "time_limit_ms: 50\n");
    expect(expectErrors(text)).toEqual([
      {
        line: lineOf(text, "time_limit_ms: 50"),
        message: "The time limit must be between 100 and 10000 ms.",
      },
    ]);
  });

  test("a main file missing from the starter files", () => {
    const text = exportProblems([tricky[0]!]).replace("main_file: main.py", "main_file: other.py");
    const errors = expectErrors(text);
    expect(errors.map((e) => e.message)).toEqual([
      'The starter files must include the main file "other.py".',
      'The solution files must include the main file "other.py".',
    ]);
  });
});
