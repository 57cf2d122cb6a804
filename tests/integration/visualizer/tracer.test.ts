// sandbox/tracer.py against the real sandbox: every event kind, closures, recursion, classes,
// aliasing, cycles, generators, exceptions, multi-file imports, input(), the step limit, an infinite
// loop, a memory bomb, the output cap and syntax errors. Expected values are written by hand from
// Python Tutor's documented trace format (v3/docs/opt-trace-format.md, pg_encoder.py).
import { describe, expect, test } from "bun:test";
import { decodeTrace, type Trace, type TracePoint } from "../../../src/features/visualizer/codec.ts";
import { type TraceRequest, traceProgram } from "../../../src/features/visualizer/trace-job.ts";
import { useClassroom } from "../../helpers/classroom.ts";

const { t } = useClassroom({ sandbox: { max: 2 } });

async function trace(code: string, more: Partial<TraceRequest> = {}): Promise<Trace> {
  const compact = await traceProgram(t.ctx.sandbox, {
    files: [{ name: "main.py", content: code }, ...(more.files ?? [])],
    main: "main.py",
    maxSteps: 10_000,
    ...more,
    ...(more.files ? { files: [{ name: "main.py", content: code }, ...more.files] } : {}),
  });
  return decodeTrace(compact);
}

const events = (tr: Trace) => tr.trace.map((p) => p.event);
const last = (tr: Trace) => tr.trace.at(-1)!;
const at = (tr: Trace, pred: (p: TracePoint) => boolean) => {
  const p = tr.trace.find(pred);
  if (!p) throw new Error("no such point");
  return p;
};

describe("the documented format", () => {
  test("Python Tutor's first example: one point per line, line = the line about to run, a final return", async () => {
    const tr = await trace("x = 5\ny = 10\nz = x + y\n");
    expect(tr.code).toBe("x = 5\ny = 10\nz = x + y\n");
    expect(tr.trace.map((p) => [p.event, p.line, p.func_name])).toEqual([
      ["step_line", 1, "<module>"],
      ["step_line", 2, "<module>"],
      ["step_line", 3, "<module>"],
      ["return", 3, "<module>"],
    ]);
    expect(tr.trace[1]!.globals).toEqual({ x: 5 });
    expect(last(tr).globals).toEqual({ x: 5, y: 10, z: 15 });
    expect(last(tr).ordered_globals).toEqual(["x", "y", "z"]);
    for (const p of tr.trace) expect(p.stack_to_render).toEqual([]);
  });

  test("heap objects: LIST, TUPLE, DICT with REF ids in order of first appearance; heap-to-heap refs", async () => {
    const tr = await trace(
      "x = [1, 2, 3]\ny = ('Alice', 'Bob')\nz = {'carrot': 'vegetable'}\nc = (1, (2, None))\nd = (1, c)\n",
    );
    const end = last(tr);
    expect(end.globals).toEqual({
      x: ["REF", 1],
      y: ["REF", 2],
      z: ["REF", 3],
      c: ["REF", 4],
      d: ["REF", 6],
    });
    expect(end.heap).toEqual({
      "1": ["LIST", 1, 2, 3],
      "2": ["TUPLE", "Alice", "Bob"],
      "3": ["DICT", ["carrot", "vegetable"]],
      "4": ["TUPLE", 1, ["REF", 5]],
      "5": ["TUPLE", 2, null],
      "6": ["TUPLE", 1, ["REF", 4]],
    });
  });

  test("the same program gives the same trace (ids are not id() values; sets are ordered)", async () => {
    const code = "s = {'pear', 'apple', 'fig'}\nd = {'k': [s, s]}\nclass A:\n    pass\na = A()\na.me = a\n";
    const one = await trace(code);
    const two = await trace(code);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(last(one).heap["1"]).toEqual(["SET", "apple", "fig", "pear"]);
  });

  test("call and return: frames with the documented fields, __return__, is_highlighted on the top frame", async () => {
    const tr = await trace(
      "def foo(x, y, z):\n    return bar(x, y)\n\ndef bar(a, b):\n    return baz(a)\n\ndef baz(c):\n    return c\n\nresult = foo(1, 2, 3)\n",
    );
    const ret = at(tr, (p) => p.event === "return" && p.func_name === "baz");
    expect(ret.line).toBe(8);
    expect(ret.stack_to_render.map((f) => [f.func_name, f.frame_id, f.is_highlighted])).toEqual([
      ["foo", 1, false],
      ["bar", 2, false],
      ["baz", 3, true],
    ]);
    const baz = ret.stack_to_render[2]!;
    expect(baz).toEqual({
      func_name: "baz",
      file: "main.py",
      frame_id: 3,
      encoded_locals: { c: 1, __return__: 1 },
      ordered_varnames: ["c", "__return__"],
      is_highlighted: true,
      is_parent: false,
      is_zombie: false,
      parent_frame_id_list: [],
      unique_hash: "baz_f3",
    });
    expect(ret.heap["1"]).toEqual(["FUNCTION", "foo(x, y, z)", null]);
    expect(events(tr).filter((e) => e === "call")).toHaveLength(3);
    expect(events(tr).filter((e) => e === "return")).toHaveLength(4); // three functions and the module
    expect(last(tr).globals.result).toBe(1);
  });

  test("closures: the parent frame is_parent with _p, the function's parent id, parent_frame_id_list", async () => {
    const tr = await trace(
      "def foo(y):\n    def bar(x):\n        return x + y\n    return bar\n\nadd = foo(1)\nadd(5)\n",
    );
    const inner = at(tr, (p) => p.event === "call" && p.func_name === "bar");
    expect(inner.heap["2"]).toEqual(["FUNCTION", "bar(x)", 1]);
    const bar = inner.stack_to_render.find((f) => f.func_name === "bar")!;
    expect(bar.parent_frame_id_list).toEqual([1]);
    expect(bar.encoded_locals).toEqual({ x: 5 }); // y is shown in foo's frame
    const foo = inner.stack_to_render.find((f) => f.func_name === "foo")!;
    expect(foo.is_parent).toBe(true);
    expect(foo.is_zombie).toBe(true); // foo returned; its frame lives on for bar
    expect(foo.unique_hash).toBe("foo_f1_p_z");
    expect(foo.encoded_locals.y).toBe(1);
  });

  test("recursion: one frame per call, in order, each with its own n", async () => {
    const tr = await trace(
      "def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\n\nprint(fact(4))\n",
    );
    const deepest = at(
      tr,
      (p) => p.event === "return" && p.stack_to_render.filter((f) => !f.is_zombie).length === 4,
    );
    const live = deepest.stack_to_render.filter((f) => !f.is_zombie);
    expect(live.map((f) => f.encoded_locals.n)).toEqual([4, 3, 2, 1]);
    expect(live.at(-1)!.encoded_locals.__return__).toBe(1);
    expect(last(tr).stdout).toBe("24\n");
  });

  test("classes and instances: CLASS with superclasses, INSTANCE with attributes, methods as FUNCTION", async () => {
    const tr = await trace(
      "class Animal:\n    pass\nclass Dog(Animal):\n    def __init__(self, name):\n        self.name = name\n        self.tricks = []\nrex = Dog('Rex')\nrex.tricks.append('sit')\n",
    );
    const end = last(tr);
    const dog = end.heap[String((end.globals.Dog as ["REF", number])[1])]!;
    expect(dog.slice(0, 3)).toEqual(["CLASS", "Dog", ["Animal"]]);
    expect(dog[3]).toEqual(["__init__", expect.arrayContaining(["REF"])]);
    const rex = end.heap[String((end.globals.rex as ["REF", number])[1])]!;
    expect(rex[0]).toBe("INSTANCE");
    expect(rex[1]).toBe("Dog");
    expect(rex[2]).toEqual(["name", "Rex"]);
    const tricks = end.heap[String(((rex[3] as unknown[])[1] as ["REF", number])[1])];
    expect(tricks).toEqual(["LIST", "sit"]);
  });

  test("aliasing: two names, one list, one heap id; cycles refer back to themselves", async () => {
    const tr = await trace("a = [1, 2]\nb = a\nb.append(3)\nc = [0]\nc.append(c)\n");
    const end = last(tr);
    expect(end.globals.a).toEqual(["REF", 1]);
    expect(end.globals.b).toEqual(["REF", 1]);
    expect(end.heap["1"]).toEqual(["LIST", 1, 2, 3]);
    expect(end.heap["2"]).toEqual(["LIST", 0, ["REF", 2]]);
  });

  test("generators: the generator's frame is called and returns at each yield, with the same frame id", async () => {
    const tr = await trace(
      "def count(n):\n    i = 0\n    while i < n:\n        yield i\n        i += 1\n\nfor v in count(2):\n    print(v)\n",
    );
    const calls = tr.trace.filter((p) => p.event === "call" && p.func_name === "count");
    expect(calls.length).toBe(3); // started, resumed twice
    const ids = new Set(calls.map((p) => p.stack_to_render.find((f) => f.func_name === "count")!.frame_id));
    expect(ids.size).toBe(1);
    const yielded = tr.trace.filter((p) => p.event === "return" && p.func_name === "count");
    expect(yielded.map((p) => p.stack_to_render.at(-1)!.encoded_locals.__return__)).toEqual([0, 1, null]);
    expect(last(tr).stdout).toBe("0\n1\n");
  });

  test("exceptions: caught ones are `exception` points; an uncaught one ends with uncaught_exception", async () => {
    const tr = await trace("try:\n    1 / 0\nexcept ZeroDivisionError:\n    pass\nx = [1]\nx[5]\n");
    const caught = at(tr, (p) => p.event === "exception");
    expect(caught.line).toBe(2);
    expect(caught.exception_msg).toBe("ZeroDivisionError: division by zero");
    const end = last(tr);
    expect(end.event).toBe("uncaught_exception");
    expect(end.line).toBe(6);
    expect(end.exception_msg).toBe("IndexError: list index out of range");
    expect(end.globals.x).toEqual(["REF", 1]);
  });
});

describe("programs", () => {
  test("multi-file: the user's own module is traced (with its file), the standard library is not", async () => {
    const tr = await trace("import helper\nimport json\nprint(helper.double(json.loads('4')))\n", {
      files: [{ name: "helper.py", content: "def double(n):\n    m = n * 2\n    return m\n" }],
    });
    const inHelper = tr.trace.filter((p) => p.file === "helper.py");
    expect(inHelper.length).toBeGreaterThan(0);
    const call = at(tr, (p) => p.event === "call" && p.func_name === "double");
    expect(call.file).toBe("helper.py");
    expect(call.line).toBe(1);
    expect(call.stack_to_render.at(-1)).toMatchObject({ func_name: "double", file: "helper.py" });
    expect(tr.trace.some((p) => p.file !== "main.py" && p.file !== "helper.py")).toBe(false);
    expect(last(tr).stdout).toBe("8\n");
    expect(last(tr).globals.helper).toEqual(["REF", expect.any(Number)]);
    const mod = last(tr).heap[String((last(tr).globals.helper as ["REF", number])[1])];
    expect(mod).toEqual(["module", "helper"]);
  });

  test("input() reads the text given up front, echoed in the output as a terminal shows it", async () => {
    const tr = await trace("name = input('Name? ')\nage = int(input())\nprint(name, age + 1)\n", {
      stdin: "Ada\n36\n",
    });
    expect(last(tr).stdout).toBe("Name? Ada\n36\nAda 37\n");
    expect(last(tr).globals).toEqual({ name: "Ada", age: 36 });
  });

  test("input() without enough text: EOFError, as in a plain run", async () => {
    const tr = await trace("x = input()\n");
    expect(last(tr).event).toBe("uncaught_exception");
    expect(last(tr).exception_msg).toBe("EOFError: EOF when reading a line");
  });

  test("the step limit: the last point says stopped after N steps", async () => {
    const tr = await trace("n = 0\nwhile True:\n    n += 1\n", { maxSteps: 500 });
    expect(tr.trace.length).toBe(501);
    const end = last(tr);
    expect(end.event).toBe("instruction_limit_reached");
    expect(end.limit).toBe("steps");
    expect(end.exception_msg).toContain("Stopped after 500 steps");
    expect(typeof end.globals.n).toBe("number");
  });

  test("an infinite loop that never reaches a new line (a sleep) still returns its trace up to there", async () => {
    const tr = await trace("import time\nx = 1\ntime.sleep(60)\n", { wallSeconds: 3 });
    const end = last(tr);
    expect(end.event).toBe("instruction_limit_reached");
    expect(end.limit).toBe("time");
    expect(end.exception_msg).toContain("time limit");
    expect(tr.trace.at(-2)!.line).toBe(3);
    expect(tr.trace.at(-2)!.globals.x).toBe(1);
  });

  test("a memory bomb ends the trace with the reason, the points before it kept", async () => {
    const tr = await trace("a = 1\nb = []\nwhile True:\n    b.append(' ' * 10_000_000)\n");
    const end = last(tr);
    expect(["uncaught_exception", "instruction_limit_reached"]).toContain(end.event);
    expect(end.exception_msg).toMatch(/MemoryError|memory/);
    expect(tr.trace.some((p) => p.globals.a === 1)).toBe(true);
  });

  test("output over the cap is cut with a note", async () => {
    const tr = await trace("for i in range(3000):\n    print('x' * 100)\n", { maxSteps: 10_000 });
    const out = last(tr).stdout;
    expect(out.length).toBeLessThan(70 * 1024);
    expect(out).toContain("[output cut: more than 65536 characters]");
  });

  test("a syntax error gives exactly one uncaught_exception point on its line", async () => {
    const tr = await trace("x = 1\nif x\n    print(x)\n");
    expect(tr.trace).toHaveLength(1);
    expect(tr.trace[0]).toMatchObject({ event: "uncaught_exception", line: 2 });
    expect(tr.trace[0]!.exception_msg).toContain("SyntaxError");
  });

  test("a function test's call is traced after the module, with its result", async () => {
    const tr = await trace(
      "def add(a, b):\n    return a + b\n\nif __name__ == '__main__':\n    print('not in tests')\n",
      {
        call: { function: "add", args: [2, 3] },
      },
    );
    expect(at(tr, (p) => p.event === "call").stack_to_render.at(-1)!.encoded_locals).toEqual({ a: 2, b: 3 });
    expect(last(tr).result).toBe("5");
    expect(last(tr).stdout).toBe("");
  });

  test("render primitives on the heap: HEAP_PRIMITIVE objects", async () => {
    const tr = await trace("x = 5\ny = 'hi'\n", { heapPrimitives: true });
    const end = last(tr);
    const [, xid] = end.globals.x as ["REF", number];
    expect(end.heap[String(xid)]).toEqual(["HEAP_PRIMITIVE", "int", 5]);
  });

  test("a 10,000-step trace of a 200-element list stays compact", async () => {
    const code =
      "data = list(range(200))\nfor r in range(100):\n    for i in range(200):\n        data[i] = (data[i] * 7 + r) % 1000\n";
    const compact = await traceProgram(t.ctx.sandbox, {
      files: [{ name: "main.py", content: code }],
      main: "main.py",
      maxSteps: 10_000,
    });
    expect(compact.points.length).toBe(10_001);
    const gz = Bun.gzipSync(JSON.stringify(compact));
    expect(gz.byteLength / compact.points.length).toBeLessThan(300);
    const tr = decodeTrace(compact);
    const p = tr.trace[5000]!;
    expect((p.heap["1"] as unknown[]).length).toBe(201);
  });
});
