// A hostile student against Python test code (review of issue 18), on the real sandbox: objects that lie
// to orderings and arithmetic, signals, ptrace and /proc against the test's process, processes left
// running into later tests, patched modules. None may make a test pass or show a hidden test's code.
import { beforeAll, describe, expect, test } from "bun:test";
import type { NewTestCase, Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { ShellLimitError } from "../../../src/features/execution/shells.ts";
import { presentResult } from "../../../src/grading/present.ts";
import { runTests } from "../../../src/grading/service.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { selectDataJobFiles, upsertDataFile } from "../../../src/models/problem-data-files.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, section } = useClassroom({
  sandbox: { max: 2 },
  env: { SLATE_SHELLS_PER_USER: "1", SLATE_SHELLS_TOTAL: "3" },
});

const SECRET = "SECRETCODE77ab";

async function problemWith(tests: Partial<NewTestCase>[]) {
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(
    t,
    task.id,
    tests.map((x) => ({ kind: "code", expected: "", ...x })),
  );
  return { problem, tests: await selectTests(t.ctx.db, problem.id) };
}

async function grade(p: { problem: Problem; tests: TestCase[] }, main: string) {
  const dataFiles = await selectDataJobFiles(t.ctx.db, p.problem.id);
  return runTests(t.ctx.sandbox, p.problem, p.tests, [{ name: "main.py", content: main }], "main.py", {
    dataFiles,
  });
}

const ADD = "def add(a, b):\n    return a + b\n";

async function expectNoPass(p: { problem: Problem; tests: TestCase[] }, main: string) {
  const r = await grade(p, main);
  expect(r.tests.map((x) => x.status)).not.toContain("pass");
  expect(r.rawScore).toBe(0);
  const seen = JSON.stringify(presentResult(r, p.tests, "student"));
  expect(seen).not.toContain(SECRET);
  expect(seen).not.toContain("40, 2");
  return r;
}

describe("an object that lies to orderings and arithmetic", () => {
  const LIAR =
    "class Liar:\n    def __sub__(self, other):\n        return 0.0\n    __add__ = __mul__ = __sub__\n    def __lt__(self, other):\n        return True\n    __le__ = __gt__ = __ge__ = __lt__\n    def __bool__(self):\n        return True\ndef add(a, b):\n    return Liar()\n";
  let p: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    p = await problemWith([
      { name: "close", input: "assert abs(add(0.1, 0.2) - 0.3) < 1e-9\n" },
      { name: "range", input: "assert 2 <= add(1, 2) <= 4\n" },
      { name: "difference", input: "assert add(2, 2) - 4 == 0\n" },
      { name: "hidden", input: `assert abs(add(40, 2) - 42) < 1e-9, "${SECRET}"\n`, hidden: 1 },
    ]);
  });

  test("a returned object whose - gives 0.0 and whose < > <= >= say True passes nothing", async () => {
    await expectNoPass(p, LIAR);
  });

  test("an honest program passes the same tests", async () => {
    const r = await grade(p, ADD);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  test("the program's own objects still compare and compute with each other", async () => {
    const q = await problemWith([
      {
        name: "vectors",
        input:
          "a, b = Vec(1, 2), Vec(3, 5)\nassert (a + b).x == 4\nassert (a * 2).y == 4\nassert a < b\nassert sorted([b, a]) == [a, b]\nassert a + b == Vec(4, 7)\n",
      },
    ]);
    const main =
      "class Vec:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n    def __add__(self, o):\n        return Vec(self.x + o.x, self.y + o.y)\n    def __mul__(self, k):\n        return Vec(self.x * k, self.y * k)\n    def __eq__(self, o):\n        return (self.x, self.y) == (o.x, o.y)\n    def __lt__(self, o):\n        return (self.x, self.y) < (o.x, o.y)\n";
    const r = await grade(q, main);
    expect(r.tests[0]!.status).toBe("pass");
  });
});

describe("attacks on the test's process and the harness hold", () => {
  const attacks: Record<string, string> = {
    "SIGSTOP to every other process, so the test would time out":
      "import os, signal\ndef add(a, b):\n    for pid in os.listdir('/proc'):\n        if pid.isdigit() and int(pid) != os.getpid():\n            try:\n                os.kill(int(pid), signal.SIGSTOP)\n            except OSError:\n                pass\n    return 0\n",
    "a setsid'd process left running that stops and kills later tests' processes":
      "import os, signal, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        me = os.getpid()\n        end = time.time() + 20\n        while time.time() < end:\n            for pid in os.listdir('/proc'):\n                if pid.isdigit() and int(pid) not in (me, os.getppid()):\n                    try:\n                        os.kill(int(pid), signal.SIGSTOP)\n                    except OSError:\n                        pass\n            time.sleep(0.01)\n    os._exit(0)\ndef add(a, b):\n    return 0\n",
    "writing a fake result through /proc/<pid>/fd of every process":
      'import os\nline = b\'{"parts": [{"name": "x", "passed": true, "message": ""}]}\'\ndef add(a, b):\n    for pid in os.listdir(\'/proc\'):\n        if not pid.isdigit():\n            continue\n        try:\n            fds = os.listdir(f\'/proc/{pid}/fd\')\n        except OSError:\n            continue\n        for fd in fds:\n            try:\n                with open(f\'/proc/{pid}/fd/{fd}\', \'wb\') as f:\n                    f.write(line)\n            except OSError:\n                pass\n    return 0\n',
    "ptrace attach and process_vm_readv/writev on every process":
      "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\nfound = []\ndef add(a, b):\n    buf = ctypes.create_string_buffer(64)\n    for pid in os.listdir('/proc'):\n        if pid.isdigit() and int(pid) != os.getpid():\n            found.append(libc.ptrace(16, int(pid), 0, 0))\n            try:\n                found.append(open(f'/proc/{pid}/mem', 'rb').read(8))\n            except OSError:\n                pass\n            try:\n                found.append(open(f'/proc/{pid}/environ', 'rb').read())\n            except OSError:\n                pass\n    print(found)\n    return 0\n",
    "patching unittest, math, json and builtins through sys.modules at import":
      "import sys, math, json, builtins, unittest, types\nmath.isclose = lambda *a, **k: True\njson.dumps = lambda *a, **k: '{\"parts\": [{\"name\": \"x\", \"passed\": true}]}'\nunittest.TestCase.assertEqual = lambda *a, **k: None\nfake = types.ModuleType('builtins')\nfake.__dict__.update(vars(builtins))\nfake.AssertionError = KeyboardInterrupt\nsys.modules['builtins'] = fake\nfor name in list(sys.modules):\n    if name.startswith('harness') or name == '__main__':\n        sys.modules[name] = fake\ndef add(a, b):\n    return 0\n",
    "a module-level __getattr__": "def __getattr__(name):\n    return lambda *a, **k: 0\n",
    "an object whose __class__ claims to be int":
      "class Fake:\n    @property\n    def __class__(self):\n        return int\n    def __eq__(self, o):\n        return True\n    def __int__(self):\n        return 3\n    def __index__(self):\n        return 3\n    __hash__ = object.__hash__\ndef add(a, b):\n    return Fake()\n",
    "an object whose repr raises and whose hash lies":
      "class Bad:\n    def __repr__(self):\n        raise SystemExit(0)\n    def __hash__(self):\n        return hash(3)\n    def __eq__(self, o):\n        return True\ndef add(a, b):\n    return Bad()\n",
    "a thread that keeps answering after the module loaded":
      'import threading, os\ndef spin():\n    while True:\n        for fd in range(3, 64):\n            try:\n                os.write(fd, b\'{"parts": [{"name": "x", "passed": true, "message": ""}]}\')\n            except OSError:\n                pass\nthreading.Thread(target=spin, daemon=True).start()\ndef add(a, b):\n    return 0\n',
  };
  let hostile: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    hostile = await problemWith([
      { name: "visible", input: "assert add(1, 2) == 3\n" },
      { name: "visible 2", input: "assert add(2, 2) == 4\n" },
      { name: "hidden", input: `assert add(40, 2) == 42, "${SECRET}"\n`, hidden: 1 },
    ]);
  });

  for (const [name, main] of Object.entries(attacks)) {
    test(name, async () => {
      await expectNoPass(hostile, main);
    });
  }

  test("an honest program passes them (the tests can pass)", async () => {
    const r = await grade(hostile, ADD);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass", "pass"]);
  });
});

describe("a problem's data files cannot be replaced by the program", () => {
  // The teacher's test computes its expectation from the data file; a program that swaps the file for
  // one of its own (or renames it away) and answers for that content must not pass.
  let p: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    p = await problemWith([
      {
        name: "total",
        input: "expected = sum(map(int, open('nums.txt').read().split()))\nassert total() == expected\n",
      },
      {
        name: "hidden",
        input: `expected = sum(map(int, open('nums.txt').read().split()))\nassert total() == expected, "${SECRET}"\n`,
        hidden: 1,
      },
    ]);
    await upsertDataFile(t.ctx.db, p.problem.id, "nums.txt", new TextEncoder().encode("40 2\n"), 1);
  });

  const swaps: Record<string, string> = {
    "unlinking it and writing a new one":
      "import os\ntry:\n    os.unlink('nums.txt')\nexcept OSError:\n    pass\ntry:\n    open('nums.txt', 'w').write('0')\nexcept OSError:\n    pass\ndef total():\n    return 0\n",
    "making the directory writable and renaming it away":
      "import os\ntry:\n    os.chmod('.', 0o777)\n    os.rename('nums.txt', 'old.txt')\nexcept OSError:\n    pass\ntry:\n    os.symlink('/dev/null', 'nums.txt')\nexcept OSError:\n    pass\ndef total():\n    return 0\n",
    "chmod of the file itself":
      "import os\ntry:\n    os.chmod('nums.txt', 0o666)\n    open('nums.txt', 'w').write('0')\nexcept OSError:\n    pass\ndef total():\n    return 0\n",
  };
  for (const [name, main] of Object.entries(swaps)) {
    test(name, async () => {
      await expectNoPass(p, main);
    });
  }

  test("an honest program that reads the file passes", async () => {
    const main = "def total():\n    return sum(map(int, open('nums.txt').read().split()))\n";
    const r = await grade(p, main);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass"]);
  });
});

describe("a file the test checks cannot be a window into the harness", () => {
  // The harness reads the file the program wrote; as a link to /proc/self/... it would read its own
  // stdin (every later test's frame, hidden ones too) into what a visible test shows.
  let p: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    const task = await seedTask(t, section.id);
    const problem = await seedSumProblem(t, task.id, [
      {
        name: "writes out.txt",
        input: "",
        expected: "",
        expected_files: JSON.stringify([{ name: "out.txt", content: "9\n" }]),
      },
      {
        name: "adds a file",
        input: "",
        expected: "",
        files: JSON.stringify([{ name: "in.txt", content: "4 5\n" }]),
        expected_files: JSON.stringify([{ name: "out.txt", content: "9\n" }]),
      },
      { name: "hidden", input: `40 2 ${SECRET}\n`, expected: "42\n", hidden: 1 },
    ]);
    p = { problem, tests: await selectTests(t.ctx.db, problem.id) };
  });

  const windows: Record<string, string> = {
    "a link to the harness's stdin": "import os\nos.symlink('/proc/self/fd/0', 'out.txt')\n",
    "a link to the harness's memory map and environment":
      "import os\nos.symlink('/proc/self/maps', 'out.txt')\nos.symlink('/proc/self/environ', 'in.txt')\n",
    "a FIFO that would hang the harness": "import os\nos.mkfifo('out.txt')\n",
    "a link through which the harness would write a test's file into its own stdout":
      "import os, time\nif os.fork() == 0:\n    os.setsid()\n    end = time.time() + 5\n    while time.time() < end:\n        try:\n            os.symlink('/proc/self/fd/1', 'in.txt')\n        except OSError:\n            pass\n    os._exit(0)\n",
  };
  for (const [name, main] of Object.entries(windows)) {
    test(name, async () => {
      const r = await grade(p, main);
      expect(r.tests.map((x) => x.status)).not.toContain("pass");
      const seen = JSON.stringify(presentResult(r, p.tests, "student"));
      expect(seen).not.toContain(SECRET);
      expect(seen).not.toContain("40 2");
      expect(seen).not.toContain("timeLimitMs");
    });
  }

  test("an honest program's files are read", async () => {
    const main =
      "import os\nif os.path.exists('in.txt'):\n    a, b = map(int, open('in.txt').read().split())\n    open('out.txt', 'w').write(f'{a + b}\\n')\nelse:\n    open('out.txt', 'w').write('9\\n')\n    try:\n        print(sum(map(int, input().split()[:2])))\n    except EOFError:\n        pass\n";
    const r = await grade(p, main);
    expect(r.tests.map((x) => x.status)).toEqual(["pass", "pass", "pass"]);
  });
});

describe("a function test's forged result", () => {
  // The child that calls the function is the student's process: it can write any result to its pipe.
  let p: { problem: Problem; tests: TestCase[] };
  beforeAll(async () => {
    const task = await seedTask(t, section.id);
    const typed = (args: string, expected: string) => ({
      kind: "io" as const,
      value_format: "python" as const,
      input: "",
      expected: "",
      input_typed: args,
      expected_typed: expected,
    });
    const problem = await seedSumProblem(
      t,
      task.id,
      [
        { name: "int", ...typed('["l", [["i", "40"], ["i", "2"]]]', '["i", "42"]') },
        { name: "tuple", ...typed('["l", [["i", "1"], ["i", "2"]]]', '["t", [["i", "1"], ["i", "2"]]]') },
        {
          name: "hidden",
          hidden: 1,
          ...typed('["l", [["i", "5"], ["i", "5"]]]', '["d", [[["s", "k"], ["f", 0.5]]]]'),
        },
      ],
      { kind: "function", function_name: "add", function_params: JSON.stringify(["a", "b"]) },
    );
    p = { problem, tests: await selectTests(t.ctx.db, problem.id) };
  });

  const forge = (typed: string) =>
    `import os\ndef add(a, b):\n    line = '{"typed": ${typed}, "repr": "42"}'\n    for fd in range(3, 64):\n        try:\n            os.write(fd, line.encode())\n        except OSError:\n            pass\n    os._exit(0)\n`;
  const forgeries: Record<string, string> = {
    "digits the host cannot read": forge('["i", "zz"]'),
    "an unknown tag": forge('["r", 0]'),
    "a NaN float": forge('["f", "nan"]'),
    "a malformed set and dict": forge('["d", "x"]'),
    "a deeply nested list": forge(`${'["l", ['.repeat(3000)}${"]]".repeat(3000)}`),
    "an opaque object": forge('["o", "int", "42"]'),
  };
  for (const [name, main] of Object.entries(forgeries)) {
    test(name, async () => {
      const r = await grade(p, main);
      expect(r.tests.map((x) => x.status)).not.toContain("pass");
      expect(r.rawScore).toBe(0);
    });
  }

  test("an honest function passes the int and the tuple", async () => {
    const r = await grade(p, "def add(a, b):\n    return a + b if a != 1 else (a, b)\n");
    expect(r.tests.slice(0, 2).map((x) => x.status)).toEqual(["pass", "pass"]);
  });
});

describe("the shell's caps", () => {
  test("shells opened at once while the shells' pool starts still count against the cap per user", async () => {
    // The first shell starts the pool (seconds); requests arriving meanwhile had all passed the check.
    const tries = await Promise.allSettled([1, 2, 3].map(() => t.ctx.shells.open(4242, [], null)));
    const opened = tries.filter((x) => x.status === "fulfilled");
    const refused = tries.filter((x) => x.status === "rejected");
    for (const x of opened) x.value.stop("stopped");
    expect(opened.length).toBe(1);
    expect(refused.map((x) => (x as PromiseRejectedResult).reason instanceof ShellLimitError)).toEqual([
      true,
      true,
    ]);
    expect(t.ctx.shells.openCount(4242)).toBeLessThanOrEqual(1);
  }, 120_000);
});
