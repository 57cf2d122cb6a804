// Python test code (issue 18) against the real sandbox: asserts and test_* functions, HumanEval-style
// check(candidate), what students see of visible and hidden code tests, and every tampering attack the
// issue lists. The program runs in its own process; the teacher's test code in another that holds the
// only channel the harness takes pass/fail from.
import { beforeAll, describe, expect, test } from "bun:test";
import type { NewTestCase, Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { presentResult } from "../../../src/grading/present.ts";
import { runTests } from "../../../src/grading/service.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, section } = useClassroom({ sandbox: { max: 2 } });

const SECRET = "SECRETCODE5e2d";

async function problemWith(tests: Partial<NewTestCase>[], overrides: Partial<Problem> = {}) {
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(
    t,
    task.id,
    tests.map((x) => ({ kind: "code", expected: "", ...x })),
    overrides,
  );
  return { problem, tests: await selectTests(t.ctx.db, problem.id) };
}

function grade(p: { problem: Problem; tests: TestCase[] }, main: string, extra: Record<string, string> = {}) {
  const files = [
    { name: "main.py", content: main },
    ...Object.entries(extra).map(([name, content]) => ({ name, content })),
  ];
  return runTests(t.ctx.sandbox, p.problem, p.tests, files, "main.py");
}

const ADD = "def add(a, b):\n    return a + b\n";
let basic: { problem: Problem; tests: TestCase[] };

beforeAll(async () => {
  basic = await problemWith([
    { name: "asserts", input: "assert add(1, 2) == 3\nassert add('a', 'b') == 'ab'\n" },
    {
      name: "functions",
      input:
        "def test_small():\n    assert add(1, 1) == 2\n\ndef test_negative():\n    assert add(-1, -1) == -2, 'negative numbers'\n\ndef test_floats():\n    assert abs(add(0.1, 0.2) - 0.3) < 1e-9\n",
      points: 3,
    },
    {
      name: "humaneval",
      input:
        "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-2, 2) == 0\n\ncheck(add)\n",
    },
    { name: "hidden", input: `assert add(20, 22) == 42, "${SECRET}"\n`, hidden: 1, message: "Big numbers?" },
  ]);
});

describe("Python test code", () => {
  test("a right program passes asserts, every test_* function and a HumanEval check", async () => {
    const r = await grade(basic, ADD);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(r.tests[1]!.parts!.map((p) => p.name)).toEqual(["test_small", "test_negative", "test_floats"]);
    expect(r.rawScore).toBe(r.maxScore);
  });

  test("each test_* function counts: partial points, and a visible failure shows its values", async () => {
    const r = await grade(basic, "def add(a, b):\n    return a + b if a >= 0 else 0\n");
    const fns = r.tests[1]!;
    expect(fns.status).toBe("fail");
    expect(fns.points).toBe(2);
    expect(fns.parts!.filter((p) => !p.passed).map((p) => p.name)).toEqual(["test_negative"]);
    const view = presentResult(r, basic.tests, "student");
    const failed = view.tests[1]!.parts!.find((p) => !p.passed)!;
    expect(failed.message).toContain("negative numbers");
    expect(failed.message).toContain("assert add(-1, -1) == -2");
    expect(failed.message).toContain("left:  0");
    expect(failed.message).toContain("right: -2");
  });

  test("a hidden code test shows a student only pass/fail and the teacher's message", async () => {
    const r = await grade(basic, "def add(a, b):\n    return a - b if b > 10 else a + b\n");
    expect(r.tests[3]!.status).toBe("fail");
    const student = presentResult(r, basic.tests, "student");
    const hidden = student.tests[3]!;
    expect(hidden.data).toBeUndefined();
    expect(hidden.parts).toBeUndefined();
    expect(hidden.message).toBe("Big numbers?");
    expect(JSON.stringify(student)).not.toContain(SECRET);
    expect(JSON.stringify(presentResult(r, basic.tests, "teacher"))).toContain(SECRET);
  });

  test("the program's exceptions reach the test as the same exception, with its traceback", async () => {
    const p = await problemWith([
      {
        name: "raises",
        input:
          "def test_raises():\n    try:\n        add(1, 'x')\n    except TypeError:\n        pass\n    else:\n        raise AssertionError('no TypeError')\n\ndef test_crash():\n    add(1, 'x')\n",
      },
    ]);
    const r = await grade(p, ADD);
    const [ok, crash] = r.tests[0]!.parts!;
    expect(ok!.passed).toBe(true);
    expect(crash!.passed).toBe(false);
    expect(crash!.message).toContain("TypeError");
    expect(crash!.message).toContain('File "main.py", line 2, in add');
  });

  test("objects of the program are reached through handles: classes, methods, len()", async () => {
    const p = await problemWith([
      {
        name: "stack",
        input:
          "s = Stack()\ns.push(3)\ns.push(4)\nassert len(s) == 2\nassert s.pop() == 4\nassert s.items == [3]\n",
      },
    ]);
    const main =
      "class Stack:\n    def __init__(self):\n        self.items = []\n    def push(self, x):\n        self.items.append(x)\n    def pop(self):\n        return self.items.pop()\n    def __len__(self):\n        return len(self.items)\n";
    expect((await grade(p, main)).tests[0]!.status).toBe("pass");
  });
});

describe("tampering does not make a code test pass", () => {
  const attacks: Record<string, string> = {
    "__eq__ always True":
      "class Anything:\n    def __eq__(self, other):\n        return True\n    def __ne__(self, other):\n        return False\n    __hash__ = object.__hash__\ndef add(a, b):\n    return Anything()\n",
    "an int subclass whose __eq__ is always True":
      "class Liar(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\ndef add(a, b):\n    return Liar(0)\n",
    "patched builtins":
      "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.len = lambda x: 2\nbuiltins.isinstance = lambda *a: True\nbuiltins.repr = lambda x: 'ok'\ndef add(a, b):\n    return 0\n",
    "a patched AssertionError":
      "import builtins\nclass Quiet(BaseException):\n    pass\nbuiltins.AssertionError = Quiet\ndef add(a, b):\n    return 0\n",
    "sys.exit(0) in the module": "import sys\ndef add(a, b):\n    return 0\nsys.exit(0)\n",
    "os._exit(0) in the module": "import os\ndef add(a, b):\n    return 0\nos._exit(0)\n",
    "os._exit(0) inside the called function": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "a printed fake result":
      'import sys, os\nline = \'{"parts": [{"name": "x", "passed": true, "message": ""}]}\'\nprint(line)\nprint(line, file=sys.stderr)\nfor fd in range(3, 40):\n    try:\n        os.write(fd, line.encode())\n    except OSError:\n        pass\ndef add(a, b):\n    print(line)\n    return 0\n',
    "reading the test code from the pipe":
      "import os, sys\nfound = b''\nfor fd in range(0, 40):\n    try:\n        os.set_blocking(fd, False)\n        found += os.read(fd, 1 << 20)\n    except OSError:\n        pass\nfor pid in os.listdir('/proc'):\n    try:\n        found += open(f'/proc/{pid}/cmdline', 'rb').read()\n        found += open(f'/proc/{pid}/fd/0', 'rb').read()\n    except OSError:\n        pass\nprint(found.decode('utf-8', 'replace'))\ndef add(a, b):\n    return 42 if b'SECRET' in found else 0\n",
    "sys.settrace and frame walking":
      "import sys, gc\ndef add(a, b):\n    for o in gc.get_objects():\n        if isinstance(o, dict) and 'parts' in o:\n            o['parts'] = [{'name': 'x', 'passed': True, 'message': ''}]\n    f = sys._getframe()\n    while f:\n        f.f_globals['passed'] = True\n        f = f.f_back\n    return 0\n",
    "killing the test's process":
      "import os, signal\ndef add(a, b):\n    for pid in os.listdir('/proc'):\n        if pid.isdigit() and int(pid) != os.getpid():\n            try:\n                os.kill(int(pid), signal.SIGKILL)\n            except OSError:\n                pass\n    return 0\n",
  };
  let hostile: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    hostile = await problemWith([
      { name: "visible", input: "assert add(1, 2) == 3\n" },
      { name: "hidden", input: `assert add(40, 2) == 42, "${SECRET}"\n`, hidden: 1 },
    ]);
  });

  for (const [name, main] of Object.entries(attacks)) {
    test(name, async () => {
      const r = await grade(hostile, main);
      expect(r.tests.map((x) => x.status)).not.toContain("pass");
      expect(r.rawScore).toBe(0);
      const seen = JSON.stringify(presentResult(r, hostile.tests, "student"));
      expect(seen).not.toContain(SECRET);
      expect(seen).not.toContain("40, 2");
    });
  }

  test("the same checks pass for an honest program (the attacks' tests can pass)", async () => {
    const r = await grade(hostile, ADD);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass"]);
  });
});
