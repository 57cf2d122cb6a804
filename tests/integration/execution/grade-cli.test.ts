// `npm run grade -- PROBLEM.md SOLUTION.py [MORE...]` through the real sandbox: one JSON line per test,
// the score, exit 0 when all pass, 1 when a test fails, 2 for a problem file with errors.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "slate-grade-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROBLEM = `---
title: Pairs
kind: function
function_name: pair
function_params: [a, b]
main_file: main.py
time_limit_ms: 2000
memory_mb: 128
tests:
  - name: tuple
    hidden: false
    points: 1
    values: python
  - name: checks
    hidden: true
    points: 2
    kind: code
---

## Statement

\`\`\`markdown
Return (a, b) as a tuple.
\`\`\`

## Test: tuple

### Arguments

\`\`\`python
1, None
\`\`\`

### Expected value

\`\`\`python
(1, None)
\`\`\`

## Test: checks

### Test code

\`\`\`python
from helper import twice
def test_pair():
    assert pair(2, 3) == (2, 3)

def test_helper():
    assert twice(pair(1, 2)) == (1, 2, 1, 2)
\`\`\`
`;

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

describe("npm run grade", () => {
  const problem = write("pairs.md", PROBLEM);
  const helper = write("helper.py", "def twice(t):\n    return t + t\n");

  test("a right solution: every test's JSON, the score, exit 0", () => {
    const r = grade(problem, write("right.py", "def pair(a, b):\n    return (a, b)\n"), helper);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => [l.test, l.status, l.points])).toEqual([
      ["tuple", "pass", 1],
      ["checks", "pass", 2],
    ]);
    expect(r.lines[1].parts.map((p: { name: string }) => p.name)).toEqual(["test_pair", "test_helper"]);
    expect(r.out).toContain("score Pairs: 3/3");
  }, 300_000);

  test("a list instead of a tuple fails every test: exit 1", () => {
    const r = grade(problem, write("wrong.py", "def pair(a, b):\n    return [a, b]\n"), helper);
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => l.status)).toEqual(["fail", "fail"]);
    expect(r.lines[0].actual).toBe("[1, None]");
    expect(r.out).toContain("score Pairs: 0/3");
  }, 120_000);

  test("a problem file with an error names its line: exit 2", () => {
    const r = grade(write("broken.md", PROBLEM.replace("kind: code", "kind: code\n    bogus: 1")), helper);
    expect(r.code).toBe(2);
    const bad = grade(
      write("broken2.md", PROBLEM.replace("kind: code", "kind: code\n    bogus: 1")),
      helper,
      helper,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/broken2\.md:\d+: .*bogus/);
  }, 60_000);
});
