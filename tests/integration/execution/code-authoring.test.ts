// Python test code in the problem editor and the Markdown export: a teacher adds a code test with the
// form, the reference run uses it, the export holds it as "### Test code" and imports back unchanged.
import { beforeAll, describe, expect, test } from "bun:test";
import { parseProblems } from "../../../src/features/problems/problem-markdown.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { idFrom, postForm, problemForm, submitTaskForm } from "../../helpers/forms.ts";

const { t, teacher, section } = useClassroom({ sandbox: {}, teacher: "alice" });
let problemId: number;

const CODE = "def test_add():\n    assert add(2, 3) == 5\n\ndef test_wrong():\n    assert add(1, 1) == 3\n";

beforeAll(async () => {
  const taskId = await submitTaskForm(teacher, section.id, { title: "Week 1", late_policy: "none" });
  const body = problemForm(
    { title: "Add", statement: "", kind: "function", function_name: "add", function_params: "a, b" },
    { solution: [["main.py", "def add(a, b):\n    return a + b\n"]] },
  );
  const res = await postForm(teacher, `/manage/tasks/${taskId}/problems/new`, body);
  expect(res.status).toBe(303);
  problemId = idFrom(res);
});

const addTest = (form: Record<string, string>) =>
  teacher.post(`/manage/problems/${problemId}/tests/new`, {
    points: "2",
    compare: "trim",
    tolerance: "",
    message: "",
    input: "",
    expected: "",
    ...form,
  });

describe("code tests in the editor", () => {
  test("the form offers the kind and saves the code; empty code is refused with a clear message", async () => {
    const form = await (await teacher.get(`/manage/problems/${problemId}/tests/new`)).text();
    expect(form).toContain('name="kind" value="code"');
    expect(form).toContain("Test code (Python)");
    const empty = await addTest({ name: "empty", kind: "code", code: "  " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Write the test code");
    expect((await addTest({ name: "two checks", kind: "code", code: CODE })).status).toBe(303);
    const row = t.ctx.sqlite
      .query<{ kind: string; input: string; expected: string }, []>(
        "SELECT kind, input, expected FROM test_cases WHERE name = 'two checks'",
      )
      .get()!;
    expect(row).toEqual({ kind: "code", input: CODE.trimEnd(), expected: "" });
    const edit = await (
      await teacher.get(
        `/manage/problems/${problemId}/tests/${t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM test_cases WHERE name = 'two checks'").get()!.id}`,
      )
    ).text();
    expect(edit).toContain("assert add(2, 3) == 5");
  });

  test("the reference run shows each check, with the failed assertion's values", async () => {
    const html = await (
      await teacher.post(`/manage/problems/${problemId}/reference`, {}, { "hx-request": "true" })
    ).text();
    expect(html).toContain("test_add");
    expect(html).toContain("test_wrong");
    expect(html).toContain("left:  2");
    expect(html).toContain("right: 3");
    expect(html).toContain("1/2");
  });

  test("export -> import -> export keeps the code test exactly", async () => {
    await addTest({ name: "json call", kind: "io", input: "[1, 2]", expected: "3" });
    const text = await (await teacher.get(`/manage/problems/${problemId}/export.md`)).text();
    expect(text).toContain("kind: code");
    expect(text).toContain("### Test code\n\n```python\ndef test_add():");
    const parsed = parseProblems(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const tests = parsed.docs[0]!.tests;
    expect(tests.map((x) => x.kind)).toEqual(["code", "io"]);
    expect(tests[0]!.input).toBe(CODE.trimEnd());
  });
});
