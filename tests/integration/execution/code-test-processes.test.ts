// The processes of Python code tests (perf-18) against the real sandbox. Each test's program process and
// test process are forked one test ahead; these tests show that every test still gets a fresh pair that
// starts only when its test does: no state carries from one test to the next (the program's module, the
// test code's globals and builtins), a test whose process dies is reported and the next one runs, the
// student's module is loaded only once its test has begun (with that test's files), and a grading leaves
// no process behind (so the sandbox keeps its container).
import { beforeAll, describe, expect, test } from "bun:test";
import type { NewTestCase, Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { runTests } from "../../../src/grading/service.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, section } = useClassroom({ sandbox: { max: 1 } });

async function problemWith(tests: Partial<NewTestCase>[], overrides: Partial<Problem> = {}) {
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(
    t,
    task.id,
    tests.map((x, i) => ({ kind: "code", expected: "", name: `t${i + 1}`, ...x })),
    overrides,
  );
  return { problem, tests: await selectTests(t.ctx.db, problem.id) };
}

function grade(p: { problem: Problem; tests: TestCase[] }, main: string) {
  return runTests(t.ctx.sandbox, p.problem, p.tests, [{ name: "main.py", content: main }], "main.py");
}

const COUNTER =
  "count = 0\n\ndef inc():\n    global count\n    count += 1\n    return count\n\ndef reset(n):\n    global count\n    count = n\n";

describe("each code test gets a fresh program and test process", () => {
  let counter: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    counter = await problemWith([
      { input: "assert inc() == 1\nassert inc() == 2\n" },
      { input: "reset(99)\nassert inc() == 100\n" },
      { input: "assert inc() == 1\nassert count == 0\n" },
    ]);
  });

  test("a test that changes the program's module state does not change the next test's", async () => {
    const r = await grade(counter, COUNTER);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass", "pass"]);
  });

  test("the test code's globals, builtins and modules do not reach the next test", async () => {
    const p = await problemWith([
      {
        input:
          "import builtins, sys\nleaked = 1\nbuiltins.sorted = lambda x: []\nsys.modules['fractions'] = None\nassert inc() == 1\n",
      },
      {
        input:
          "import fractions\nassert 'leaked' not in globals()\nassert sorted([2, 1]) == [1, 2]\nassert fractions.Fraction(1, 2) == 0.5\n",
      },
    ]);
    const r = await grade(p, COUNTER);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass"]);
  });

  test("a test whose program kills its own process is reported, and the next test still runs", async () => {
    const p = await problemWith([
      { input: "assert die() == 1\n" },
      { input: "assert inc() == 1\n" },
      { input: "assert die() == 1\n" },
      { input: "assert inc() == 1\n" },
    ]);
    const main = `import os, signal\n${COUNTER}\ndef die():\n    os.kill(os.getpid(), signal.SIGKILL)\n`;
    const r = await grade(p, main);
    expect(r.tests.map((x) => x.status)).toEqual(["fail", "pass", "fail", "pass"]);
    expect(r.tests[0]!.parts![0]!.message).toContain("The program ended before the test was done");
  });

  test("a test that kills its own test process is reported, and the next test still runs", async () => {
    const p = await problemWith([
      { input: "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n" },
      { input: "assert inc() == 1\n" },
    ]);
    const r = await grade(p, COUNTER);
    expect(r.tests.map((x) => x.status)).toEqual(["error", "pass"]);
  });

  test("a program over its time limit times out that test only", async () => {
    const p = await problemWith([{ input: "assert spin() == 1\n" }, { input: "assert inc() == 1\n" }], {
      time_limit_ms: 1000,
    });
    const r = await grade(p, `${COUNTER}\ndef spin():\n    while True:\n        pass\n`);
    expect(r.tests.map((x) => x.status)).toEqual(["timeout", "pass"]);
  }, 60_000);
});

describe("a program process forked ahead runs the student's code only when its test begins", () => {
  test("the module is loaded once per test, in order, never ahead", async () => {
    // Each load appends to a file in /tmp (which lives for the whole job): if the next test's process
    // loaded the module early, a test would count one load too many.
    const p = await problemWith([
      { input: "assert loads() == 1\n" },
      { input: "assert loads() == 2\n" },
      { input: "assert loads() == 3\n" },
    ]);
    const main =
      "with open('/tmp/loads', 'a') as f:\n    f.write('x')\n\ndef loads():\n    with open('/tmp/loads') as f:\n        return len(f.read())\n";
    const r = await grade(p, main);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass", "pass"]);
  });

  test("a module that reads a test's own file at import sees that test's file", async () => {
    const p = await problemWith([
      { input: "assert data() == 'one'\n", files: JSON.stringify([{ name: "in.txt", content: "one" }]) },
      { input: "assert data() == 'two'\n", files: JSON.stringify([{ name: "in.txt", content: "two" }]) },
    ]);
    const main = "with open('in.txt') as f:\n    text = f.read()\n\ndef data():\n    return text\n";
    const r = await grade(p, main);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass"]);
  });
});

describe("a grading with code tests leaves nothing behind", () => {
  test("no process outlives the job, so the sandbox keeps its container", async () => {
    const p = await problemWith(
      Array.from({ length: 5 }, (_, i) => ({ input: `assert inc() == 1, ${i}\n` })),
    );
    await grade(p, COUNTER); // the first job of this problem on a container may follow a replaced one
    const before = t.ctx.sandbox!.status().metrics;
    for (let i = 0; i < 4; i++) {
      const r = await grade(p, COUNTER);
      expect(r.tests.every((x) => x.status === "pass")).toBe(true);
    }
    const after = t.ctx.sandbox!.status().metrics;
    expect(after.recycled - before.recycled).toBe(0);
    expect(after.done - before.done).toBe(4);
  }, 60_000);
});
