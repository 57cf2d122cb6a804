// Hidden tests stay hidden from a hostile student. Markers are planted in the hidden tests' inputs and
// expected values of a stdin problem and a function problem; more than 30 hostile submissions then
// try every way out (reading stdin to the end, shadowing the harness's modules, writing to inherited
// descriptors, walking frames with inspect and gc, claiming another test's result, exiting early with
// os._exit, reading the harness's memory), and no response, fragment, SSE event or export that the
// student can reach may contain a marker. The teacher's view does contain them: the test can fail.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Problem, Task } from "../../../src/db/tables/problems.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const IN = "HIDDENINPUT7f3a"; // in the hidden tests' input (it does enter the sandbox)
const OUT = "HIDDENEXPECTED9c1b"; // in the hidden tests' expected value (it never should)
const MARKERS = [IN, OUT, "HIDDENINPUT", "HIDDENEXPECTED"];

const { t, teacher, section } = useClassroom({
  sandbox: { max: 2, grading: true },
  env: { SLATE_RUNS_PER_MINUTE: "1000" },
});
let student: Client;
let sectionId: number;
let task: Task;
let stdinProblem: Problem;
let fnProblem: Problem;
let visibleStdinId: number;
let visibleFnId: number;
const reached: { what: string; body: string }[] = [];

beforeAll(async () => {
  sectionId = section.id;
  student = (await registerStudent(t, section.code, "mallory")).client;
  task = await seedTask(t, sectionId, { leaderboard: 1 });
  stdinProblem = await seedSumProblem(t, task.id, [
    { name: "visible", input: "1\n", expected: "1\n" },
    { name: "hidden one", input: `${IN}-a\n`, expected: `${OUT}-a\n`, hidden: 1, message: "Think." },
    { name: "hidden two", input: `${IN}-b\n${IN}\n`, expected: `${OUT}-b\n`, hidden: 1 },
  ]);
  fnProblem = await seedSumProblem(
    t,
    task.id,
    [
      { name: "visible", input: "[1]", expected: "1" },
      { name: "hidden", input: JSON.stringify([`${IN}-f`]), expected: JSON.stringify(`${OUT}-f`), hidden: 1 },
    ],
    { title: "Echo", kind: "function", function_name: "f", function_params: JSON.stringify(["x"]) },
  );
  const ids = (p: Problem) =>
    t.ctx.sqlite.query("SELECT id FROM test_cases WHERE problem_id = ? AND hidden = 0").get(p.id) as {
      id: number;
    };
  visibleStdinId = ids(stdinProblem).id;
  visibleFnId = ids(fnProblem).id;
});

/** A fake harness line claiming the visible test, with whatever the attacker found. */
const fakeLine = (id: () => number, found: string) =>
  `'{"id": ${id()}, "status": "ok", "stdout": ' + json.dumps(${found}) + ', "stderr": "", "ms": 1, "value": ' + json.dumps(${found}) + '}\\n'`;

const DRAIN_STDIN = `
import os, json
data = b""
try:
    while chunk := os.read(0, 65536):
        data += chunk
except OSError:
    pass
`;

/** A module named after one the harness (or supervisor) uses: if imported there, it owns the harness. */
const shadowModule = (id: () => number) => `${DRAIN_STDIN}
line = ${fakeLine(id, 'data.decode("utf-8", "replace")')}
for fd in range(1, 64):
    try:
        os.write(fd, line.encode())
    except OSError:
        pass
`;

const ECHO = "print(input())\n";

type Files = () => Record<string, string>;

const STDIN_ATTACKS: Record<string, Files> = {};
for (const mod of [
  "ast",
  "ctypes",
  "json",
  "inspect",
  "traceback",
  "types",
  "select",
  "signal",
  "resource",
  "os",
  "sys",
  "io",
  "runpy",
  "encodings",
  "time",
  "builtins",
]) {
  STDIN_ATTACKS[`shadows ${mod}`] = () => ({
    "main.py": ECHO,
    [`${mod}.py`]: shadowModule(() => visibleStdinId),
  });
}
Object.assign(STDIN_ATTACKS, {
  "reads stdin to the end": () => ({ "main.py": "import sys\nprint(sys.stdin.read())\n" }),
  "writes fake results to every inherited descriptor": () => ({
    "main.py": `${DRAIN_STDIN}\nline = ${fakeLine(() => visibleStdinId, "data.decode()")}\nfor fd in range(0, 256):\n    try:\n        os.write(fd, line.encode())\n    except OSError:\n        pass\n`,
  }),
  "walks the frames": () => ({
    "main.py":
      "import sys\ninput()\nf = sys._getframe()\nwhile f:\n    print(repr(f.f_locals)[:5000], repr(f.f_globals.keys()))\n    f = f.f_back\n",
  }),
  "inspects the stack": () => ({
    "main.py":
      "import inspect\nprint(input())\nfor fr in inspect.stack():\n    print(fr.filename, repr(fr.frame.f_locals)[:5000])\n",
  }),
  "collects every string with gc": () => ({
    "main.py":
      "import gc\nx = input()\nfound = [o for o in gc.get_objects() if isinstance(o, (dict, list))]\nprint(x, repr(found)[:60000])\n",
  }),
  "exits early with os._exit after a fake pass": () => ({
    "main.py": `import os, json\nx = input()\nos.write(1, (x + "\\n").encode())\nos.write(1, (${fakeLine(() => visibleStdinId, "x")}).encode())\nos._exit(0)\n`,
  }),
  "prints fake harness lines": () => ({
    "main.py": `import json\nx = input()\nprint(x)\nprint(${fakeLine(() => visibleStdinId, "x")})\n`,
  }),
  "reads the harness's descriptors and memory through /proc": () => ({
    "main.py": `import os\nprint(input())\nfor p in ("/proc/%d/fd/0" % os.getppid(), "/proc/%d/mem" % os.getppid(), "/proc/%d/environ" % os.getppid(), "/proc/%d/cmdline" % os.getppid()):\n    try:\n        with open(p, "rb") as f:\n            print(p, f.read(4096))\n    except OSError as e:\n        print(p, e)\n`,
  }),
  "attaches to the harness with ptrace and process_vm_readv": () => ({
    "main.py":
      "import ctypes, os\nprint(input())\nlibc = ctypes.CDLL(None, use_errno=True)\nprint('ptrace', libc.ptrace(16, os.getppid(), 0, 0), ctypes.get_errno())\nbuf = ctypes.create_string_buffer(4096)\nclass IOV(ctypes.Structure):\n    _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]\nlocal = IOV(ctypes.addressof(buf), 4096)\nremote = IOV(0x400000, 4096)\nprint('vm', libc.process_vm_readv(os.getppid(), ctypes.byref(local), 1, ctypes.byref(remote), 1, 0))\n",
  }),
  "kills the harness during the hidden tests": () => ({
    "main.py":
      "import os, signal\nx = input()\nprint(x)\nif x != '1':\n    os.kill(os.getppid(), signal.SIGKILL)\n",
  }),
  "leaves a daemon behind to read what comes next": () => ({
    "main.py":
      'import os, sys, time\nx = input()\nprint(x)\nif os.fork() == 0:\n    os.setsid()\n    for _ in range(50):\n        for fd in range(0, 32):\n            try:\n                os.write(fd, b\'{"id": 1, "status": "ok", "stdout": "daemon", "stderr": "", "ms": 1}\\n\')\n            except OSError:\n                pass\n        time.sleep(0.01)\n    os._exit(0)\n',
  }),
  "leaves files for later tests": () => ({
    "main.py":
      "import os\nx = input()\nfor d in ('/tmp', '/work', '/dev/shm'):\n    try:\n        prev = open(d + '/loot').read()\n    except OSError:\n        prev = ''\n    try:\n        open(d + '/loot', 'a').write(x)\n    except OSError:\n        pass\nprint(x if x == '1' else prev)\n",
  }),
  "rewrites the harness file": () => ({
    "main.py": "x = input()\nopen('_slate_grader.py', 'w').write('print(1)')\nprint(x)\n",
  }),
  "chooses error or wrong answer per hidden character": () => ({
    "main.py":
      "x = input()\nif x == '1':\n    print(1)\nelif x[0] == 'H':\n    raise SystemExit(3)\nelse:\n    print('no')\n",
  }),
  "prints the input to stderr and floods stdout": () => ({
    "main.py":
      "import sys\nx = input()\nprint(x, file=sys.stderr)\nprint(x)\nif x != '1':\n    print(x * 100000)\n",
  }),
});

const FN_ATTACKS: Record<string, Files> = {
  "claims the visible test's id through the result pipe": () => ({
    "main.py": `import sys, os, json
def f(x):
    frame = sys._getframe(1)
    while frame and "res_w" not in frame.f_locals and "fds" not in frame.f_locals:
        frame = frame.f_back
    fds = frame.f_locals.get("fds") if frame else None
    fd = frame.f_locals.get("res_w", fds[3] if fds else 4) if frame else 4
    os.write(fd, json.dumps({"id": ${visibleFnId}, "value": x, "repr": repr(x), "status": "ok"}).encode())
    os._exit(0)
`,
  }),
  "writes two results": () => ({
    "main.py": `import os, json
def f(x):
    for fd in range(3, 16):
        try:
            os.write(fd, json.dumps({"value": 1, "repr": "1", "id": ${visibleFnId}}).encode())
        except OSError:
            pass
    return x
`,
  }),
  "patches json.dumps to forge the id": () => ({
    "main.py": `import json
real = json.dumps
json.dumps = lambda obj, *a, **k: real(dict(obj, id=${visibleFnId}, stdout=str(obj.get("value"))), *a, **k)
def f(x):
    return x
`,
  }),
  "finds the test frames with gc": () => ({
    "main.py": `import gc
def f(x):
    tests = [o for o in gc.get_objects() if isinstance(o, dict) and "args" in o]
    return [repr(tests)[:20000], x]
`,
  }),
  "returns an object equal to everything": () => ({
    "main.py":
      "class Any:\n    def __eq__(self, other):\n        return True\n    def __repr__(self):\n        return 'Any'\ndef f(x):\n    return Any()\n",
  }),
  "raises with the arguments in the message": () => ({
    "main.py": "def f(x):\n    raise ValueError(repr(x))\n",
  }),
  "exits inside the function": () => ({
    "main.py": "import sys\ndef f(x):\n    print(x)\n    sys.exit(0)\n",
  }),
  "shadows ast beside the function": () => ({
    "main.py": "def f(x):\n    return x\n",
    "ast.py": shadowModule(() => visibleFnId),
  }),
};

function codeBody(files: Record<string, string>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, content] of Object.entries(files)) {
    body.append("names[]", name);
    body.append("contents[]", content);
  }
  body.append("main", "main.py");
  return body;
}

async function keep(what: string, res: Response): Promise<string> {
  const body = await res.text();
  reached.push({ what, body });
  return body;
}

const post = (path: string, files: Record<string, string>) =>
  student.request(path, {
    method: "POST",
    body: codeBody(files),
    headers: { "content-type": "application/x-www-form-urlencoded", "hx-request": "true" },
  });

async function waitGraded(id: number): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    const row = t.ctx.sqlite.query("SELECT status FROM submissions WHERE id = ?").get(id) as {
      status: string;
    };
    if (row.status === "graded" || row.status === "error") return;
    await Bun.sleep(25);
  }
  throw new Error(`submission ${id} was not graded`);
}

/** Submits, waits for the grading, and keeps everything the student can then see of it. */
async function attack(name: string, problem: Problem, files: Record<string, string>): Promise<number> {
  await keep(`${name}: run tests`, await post(`/problems/${problem.id}/run-tests`, files));
  const res = await post(`/problems/${problem.id}/submit`, files);
  const html = await keep(`${name}: submit`, res);
  expect(res.status).toBe(200);
  const id = Number(/\/submissions\/(\d+)\/events/.exec(html)?.[1]);
  await keep(`${name}: events`, await student.get(`/submissions/${id}/events`)); // also while it grades
  await waitGraded(id);
  await keep(`${name}: events after`, await student.get(`/submissions/${id}/events`));
  await keep(`${name}: submission page`, await student.get(`/submissions/${id}`));
  await keep(`${name}: problem page`, await student.get(`/problems/${problem.id}`));
  return id;
}

describe("hidden test data never reaches a hostile student", () => {
  test(`${Object.keys(STDIN_ATTACKS).length} hostile stdin submissions and ${Object.keys(FN_ATTACKS).length} function ones`, async () => {
    const ids: number[] = [];
    for (const [name, files] of Object.entries(STDIN_ATTACKS))
      ids.push(await attack(name, stdinProblem, files()));
    for (const [name, files] of Object.entries(FN_ATTACKS)) ids.push(await attack(name, fnProblem, files()));
    expect(ids.length).toBeGreaterThanOrEqual(30);

    // The pages around them, and the exports (teachers only: a student is refused and sees nothing).
    for (const path of [
      "/",
      `/sections/${sectionId}`,
      `/tasks/${task.id}`,
      `/tasks/${task.id}/leaderboard`,
      "/notifications",
      `/sections/${sectionId}/gradebook/download?format=csv`,
      `/sections/${sectionId}/gradebook/download?format=xlsx`,
      `/sections/${sectionId}/gradebook`,
      `/manage/tasks/${task.id}/submissions`,
    ]) {
      await keep(path, await student.get(path));
    }

    const leaks = reached.filter((r) => MARKERS.some((m) => r.body.includes(m))).map((r) => r.what);
    expect(leaks).toEqual([]);

    // The same submissions as the teacher sees them: the markers are there (so the check above can fail).
    const teacherView = await (await teacher.get(`/submissions/${ids[0]}`)).text();
    expect(teacherView).toContain(IN);
    expect(teacherView).toContain(OUT);
  }, 600_000);

  test("a hidden test's outcome is pass or fail for the student: not error, time limit or wrong answer", async () => {
    const id = await attack("error on hidden only", stdinProblem, {
      "main.py": "x = input()\nif x != '1':\n    raise RuntimeError('boom')\nprint(x)\n",
    });
    const page = await (await student.get(`/submissions/${id}`)).text();
    const hiddenRows = page.split('<details class="test-row').filter((row) => row.includes(">hidden<"));
    expect(hiddenRows.length).toBe(2);
    for (const row of hiddenRows) {
      expect(row).toContain("failed");
      expect(row).not.toMatch(/>error<|time limit|wrong answer|memory limit/);
    }
    const teacherPage = await (await teacher.get(`/submissions/${id}`)).text();
    expect(teacherPage).toContain(">error<"); // teachers keep the detail
  }, 120_000);
});
