// A problem's data files in the Markdown format (issue 18): text in a text fence, anything else as
// base64, every byte kept, and the editor's rules (name, size, count) with line-numbered errors.
import { describe, expect, test } from "bun:test";
import type { TestDraft } from "../../src/features/problems/authoring-rules.ts";
import {
  exportProblems,
  type LineError,
  type ProblemDoc,
  parseProblems,
} from "../../src/features/problems/problem-markdown.ts";
import { MAX_DATA_FILE_BYTES, MAX_DATA_FILES } from "../../src/models/problem-data-files.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const allBytes = new Uint8Array(Array.from({ length: 600 }, (_, i) => (i * 7 + 3) % 256));

const test1: TestDraft = {
  name: "reads",
  hidden: false,
  points: 1,
  input: "",
  expected: "3\n",
  compare: "trim",
  tolerance: null,
  message: "",
  kind: "io",
  value_format: "json",
  files: [],
  expected_files: [],
};

function docWith(dataFiles: ProblemDoc["dataFiles"]): ProblemDoc {
  return {
    problem: {
      title: "Count rows",
      statement: "Print how many rows data.csv has.",
      kind: "stdin",
      function_name: null,
      function_params: [],
      main_file: "main.py",
      time_limit_ms: 2000,
      memory_mb: 128,
      starter_files: [],
      solution_files: [],
    },
    tests: [test1],
    dataFiles,
  };
}

/** Files that try every way to confuse the format. */
const tricky = docWith([
  { name: "data.csv", content: enc("a,b\n1,2\n3,4\n") },
  { name: "image.bin", content: allBytes },
  { name: "empty.txt", content: new Uint8Array() },
  // Named like a section and full of structure: headings, "---", a fence, a closing fence alone.
  { name: "Statement", content: enc("---\n## Test: reads\n### Input\n```python\nx\n```\n````\n\n\n") },
  { name: "crlf.txt", content: enc("one\r\ntwo\r\n") },
  { name: "bom.txt", content: enc("\uFEFFhello") },
  { name: "nul.txt", content: enc("a\u0000b") },
  { name: "helper.py", content: enc("def f():\n    return 1") },
]);

function parsed(text: string): ProblemDoc[] {
  const result = parseProblems(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.docs;
}

function expectErrors(text: string): LineError[] {
  const result = parseProblems(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.errors;
}

const lineOf = (text: string, needle: string) => text.split("\n").indexOf(needle) + 1;

describe("problem markdown: data files", () => {
  test("export -> import -> export is identical and every byte survives", () => {
    const text = exportProblems([tricky]);
    const [doc] = parsed(text);
    expect(doc!.dataFiles.map((f) => f.name)).toEqual(tricky.dataFiles.map((f) => f.name));
    doc!.dataFiles.forEach((f, i) => {
      expect(f.content).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(f.content).equals(Buffer.from(tricky.dataFiles[i]!.content))).toBe(true);
    });
    expect(exportProblems([doc!])).toBe(text);
    // Through CRLF line breaks (a pasted file) too: base64 keeps the CR bytes of crlf.txt.
    expect(exportProblems(parsed(text.replace(/\n/g, "\r\n")))).toBe(text);
  });

  test("text files are readable text; binary ones are base64 wrapped at 76 characters", () => {
    const text = exportProblems([tricky]);
    expect(text).toContain("## Data file: data.csv\n\n```text\na,b\n1,2\n3,4\n\n```");
    expect(text).toContain("## Data file: empty.txt\n\n```text\n\n```");
    expect(text).toContain("## Data file: helper.py\n\n```python\ndef f():");
    expect(text).toContain("## Data file: bom.txt\n\n```text\n\uFEFFhello\n```");
    // The content holds a ```` line, so its fence is longer.
    expect(text).toContain("## Data file: Statement\n\n`````text\n---\n## Test: reads\n");
    const base64 = Buffer.from(allBytes).toString("base64");
    const block = text.split("## Data file: image.bin\n\n```base64\n")[1]!.split("\n```")[0]!;
    const lines = block.split("\n");
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(lines.join("")).toBe(base64);
    for (const name of ["crlf.txt", "nul.txt"])
      expect(text).toContain(`## Data file: ${name}\n\n\`\`\`base64\n`);
  });

  test("a hand-written file: data files anywhere before the tests, base64 wrapped any way", () => {
    const text = `---\ntitle: T\ntests:\n  - name: t\n---\n\n## Data file: a.bin\n\n\`\`\`base64\nAAEC\n/w==\n\`\`\`\n\n## Statement\n\n\`\`\`\nS\n\`\`\`\n\n## Test: t\n\n### Expected output\n\n\`\`\`\nx\n\`\`\`\n`;
    const [doc] = parsed(text);
    expect([...doc!.dataFiles[0]!.content]).toEqual([0, 1, 2, 255]);
  });
});

describe("problem markdown: data files refused with their line", () => {
  const withFile = (name: string, block: string) =>
    exportProblems([docWith([{ name: "ok.txt", content: enc("fine\n") }])]).replace(
      "## Test: reads",
      `## Data file: ${name}\n\n${block}\n\n## Test: reads`,
    );

  test("a bad name", () => {
    const text = withFile("../secret.txt", "```text\nx\n```");
    expect(expectErrors(text)).toEqual([
      {
        line: lineOf(text, "## Data file: ../secret.txt"),
        message:
          'Data file: The file name "../secret.txt" may use only letters, digits, dots, dashes and underscores.',
      },
    ]);
  });

  test("a heading without a name", () => {
    const text = withFile("", "```text\nx\n```");
    expect(expectErrors(text)).toEqual([
      { line: lineOf(text, "## Data file: "), message: "Data file: A file name is empty." },
    ]);
  });

  test("a file over the size cap", () => {
    const big = exportProblems([
      docWith([{ name: "big.bin", content: new Uint8Array(MAX_DATA_FILE_BYTES + 1) }]),
    ]);
    expect(expectErrors(big)).toEqual([
      { line: lineOf(big, "## Data file: big.bin"), message: "Data file: big.bin is over 960 KiB." },
    ]);
  });

  test("files over the total cap", () => {
    const files = [1, 2, 3].map((n) => ({ name: `part${n}.bin`, content: new Uint8Array(900 * 1024) }));
    const text = exportProblems([docWith(files)]);
    expect(expectErrors(text)).toEqual([
      {
        line: lineOf(text, "## Data file: part3.bin"),
        message: "Data file: The data files would be over 2 MiB together.",
      },
    ]);
  });

  test("too many files", () => {
    const files = Array.from({ length: MAX_DATA_FILES + 1 }, (_, i) => ({
      name: `f${String(i).padStart(2, "0")}.txt`,
      content: enc(`${i}\n`),
    }));
    const text = exportProblems([docWith(files)]);
    expect(expectErrors(text)).toEqual([
      {
        line: lineOf(text, "## Data file: f20.txt"),
        message: "Data file: A problem has at most 20 data files.",
      },
    ]);
  });

  test("the same name twice", () => {
    const text = withFile("ok.txt", "```text\nagain\n```");
    const second = text.split("\n").lastIndexOf("## Data file: ok.txt") + 1;
    expect(expectErrors(text)).toEqual([
      { line: second, message: 'Data file: A second ## Data file section for "ok.txt".' },
    ]);
  });

  test("base64 that is not base64 names its line", () => {
    const text = withFile("x.bin", "```base64\nAAEC\nnot base64!\n```");
    expect(expectErrors(text)).toEqual([
      {
        line: lineOf(text, "not base64!"),
        message: "This data file is not valid base64 (letters, digits, + and /, padded with =).",
      },
    ]);
    const padded = withFile("y.bin", "```base64\nAA==\nAA==\n```");
    expect(expectErrors(padded)[0]!.line).toBe(lineOf(padded, "```base64") + 1);
  });

  test("a data file without its fenced block", () => {
    const text = withFile("z.txt", "just text");
    expect(expectErrors(text)[0]!.message).toContain("Expected a fenced block");
  });
});
