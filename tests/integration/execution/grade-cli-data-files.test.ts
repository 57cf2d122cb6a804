// `npm run grade` with a problem that carries data files (issue 18): the files in the Markdown reach
// the sandbox as the grader sends them, beside the solution and read-only, text and binary alike.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportProblems, type ProblemDoc } from "../../../src/features/problems/problem-markdown.ts";

const dir = mkdtempSync(join(tmpdir(), "slate-grade-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io = { hidden: false, points: 1, compare: "trim", tolerance: null, message: "" } as const;

/** Exported by Slate itself, so the test reads the format the export writes. */
const doc: ProblemDoc = {
  problem: {
    title: "Column sums",
    statement: "Print the sum of column b of data.csv, then the number of bytes of blob.bin.",
    kind: "stdin",
    function_name: null,
    function_params: [],
    main_file: "main.py",
    time_limit_ms: 3000,
    memory_mb: 128,
    starter_files: [],
    solution_files: [],
  },
  tests: [
    { ...io, name: "sums", input: "", expected: "6\n300\n" },
    {
      ...io,
      name: "read-only",
      input: 'import os\nassert not os.access("data.csv", os.W_OK), "data.csv is writable"',
      expected: "",
      kind: "code",
    },
  ],
  dataFiles: [
    { name: "data.csv", content: new TextEncoder().encode("a,b\n1,2\n3,4\n") },
    { name: "blob.bin", content: new Uint8Array(300).map((_, i) => (i * 13) % 256) },
  ],
};

const SOLUTION = [
  "rows = open('data.csv').read().splitlines()[1:]",
  "print(sum(int(r.split(',')[1]) for r in rows))",
  "blob = open('blob.bin', 'rb').read()",
  "assert blob == bytes((i * 13) % 256 for i in range(300))",
  "print(len(blob))",
  "",
].join("\n");

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function grade(...args: string[]) {
  const proc = Bun.spawnSync(["npx", "bun", "scripts/grade.ts", ...args], {
    cwd: join(import.meta.dir, "../../.."),
    env: { ...process.env, SLATE_SANDBOX: "true" },
  });
  const out = proc.stdout.toString();
  return {
    code: proc.exitCode,
    lines: out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l)),
    out,
    err: proc.stderr.toString(),
  };
}

describe("npm run grade with data files", () => {
  const problem = write("columns.md", exportProblems([doc]));

  test("a solution that reads the text and binary data files passes, and cannot write them", () => {
    const r = grade(problem, write("right.py", SOLUTION));
    expect(r.err).toBe("");
    expect(r.lines.map((l) => [l.test, l.status])).toEqual([
      ["sums", "pass"],
      ["read-only", "pass"],
    ]);
    expect(r.out).toContain("score Column sums: 2/2");
    expect(r.code).toBe(0);
  }, 300_000);

  test("without the data files the same solution fails: they came from the problem file", () => {
    const bare = write("bare.md", exportProblems([{ ...doc, dataFiles: [] }]));
    const r = grade(bare, write("right2.py", SOLUTION));
    expect(r.code).toBe(1);
    expect(r.lines[0].status).not.toBe("pass");
    expect(r.lines[0].stderr).toContain("FileNotFoundError");
  }, 120_000);
});
