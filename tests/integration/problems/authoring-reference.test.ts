// Running the reference solution against every test in the real sandbox: the teacher sees which tests
// fail, with expected and actual output, as a full page and as an htmx fragment.
import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { createSection, createTeacher, setupAdmin } from "../../helpers/client.ts";
import { idFrom, postForm, problemForm, submitTaskForm } from "../../helpers/forms.ts";

const { t, teacher, section } = useClassroom({ sandbox: {}, teacher: "alice" });
let taskId: number;

beforeAll(async () => {
  taskId = await submitTaskForm(teacher, section.id, { title: "Week 1", late_policy: "none" });
});

async function problem(fields: Record<string, string>, solution: string) {
  const body = problemForm({ title: "P", statement: "", ...fields }, { solution: [["main.py", solution]] });
  const res = await postForm(teacher, `/manage/tasks/${taskId}/problems/new`, body);
  expect(res.status).toBe(303);
  return idFrom(res);
}

const addTest = (id: number, form: Record<string, string>) =>
  teacher.post(`/manage/problems/${id}/tests/new`, {
    points: "1",
    compare: "trim",
    tolerance: "",
    message: "",
    ...form,
  });

describe("reference solution", () => {
  test("names the failing tests and shows expected vs actual output, hidden tests included", async () => {
    const id = await problem({ title: "Sum" }, "a = int(input())\nb = int(input())\nprint(a + b)\n");
    expect((await addTest(id, { name: "right", input: "2\n3\n", expected: "5\n" })).status).toBe(303);
    expect((await addTest(id, { name: "wrong expected", input: "1\n1\n", expected: "3" })).status).toBe(303);
    expect(
      (await addTest(id, { name: "hidden right", input: "10\n20\n", expected: "30", hidden: "on" })).status,
    ).toBe(303);

    const page = await teacher.post(`/manage/problems/${id}/reference`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("1 of 3 tests fail with the reference solution: wrong expected.");
    expect(html).toContain("<h1>Run the reference solution</h1>");
    // The failing test's expected and actual output are both there (hidden test data too: teachers only).
    expect(html).toMatch(/<p class="label">Expected<\/p><pre>3<\/pre>/);
    expect(html).toMatch(/<pre>2\n<\/pre>/);
    expect(html).toContain("10\n20\n");

    const fragment = await teacher.post(`/manage/problems/${id}/reference`, {}, { "hx-request": "true" });
    expect(fragment.status).toBe(200);
    const part = await fragment.text();
    expect(part).not.toContain("<html");
    expect(part).toContain("wrong expected");

    // Fix the expected value: everything passes.
    const wrongId = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM test_cases WHERE name = 'wrong expected'")
      .get()!.id;
    await teacher.post(`/manage/problems/${id}/tests/${wrongId}`, {
      name: "wrong expected",
      points: "1",
      input: "1\n1\n",
      expected: "2",
      compare: "trim",
      tolerance: "",
      message: "",
    });
    const fixed = await (
      await teacher.post(`/manage/problems/${id}/reference`, {}, { "hx-request": "true" })
    ).text();
    expect(fixed).toContain("All 3 tests pass with the reference solution (3/3 points).");
  }, 60_000);

  test("a function problem whose solution has the wrong signature says so", async () => {
    const id = await problem(
      { title: "Add", kind: "function", function_name: "add", function_params: "a, b" },
      "def add(a):\n    return a\n",
    );
    expect((await addTest(id, { name: "ints", input: "[1, 2]", expected: "3" })).status).toBe(303);
    const html = await (
      await teacher.post(`/manage/problems/${id}/reference`, {}, { "hx-request": "true" })
    ).text();
    expect(html).toContain("does not pass the checks that run before the tests");
    expect(html).toContain("add must take exactly (a, b)");
  }, 60_000);

  test("without solution files or tests it explains what is missing", async () => {
    const id = await problem({ title: "Empty" }, "print(1)\n");
    const res = await teacher.post(`/manage/problems/${id}/reference`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("This problem has no tests yet: add tests first.");
  });
});

describe("reference solution without a sandbox", () => {
  test("says that code execution is off instead of failing", async () => {
    const off = createTestApp();
    try {
      const admin = await setupAdmin(off);
      const alice = await createTeacher(off, admin, "alice");
      const section = await createSection(off, alice);
      const created = await alice.post(`/manage/sections/${section.id}/tasks/new`, {
        title: "T",
        late_policy: "none",
      });
      const task = Number(created.headers.get("location")?.split("/").pop());
      const body = new URLSearchParams({
        title: "P",
        kind: "stdin",
        main_file: "main.py",
        time_limit_ms: "2000",
        memory_mb: "128",
      });
      body.append("solution_name[]", "main.py");
      body.append("solution_content[]", "print(1)");
      const made = await alice.request(`/manage/tasks/${task}/problems/new`, {
        method: "POST",
        body,
        headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
      });
      const id = idFrom(made);
      await alice.post(`/manage/problems/${id}/tests/new`, {
        name: "t",
        points: "1",
        input: "",
        expected: "1",
      });
      const res = await alice.post(`/manage/problems/${id}/reference`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("Code execution is turned off on this server.");
    } finally {
      off.close();
    }
  });
});
