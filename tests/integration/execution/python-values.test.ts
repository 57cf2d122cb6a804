// Function tests with Python values (issue 18): converted once when saved, in the sandbox, into a typed
// encoding; the student's return value is encoded the same way and the host compares (tuples are not
// lists, sets and dicts with any keys, big integers, None inside tuples, float tolerance). JSON tests
// keep working, and the Markdown import converts Python values too.
import { beforeAll, describe, expect, test } from "bun:test";
import { presentResult } from "../../../src/grading/present.ts";
import { runTests } from "../../../src/grading/service.ts";
import { selectProblemWithTask, selectTests } from "../../../src/models/problem.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { idFrom, postForm, problemForm, submitTaskForm } from "../../helpers/forms.ts";

const { t, teacher, section } = useClassroom({ sandbox: {}, teacher: "alice" });
let taskId: number;
let problemId: number;

const addTest = (form: Record<string, string>) =>
  teacher.post(`/manage/problems/${problemId}/tests/new`, {
    points: "1",
    compare: "trim",
    tolerance: "",
    message: "",
    kind: "io",
    value_format: "python",
    ...form,
  });

beforeAll(async () => {
  taskId = await submitTaskForm(teacher, section.id, { title: "Week 1", late_policy: "none" });
  const body = problemForm(
    { title: "Echo", statement: "", kind: "function", function_name: "f", function_params: "x" },
    { solution: [["main.py", "def f(x):\n    return x\n"]] },
  );
  const res = await postForm(teacher, `/manage/tasks/${taskId}/problems/new`, body);
  problemId = idFrom(res);
});

async function grade(code: string) {
  const found = (await selectProblemWithTask(t.ctx.db, problemId))!;
  const tests = await selectTests(t.ctx.db, problemId);
  const result = await runTests(
    t.ctx.sandbox,
    found.problem,
    tests,
    [{ name: "main.py", content: code }],
    "main.py",
  );
  return {
    result,
    tests,
    byName: new Map(result.tests.map((o) => [tests.find((x) => x.id === o.testId)!.name, o])),
  };
}

describe("Python values in function tests", () => {
  test("saving converts in the sandbox; values that are not Python literals are refused", async () => {
    const cases: [string, string, string][] = [
      ["tuple", "(1, 2)", "(1, 2)"],
      ["set", "{1, 2}", "{2, 1}"],
      ["int keys", "{1: 'a', (2, 3): None}", "{(2, 3): None, 1: 'a'}"],
      ["big int", "2**70", "1180591620717411303424"],
      ["none in tuple", "(None, 1)", "(None, 1)"],
      ["infinity", "float('inf')", "float('inf')"],
      ["float", "0.1 + 0.2", "0.3"],
    ];
    for (const [name, input, expected] of cases) {
      const res = await addTest({ name, input, expected, tolerance: name === "float" ? "1e-9" : "" });
      expect(res.status).toBe(303);
    }
    const typed = t.ctx.sqlite
      .query<{ input_typed: string; expected_typed: string }, []>(
        "SELECT input_typed, expected_typed FROM test_cases WHERE name = 'tuple'",
      )
      .get()!;
    expect(JSON.parse(typed.input_typed)).toEqual([
      "l",
      [
        [
          "t",
          [
            ["i", "1"],
            ["i", "2"],
          ],
        ],
      ],
    ]);
    const bad = await addTest({ name: "bad", input: "__import__('os')", expected: "1" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The arguments: only float()");
    const broken = await addTest({ name: "broken", input: "1", expected: "[1," });
    expect(broken.status).toBe(422);
    expect(await broken.text()).toContain("The expected value: not valid Python");
    expect(
      t.ctx.sqlite.query("SELECT count(*) AS n FROM test_cases WHERE name IN ('bad', 'broken')").get(),
    ).toEqual({ n: 0 });
  });

  test("an echo passes every typed test; the host compares types as Python does", async () => {
    const { byName } = await grade("def f(x):\n    return x\n");
    for (const [name, o] of byName) expect([name, o.status]).toEqual([name, "pass"]);
  });

  test("a list for a tuple, a list for a set, a float far off: wrong answers, shown as Python", async () => {
    const { result, tests, byName } = await grade(
      "def f(x):\n    if isinstance(x, (tuple, set)):\n        return list(x)\n    if isinstance(x, float) and x < 1:\n        return x + 0.001\n    return x\n",
    );
    expect(byName.get("tuple")!.status).toBe("fail");
    expect(byName.get("set")!.status).toBe("fail");
    expect(byName.get("float")!.status).toBe("fail");
    expect(byName.get("big int")!.status).toBe("pass");
    const view = presentResult(result, tests, "student", "function");
    const tuple = view.tests.find((v) => v.name === "tuple")!;
    expect(tuple.data).toEqual({ input: "(1, 2)", expected: "(1, 2)", actual: "[1, 2]", stderr: "" });
  });

  test("an object with an __eq__ that says True to everything does not pass", async () => {
    const { byName } = await grade(
      "class A:\n    def __eq__(self, o):\n        return True\n    __hash__ = object.__hash__\ndef f(x):\n    return A()\n",
    );
    for (const o of byName.values()) expect(o.status).toBe("fail");
  });

  test("JSON tests beside Python ones keep working", async () => {
    expect(
      (await addTest({ name: "json list", input: "[[1, 2]]", expected: "[1, 2]", value_format: "json" }))
        .status,
    ).toBe(303);
    const { byName } = await grade("def f(x):\n    return tuple(x) if isinstance(x, list) else x\n");
    expect(byName.get("json list")!.status).toBe("pass"); // JSON cannot tell a tuple from a list: as before
    expect(byName.get("tuple")!.status).toBe("pass");
  });

  test("the Markdown export keeps Python values and the import converts them again", async () => {
    const text = await (await teacher.get(`/manage/problems/${problemId}/export.md`)).text();
    expect(text).toContain("values: python");
    expect(text).toContain("```python\n{1: 'a', (2, 3): None}\n```");
    const res = await teacher.post(`/manage/tasks/${taskId}/import`, { text });
    expect(res.status).toBe(303);
    const rows = t.ctx.sqlite
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM test_cases WHERE name = 'int keys' AND expected_typed IS NOT NULL",
      )
      .get()!;
    expect(rows.n).toBe(2);
  });
});
