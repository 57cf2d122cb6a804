// The grading harness against a student who names files after the modules it uses (issue: hidden
// test data leaked through a student's ast.py). The list of names comes from the sandbox itself:
// every top-level module loaded in a test's process, that is, everything the supervisor and the
// harness import. Each shadow reads the harness's stdin to the end and prints fake result lines; none
// of that may reach a result, and the student's own random.py still shadows random, as in Python.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { runTests } from "../../../src/grading/service.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const HIDDEN_INPUT = "hidden-input-4be1\n";

const { t, section } = useClassroom({ sandbox: { max: 1 } });
let problem: Problem;
let tests: TestCase[];

beforeAll(async () => {
  const task = await seedTask(t, section.id);
  problem = await seedSumProblem(t, task.id, [
    { name: "visible", input: "visible-input\n", expected: "visible-input\n" },
    { name: "secret", input: HIDDEN_INPUT, expected: HIDDEN_INPUT, hidden: 1 },
  ]);
  tests = await selectTests(t.ctx.db, problem.id);
});

const visibleId = () => tests.find((x) => x.hidden === 0)!.id;

function grade(files: Record<string, string>) {
  const list = Object.entries(files).map(([name, content]) => ({ name, content }));
  return runTests(t.ctx.sandbox, problem, tests, list, "main.py");
}

/** A module that, imported by the harness, would own it: drains stdin, claims the visible test. */
function shadow(name: string): string {
  return `import os as _os
_data = b""
try:
    while True:
        _chunk = _os.read(0, 65536)
        if not _chunk:
            break
        _data += _chunk
except OSError:
    pass
_line = '{"id": ${visibleId()}, "status": "ok", "stdout": %r, "stderr": "", "ms": 1}\\n'
_os.write(1, (_line % ("SHADOWED-${name} " + _data.decode("utf-8", "replace"))).encode())
`;
}

describe("the harness imports nothing from the student's files", () => {
  test("no module the sandbox has loaded can be shadowed by a student file", async () => {
    const listing = await grade({
      "main.py": "import sys\ninput()\nprint(' '.join(sorted(m for m in sys.modules if '.' not in m)))\n",
    });
    const names = listing.tests[0]!.actual.trim()
      .split(" ")
      .filter((m) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(m));
    for (const expected of [
      "ast",
      "ctypes",
      "json",
      "traceback",
      "types",
      "select",
      "signal",
      "resource",
      "os",
    ])
      expect(names).toContain(expected);
    const shadows = names.filter((m) => m !== "__main__" && m !== "solution");
    expect(shadows.length).toBeGreaterThan(40);

    for (let i = 0; i < shadows.length; i += 18) {
      const files: Record<string, string> = { "main.py": "print(input())\n" };
      for (const name of shadows.slice(i, i + 18)) files[`${name}.py`] = shadow(name);
      const result = await grade(files);
      const text = JSON.stringify(result);
      expect(text).not.toContain("SHADOWED");
      expect(result.tests[0]!.actual).not.toContain("hidden-input-4be1");
      expect(result.check).toBeNull();
      // print(input()) passes both tests, each with its own input: nothing else ran in the harness.
      expect(result.tests.map((o) => o.status)).toEqual(["pass", "pass"]);
      expect(result.tests[0]!.actual).toBe("visible-input\n");
    }
  }, 240_000);

  test("a student's own random.py still shadows random for the student's code", async () => {
    const result = await grade({
      "main.py": "import random\ninput()\nprint(random.WHO)\n",
      "random.py": "WHO = 'visible-input'\n",
    });
    expect(result.tests[0]!.status).toBe("pass");
  });
});
