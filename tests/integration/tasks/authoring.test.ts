// Teacher authoring of tasks, problems and tests through the real app: every rule refuses bad input with
// a clear message and changes nothing; other teachers and students get 404s; hidden test data stays on
// teacher pages.
import { describe, expect, test } from "bun:test";
import { MAX_FIELD_BYTES, MAX_TESTS } from "../../../src/features/problems/authoring-rules.ts";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { idFrom, PROBLEM_FORM, postForm, problemForm, submitTaskForm } from "../../helpers/forms.ts";

const { t, admin, teacher, section } = useClassroom({ perTest: true, teacher: "alice", section: "Python 1" });

const row = <T>(sql: string, ...params: (string | number)[]) =>
  t.ctx.sqlite.query<T, (string | number)[]>(sql).get(...params) as T;
const rows = <T>(sql: string, ...params: (string | number)[]) =>
  t.ctx.sqlite.query<T, (string | number)[]>(sql).all(...params) as T[];
const count = (table: string) => countRows(t, table);
/** A row without its ids and times, to compare a copy with its original. */
const strip = (r: Record<string, unknown>) => {
  const { id: _id, task_id: _t, problem_id: _p, created_at: _c, updated_at: _u, ...rest } = r;
  return rest;
};
const problemsOf = (task: number) =>
  rows<Record<string, unknown>>("SELECT * FROM problems WHERE task_id = ? ORDER BY position", task);
const testsOf = (task: number) =>
  rows<Record<string, unknown>>(
    "SELECT t.* FROM test_cases t JOIN problems p ON p.id = t.problem_id WHERE p.task_id = ? ORDER BY p.position, t.position",
    task,
  );
const escaped = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/'/g, "&#39;");

const TASK = {
  title: "Week 1",
  description: "Loops **and** lists",
  starts_at: "",
  due_at: "",
  late_policy: "none",
  late_penalty_pct: "10",
  late_interval_hours: "24",
  late_cap_pct: "100",
  access_code: "",
  max_submissions: "",
  leaderboard: "on",
};

const createTask = (client = teacher, over: Record<string, string> = {}, sectionId = section.id) =>
  submitTaskForm(client, sectionId, { ...TASK, ...over });

const PROBLEM = { title: "Sum", statement: "Read two numbers and print their sum.", ...PROBLEM_FORM };

/** A problem form with files, as the browser sends it (repeated name[] fields). */
const problemBody = (
  over: Record<string, string> = {},
  starter = [["main.py", "a = input()\n"]],
  solution = [["main.py", "print(int(input()) + int(input()))\n"]],
) => problemForm({ ...PROBLEM, ...over }, { starter, solution });

const postBody = postForm;

async function createProblem(
  taskId: number,
  over: Record<string, string> = {},
  starter?: string[][],
  solution?: string[][],
) {
  const res = await postBody(
    teacher,
    `/manage/tasks/${taskId}/problems/new`,
    problemBody(over, starter, solution),
  );
  expect(res.status).toBe(303);
  return idFrom(res);
}

const TEST = {
  name: "small",
  points: "1",
  input: "2\n3\n",
  expected: "5\n",
  compare: "trim",
  tolerance: "",
  message: "",
};

async function addTest(problemId: number, over: Record<string, string> = {}) {
  return teacher.post(`/manage/problems/${problemId}/tests/new`, { ...TEST, ...over });
}

describe("tasks", () => {
  test("a teacher creates a task with a schedule, a penalty and an access code that is stored encrypted", async () => {
    const id = await createTask(teacher, {
      starts_at: "2026-09-01T08:00",
      due_at: "2026-09-08T23:59",
      late_policy: "penalty",
      late_penalty_pct: "12.5",
      late_interval_hours: "24",
      late_cap_pct: "50",
      access_code: "open sesame",
      max_submissions: "5",
      lock_after_first: "on",
      published: "on",
    });
    const task = row<Record<string, unknown>>("SELECT * FROM tasks WHERE id = ?", id);
    expect(task).toMatchObject({
      section_id: section.id,
      title: "Week 1",
      starts_at: Date.UTC(2026, 8, 1, 8, 0),
      due_at: Date.UTC(2026, 8, 8, 23, 59),
      late_policy: "penalty",
      late_penalty_pct: 12.5,
      late_interval_hours: 24,
      late_cap_pct: 50,
      max_submissions: 5,
      lock_after_first: 1,
      published: 1,
      leaderboard: 1,
    });
    expect(String(task.access_code_enc)).toStartWith("v1.");
    expect(String(task.access_code_enc)).not.toContain("sesame");

    const page = await (await teacher.get(`/manage/tasks/${id}`)).text();
    expect(page).toContain("open sesame"); // the teacher reads the code back
    expect(page).toContain("−12.5% per started 24 h, at most −50%");
    expect(page).toContain(`/manage/tasks/${id}/submissions`);
    const edit = await (await teacher.get(`/manage/tasks/${id}/edit`)).text();
    expect(edit).toContain('value="open sesame"');
    expect(edit).toContain('value="2026-09-08T23:59"');

    // Saving unchanged keeps the same ciphertext; clearing the code removes it.
    const values = {
      ...TASK,
      starts_at: "2026-09-01T08:00",
      due_at: "2026-09-08T23:59",
      late_policy: "penalty",
      late_penalty_pct: "12.5",
      late_interval_hours: "24",
      late_cap_pct: "50",
      access_code: "open sesame",
      max_submissions: "5",
    };
    expect((await teacher.post(`/manage/tasks/${id}`, values)).status).toBe(303);
    expect(row<{ c: string }>("SELECT access_code_enc AS c FROM tasks WHERE id = ?", id).c).toBe(
      String(task.access_code_enc),
    );
    expect((await teacher.post(`/manage/tasks/${id}`, { ...values, access_code: "" })).status).toBe(303);
    expect(
      row<{ c: string | null; p: number }>(
        "SELECT access_code_enc AS c, published AS p FROM tasks WHERE id = ?",
        id,
      ),
    ).toEqual({
      c: null,
      p: 0,
    });
  });

  test("a new access code asks students again; saving the task with the same code does not", async () => {
    const values = { ...TASK, access_code: "first", published: "on" };
    const id = await createTask(teacher, values);
    const { client: student } = await registerStudent(t, section.code, "bob");
    const unlocked = async () => !(await (await student.get(`/tasks/${id}`)).text()).includes("Access code");
    expect(await unlocked()).toBe(false);
    await student.post(`/tasks/${id}/unlock`, { code: "first" });
    expect(await unlocked()).toBe(true);

    expect((await teacher.post(`/manage/tasks/${id}`, { ...values, title: "Week 1 (renamed)" })).status).toBe(
      303,
    );
    expect(await unlocked()).toBe(true);
    expect((await teacher.post(`/manage/tasks/${id}`, { ...values, access_code: "second" })).status).toBe(
      303,
    );
    expect(await unlocked()).toBe(false);
    await student.post(`/tasks/${id}/unlock`, { code: "first" });
    expect(await unlocked()).toBe(false);
    await student.post(`/tasks/${id}/unlock`, { code: "second" });
    expect(await unlocked()).toBe(true);
  });

  test("bad task input is refused with a message, keeps what was typed, and changes nothing", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ title: "" }, "Title is required."],
      [
        { starts_at: "2026-09-08T10:00", due_at: "2026-09-01T10:00" },
        "The due time must be after the start time.",
      ],
      [{ due_at: "2026-02-30T10:00" }, "The due time is not a valid date and time."],
      [
        { late_policy: "penalty", late_penalty_pct: "150" },
        "The late penalty must be more than 0 and at most 100 %.",
      ],
      [
        { late_policy: "penalty", late_interval_hours: "0" },
        "The penalty interval must be between 0.1 and 8760 hours.",
      ],
      [{ late_policy: "sometimes" }, "Choose what happens to late submissions."],
      [
        { max_submissions: "2.5" },
        "The maximum number of submissions must be a whole number from 1 to 1000, or empty.",
      ],
      [{ access_code: "x".repeat(65) }, "The access code must be at most 64 characters."],
    ];
    for (const [over, message] of cases) {
      const res = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
        ...TASK,
        title: "Kept title",
        ...over,
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(escaped(message));
      if (over.title === undefined) expect(html).toContain('value="Kept title"');
    }
    expect(count("tasks")).toBe(0);

    const id = await createTask();
    const before = row("SELECT * FROM tasks WHERE id = ?", id);
    const res = await teacher.post(`/manage/tasks/${id}`, {
      ...TASK,
      title: "Renamed",
      late_policy: "penalty",
      late_cap_pct: "0",
    });
    expect(res.status).toBe(422);
    expect(row("SELECT * FROM tasks WHERE id = ?", id)).toEqual(before);
  });

  test("tasks are reordered and deleted; the section's task list shows them in order", async () => {
    const a = await createTask(teacher, { title: "Alpha" });
    const b = await createTask(teacher, { title: "Beta" });
    const c = await createTask(teacher, { title: "Gamma" });
    const order = () => rows<{ id: number }>("SELECT id FROM tasks ORDER BY position, id").map((r) => r.id);
    expect(order()).toEqual([a, b, c]);
    expect((await teacher.post(`/manage/tasks/${c}/move/up`)).headers.get("location")).toBe(
      `/sections/${section.id}`,
    );
    expect(order()).toEqual([a, c, b]);
    await teacher.post(`/manage/tasks/${a}/move/up`); // already first: nothing changes
    await teacher.post(`/manage/tasks/${a}/move/down`);
    expect(order()).toEqual([c, a, b]);

    const { TeacherTaskList } = await import("../../../src/ui/task-list.tsx");
    const { selectTaskSummaries } = await import("../../../src/models/task.ts");
    const { selectOptionalSection } = await import("../../../src/models/section.ts");
    const html = String(
      await TeacherTaskList({
        section: (await selectOptionalSection(t.ctx.db, section.id))!,
        tasks: await selectTaskSummaries(t.ctx.db, section.id),
      }),
    );
    expect(html.indexOf("Gamma")).toBeLessThan(html.indexOf("Alpha"));
    expect(html.indexOf("Alpha")).toBeLessThan(html.indexOf("Beta"));
    expect(html).toContain(`/manage/sections/${section.id}/tasks/new`);

    const problem = await createProblem(b);
    expect((await addTest(problem)).status).toBe(303);
    const del = await teacher.post(`/manage/tasks/${b}/delete`);
    expect(del.headers.get("location")).toBe(`/sections/${section.id}`);
    expect(order()).toEqual([c, a]);
    expect(count("problems") + count("test_cases")).toBe(0);
  });
});

describe("problems", () => {
  test("a teacher creates a problem with starter and solution files, adds and removes files before saving", async () => {
    const taskId = await createTask();
    const id = await createProblem(taskId, {}, [
      ["main.py", "a = input()\n"],
      ["helper.py", "X = 1\n"],
    ]);
    const p = row<Record<string, unknown>>("SELECT * FROM problems WHERE id = ?", id);
    expect(p).toMatchObject({
      task_id: taskId,
      title: "Sum",
      kind: "stdin",
      main_file: "main.py",
      time_limit_ms: 2000,
    });
    expect(JSON.parse(String(p.starter_files))).toEqual([
      { name: "main.py", content: "a = input()\n" },
      { name: "helper.py", content: "X = 1\n" },
    ]);

    // "Add file" and "Remove" re-render the form without saving anything.
    const add = await postBody(
      teacher,
      `/manage/problems/${id}`,
      problemBody({ title: "Changed", op: "add-solution" }),
    );
    expect(add.status).toBe(200);
    const html = await add.text();
    expect(html).toContain("Not saved yet");
    expect(html).toContain('value="Changed"');
    expect(html.match(/name="solution_name\[\]"/g)).toHaveLength(2);
    const remove = await postBody(
      teacher,
      `/manage/problems/${id}`,
      problemBody({ op: "remove-starter-1" }, [
        ["main.py", "a"],
        ["helper.py", "b"],
      ]),
    );
    expect((await remove.text()).match(/name="starter_name\[\]"/g)).toHaveLength(1);
    expect(row<{ title: string }>("SELECT title FROM problems WHERE id = ?", id).title).toBe("Sum");

    // The editor shows the files; saving keeps CRLF out of the stored code.
    const save = await postBody(
      teacher,
      `/manage/problems/${id}`,
      problemBody({ title: "Sum 2" }, [["main.py", "x = 1\r\ny = 2\r\n"]]),
    );
    expect(save.status).toBe(303);
    expect(
      JSON.parse(row<{ s: string }>("SELECT starter_files AS s FROM problems WHERE id = ?", id).s),
    ).toEqual([{ name: "main.py", content: "x = 1\ny = 2\n" }]);
    const editor = await (await teacher.get(`/manage/problems/${id}`)).text();
    expect(editor).toContain("print(int(input()) + int(input()))");
    expect(editor).toContain('hx-post="/manage/markdown?field=statement"');
  });

  test("bad problems are refused with a clear message and nothing is stored", async () => {
    const taskId = await createTask();
    const cases: [Record<string, string>, string[][] | undefined, string][] = [
      [{ title: "" }, undefined, "Title is required."],
      [
        { kind: "function" },
        undefined,
        "A function problem needs its function signature: a function name and its parameters.",
      ],
      [
        { kind: "function", function_name: "add-two", function_params: "a" },
        undefined,
        'The function name "add-two" is not a Python identifier',
      ],
      [
        { kind: "function", function_name: "add", function_params: "a, class" },
        undefined,
        'The parameter name "class" is a Python keyword.',
      ],
      [
        { kind: "function", function_name: "add", function_params: "a, a" },
        undefined,
        'The parameter "a" appears twice.',
      ],
      [{ time_limit_ms: "50" }, undefined, "The time limit must be between 100 and 10000 ms."],
      [{ memory_mb: "1024" }, undefined, "The memory limit must be between 32 and 256 MB."],
      [{ main_file: "run.py" }, undefined, 'The starter files must include the main file "run.py".'],
      [{ main_file: "main.txt" }, [["main.txt", ""]], "The main file must be a .py file."],
      [
        {},
        [
          ["main.py", ""],
          ["main.py", ""],
        ],
        'There are two starter files called "main.py".',
      ],
      [
        {},
        [
          ["main.py", ""],
          ["../etc.py", ""],
        ],
        "may use only letters, digits, dots, dashes and underscores",
      ],
      [{}, [["main.py", "x".repeat(MAX_FIELD_BYTES + 1)]], "The starter file is larger than 256 KiB."],
    ];
    for (const [over, starter, message] of cases) {
      const res = await postBody(
        teacher,
        `/manage/tasks/${taskId}/problems/new`,
        problemBody({ ...over }, starter),
      );
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(escaped(message));
    }
    expect(count("problems")).toBe(0);
  });

  test("a function problem, its tests, and switching kinds only when the tests fit", async () => {
    const taskId = await createTask();
    const id = await createProblem(
      taskId,
      { kind: "function", function_name: "add", function_params: "a, b", main_file: "main.py" },
      [["main.py", "def add(a, b):\n    pass\n"]],
      [["main.py", "def add(a, b):\n    return a + b\n"]],
    );
    expect(row<{ f: string }>("SELECT function_params AS f FROM problems WHERE id = ?", id).f).toBe(
      '["a","b"]',
    );
    expect((await addTest(id, { name: "ints", input: "[1, 2]", expected: "3" })).status).toBe(303);
    expect(
      (
        await addTest(id, {
          name: "floats",
          input: "[0.1, 0.2]",
          expected: "0.3",
          tolerance: "1e-9",
          hidden: "on",
        })
      ).status,
    ).toBe(303);
    const refused: [Record<string, string>, string][] = [
      [{ name: "bad args", input: "[1, 2", expected: "3" }, "The arguments are not valid JSON"],
      [{ name: "not array", input: '{"a": 1}', expected: "3" }, "The arguments must be a JSON array"],
      [{ name: "bad expected", input: "[1, 2]", expected: "three" }, "The expected value is not valid JSON"],
      [
        { name: "ints", input: "[1, 2]", expected: "3" },
        'There is already a test called "ints" in this problem.',
      ],
      [{ name: "negative", input: "[1, 2]", expected: "3", points: "-1" }, "Points cannot be negative."],
      [{ name: "tol", input: "[1, 2]", expected: "3", tolerance: "abc" }, "The tolerance must be a number."],
    ];
    for (const [over, message] of refused) {
      const res = await addTest(id, over);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(escaped(message));
      expect(html).toContain(escaped(over.input!)); // what the teacher typed is still there
    }
    expect(count("test_cases")).toBe(2);

    // Changing the signature is allowed; the editor points at tests that no longer fit it.
    const resigned = await postBody(
      teacher,
      `/manage/problems/${id}`,
      problemBody(
        { title: "Sum", kind: "function", function_name: "add", function_params: "a, b, c" },
        [["main.py", "def add(a, b, c):\n    pass\n"]],
        [["main.py", "def add(a, b, c):\n    return a + b + c\n"]],
      ),
    );
    expect(resigned.status).toBe(303);
    const warned = await (await teacher.get(`/manage/problems/${id}`)).text();
    expect(warned).toContain("add(a, b, c) takes 3 arguments, but these tests pass another number:");
    expect(warned).toContain("ints (2), floats (2)");

    // A problem with tests keeps its kind: the tests' data would mean something else.
    const stdinId = await createProblem(taskId, { title: "Echo" });
    expect((await addTest(stdinId, { input: "hello", expected: "hello" })).status).toBe(303);
    const res = await postBody(
      teacher,
      `/manage/problems/${stdinId}`,
      problemBody({ title: "Echo", kind: "function", function_name: "echo", function_params: "s" }),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The kind cannot change while the problem has tests (1)");
    expect(row<{ kind: string }>("SELECT kind FROM problems WHERE id = ?", stdinId).kind).toBe("stdin");
  });

  test("stdin tests: compare modes, tolerance, message, editing, oversized data and the 200-test limit", async () => {
    const taskId = await createTask();
    const id = await createProblem(taskId);
    expect((await addTest(id, { compare: "tolerance" })).status).toBe(422);
    expect(await (await addTest(id, { compare: "tolerance" })).text()).toContain("needs the tolerance");
    expect(
      (await addTest(id, { compare: "tolerance", tolerance: "0.01", message: "Round to 2 places." })).status,
    ).toBe(303);
    const testId = row<{ id: number }>("SELECT id FROM test_cases").id;
    expect(
      row("SELECT name, hidden, points, input, expected, compare, tolerance, message FROM test_cases"),
    ).toEqual({
      name: "small",
      hidden: 0,
      points: 1,
      input: "2\n3\n",
      expected: "5\n",
      compare: "tolerance",
      tolerance: 0.01,
      message: "Round to 2 places.",
    });
    expect(
      (
        await teacher.post(`/manage/problems/${id}/tests/${testId}`, {
          ...TEST,
          name: "renamed",
          hidden: "on",
          points: "2.5",
        })
      ).status,
    ).toBe(303);
    expect(row("SELECT name, hidden, points, compare, tolerance FROM test_cases")).toEqual({
      name: "renamed",
      hidden: 1,
      points: 2.5,
      compare: "trim",
      tolerance: null,
    });

    const big = await addTest(id, { name: "big", expected: "x".repeat(MAX_FIELD_BYTES + 10) });
    expect(big.status).toBe(422);
    expect(await big.text()).toContain("The expected output is larger than 256 KiB.");

    const insert = t.ctx.sqlite.prepare(
      "INSERT INTO test_cases (problem_id, name, position) VALUES (?, ?, ?)",
    );
    for (let i = 1; i < MAX_TESTS; i++) insert.run(id, `t${i}`, i);
    const over = await addTest(id, { name: "one too many" });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain(
      `A problem has at most ${MAX_TESTS} tests; this one would have ${MAX_TESTS + 1}.`,
    );
    expect(count("test_cases")).toBe(MAX_TESTS);
  });

  test("tests and problems are reordered and deleted", async () => {
    const taskId = await createTask();
    const p1 = await createProblem(taskId, { title: "One" });
    const p2 = await createProblem(taskId, { title: "Two" });
    await teacher.post(`/manage/problems/${p2}/move/up`);
    expect(rows<{ id: number }>("SELECT id FROM problems ORDER BY position").map((r) => r.id)).toEqual([
      p2,
      p1,
    ]);
    for (const name of ["a", "b", "c"]) expect((await addTest(p1, { name })).status).toBe(303);
    const ids = rows<{ id: number }>("SELECT id FROM test_cases ORDER BY position").map((r) => r.id);
    await teacher.post(`/manage/problems/${p1}/tests/${ids[2]}/move/up`);
    expect(
      rows<{ name: string }>("SELECT name FROM test_cases ORDER BY position").map((r) => r.name),
    ).toEqual(["a", "c", "b"]);
    await teacher.post(`/manage/problems/${p1}/tests/${ids[0]}/delete`);
    expect(count("test_cases")).toBe(2);
    const del = await teacher.post(`/manage/problems/${p1}/delete`);
    expect(del.headers.get("location")).toBe(`/manage/tasks/${taskId}`);
    expect(count("test_cases")).toBe(0);
    expect(count("problems")).toBe(1);
  });

  test("the live preview renders sanitized markdown for teachers only", async () => {
    const res = await teacher.post("/manage/markdown?field=statement", {
      statement: "# Title\n\n<script>alert(1)</script><img src=x onerror=alert(1)>\n\nSome **bold** text",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("onerror");
    expect(
      await (await teacher.post("/manage/markdown?field=description", { description: "" })).text(),
    ).toContain("Nothing to preview yet.");
    const { client: student } = await registerStudent(t, section.code, "sam");
    expect((await student.post("/manage/markdown?field=statement", { statement: "x" })).status).toBe(403);
  });

  test("preview as a student shows the statement, starter code and visible tests, never hidden data or the solution", async () => {
    const taskId = await createTask();
    const id = await createProblem(
      taskId,
      { statement: "Add **two** numbers." },
      [["main.py", "# STARTER CODE\n"]],
      [["main.py", "print('SOLUTION CODE')\n"]],
    );
    await addTest(id, { name: "visible one", input: "VISIBLE-INPUT", expected: "VISIBLE-OUTPUT" });
    await addTest(id, {
      name: "secret one",
      input: "HIDDEN-INPUT",
      expected: "HIDDEN-OUTPUT",
      hidden: "on",
      message: "Think big.",
    });
    await teacher.get(`/manage/tasks/${taskId}`); // shows (and clears) the last flash message
    const html = await (await teacher.get(`/manage/problems/${id}/preview`)).text();
    expect(html).toContain("<strong>two</strong>");
    expect(html).toContain("# STARTER CODE");
    expect(html).toContain("VISIBLE-INPUT");
    expect(html).toContain("VISIBLE-OUTPUT");
    expect(html).toContain("1 hidden");
    expect(html).toContain(`href="/problems/${id}"`);
    for (const secret of ["HIDDEN-INPUT", "HIDDEN-OUTPUT", "secret one", "SOLUTION CODE"])
      expect(html).not.toContain(secret);
    // The editor (teachers) does show everything.
    const editor = await (await teacher.get(`/manage/problems/${id}`)).text();
    for (const data of ["HIDDEN-INPUT", "HIDDEN-OUTPUT", "SOLUTION CODE"]) expect(editor).toContain(data);
  });
});

describe("access", () => {
  test("another teacher and students get 404 (or 403) on every authoring route, and nothing changes", async () => {
    const taskId = await createTask();
    const problemId = await createProblem(taskId);
    await addTest(problemId, { hidden: "on", input: "HIDDEN-INPUT" });
    const testId = row<{ id: number }>("SELECT id FROM test_cases").id;
    const bob = await createTeacher(t, admin, "bob");
    const bobSection = await createSection(t, bob, "Bob's");
    const { client: student } = await registerStudent(t, section.code, "sam");
    const gets = [
      `/manage/sections/${section.id}/tasks/new`,
      `/manage/tasks/${taskId}`,
      `/manage/tasks/${taskId}/edit`,
      `/manage/tasks/${taskId}/clone`,
      `/manage/tasks/${taskId}/export.md`,
      `/manage/tasks/${taskId}/import`,
      `/manage/tasks/${taskId}/problems/new`,
      `/manage/problems/${problemId}`,
      `/manage/problems/${problemId}/tests/new`,
      `/manage/problems/${problemId}/tests/${testId}`,
      `/manage/problems/${problemId}/reference`,
      `/manage/problems/${problemId}/preview`,
      `/manage/problems/${problemId}/export.md`,
    ];
    const posts: [string, Record<string, string>][] = [
      [`/manage/sections/${section.id}/tasks/new`, TASK],
      [`/manage/tasks/${taskId}`, { ...TASK, title: "Hijacked" }],
      [`/manage/tasks/${taskId}/delete`, {}],
      [`/manage/tasks/${taskId}/move/up`, {}],
      [`/manage/tasks/${taskId}/clone`, { sectionId: String(bobSection.id) }],
      [`/manage/tasks/${taskId}/import`, { text: "---\ntitle: X\n---\n" }],
      [`/manage/tasks/${taskId}/problems/new`, PROBLEM],
      [`/manage/problems/${problemId}`, { ...PROBLEM, title: "Hijacked" }],
      [`/manage/problems/${problemId}/delete`, {}],
      [`/manage/problems/${problemId}/move/down`, {}],
      [`/manage/problems/${problemId}/tests/new`, TEST],
      [`/manage/problems/${problemId}/tests/${testId}`, TEST],
      [`/manage/problems/${problemId}/tests/${testId}/delete`, {}],
      [`/manage/problems/${problemId}/tests/${testId}/move/up`, {}],
      [`/manage/problems/${problemId}/reference`, {}],
    ];
    const snapshot = () =>
      JSON.stringify([
        rows("SELECT * FROM tasks"),
        rows("SELECT * FROM problems"),
        rows("SELECT * FROM test_cases"),
      ]);
    const before = snapshot();
    for (const [who, client] of [
      ["bob", bob],
      ["student", student],
    ] as const) {
      for (const path of gets) {
        const res = await client.get(path);
        expect([who, path, res.status]).toEqual([
          who,
          path,
          who === "bob" ? 404 : path.includes("/sections/") ? 403 : 404,
        ]);
        expect(await res.text()).not.toContain("HIDDEN-INPUT");
      }
      for (const [path, form] of posts) {
        const res = await client.post(path, form);
        expect([who, path, res.status >= 400 && res.status < 500]).toEqual([who, path, true]);
      }
    }
    expect(snapshot()).toBe(before);
    // An admin may manage any section's tasks.
    expect((await admin.get(`/manage/tasks/${taskId}`)).status).toBe(200);
  });
});

describe("clone", () => {
  test("a task is cloned with its problems and tests into another section the teacher teaches, as a draft", async () => {
    const taskId = await createTask(teacher, { access_code: "abc", published: "on" });
    const p1 = await createProblem(taskId, { title: "One" });
    await addTest(p1, { name: "a" });
    await addTest(p1, { name: "b", hidden: "on" });
    await createProblem(
      taskId,
      { title: "Two", kind: "function", function_name: "f", function_params: "x" },
      [["main.py", ""]],
      [],
    );
    const other = await createSection(t, teacher, "Python 2");
    const res = await teacher.post(`/manage/tasks/${taskId}/clone`, { sectionId: String(other.id) });
    expect(res.status).toBe(303);
    const copyId = idFrom(res);
    const copy = row<Record<string, unknown>>("SELECT * FROM tasks WHERE id = ?", copyId);
    expect(copy).toMatchObject({ section_id: other.id, title: "Week 1", published: 0 });
    const page = await (await teacher.get(`/manage/tasks/${copyId}`)).text();
    expect(page).toContain("abc"); // the access code still opens
    expect(problemsOf(copyId).map(strip)).toEqual(problemsOf(taskId).map(strip));
    expect(testsOf(copyId).map(strip)).toEqual(testsOf(taskId).map(strip));
    expect(testsOf(copyId)).toHaveLength(2);

    // Into the same section: "(copy)"; into a section the teacher does not teach: 404, nothing created.
    const same = await teacher.post(`/manage/tasks/${taskId}/clone`, { sectionId: String(section.id) });
    expect(row<{ title: string }>("SELECT title FROM tasks WHERE id = ?", idFrom(same)).title).toBe(
      "Week 1 (copy)",
    );
    const bob = await createTeacher(t, admin, "bob");
    const bobs = await createSection(t, bob, "Bob's");
    const tasks = count("tasks");
    expect((await teacher.post(`/manage/tasks/${taskId}/clone`, { sectionId: String(bobs.id) })).status).toBe(
      404,
    );
    expect(count("tasks")).toBe(tasks);
    const form = await (await teacher.get(`/manage/tasks/${taskId}/clone`)).text();
    expect(form).toContain("Python 2");
    expect(form).not.toContain("Bob&#39;s");
  });
});

describe("markdown export and import", () => {
  async function buildTask() {
    const taskId = await createTask();
    const p1 = await createProblem(taskId, { statement: "Read two numbers.\n\n```\n---\n## Test: x\n```" }, [
      ["main.py", "a = input()\n"],
      ["util.py", "````\n"],
    ]);
    await addTest(p1, { name: "visible", input: "1\n2\n", expected: "3\n" });
    await addTest(p1, {
      name: "hidden: yes",
      hidden: "on",
      points: "2.5",
      input: "",
      expected: "  x  \n\n",
      compare: "ignore_case",
      message: "Line 1\nLine 2",
    });
    await addTest(p1, { name: "approx", compare: "tolerance", tolerance: "0.001", expected: "3.14159" });
    const p2 = await createProblem(
      taskId,
      { title: "Add", kind: "function", function_name: "add", function_params: "a, b" },
      [],
      [["main.py", "def add(a, b):\n    return a + b\n"]],
    );
    await addTest(p2, { name: "ints", input: "[1,  2]", expected: "3" });
    await addTest(p2, {
      name: "floats",
      input: "[0.1, 0.2]",
      expected: "0.3",
      tolerance: "1e-9",
      hidden: "on",
    });
    return taskId;
  }

  test("export -> import -> export is identical, and the imported rows match the originals", async () => {
    const source = await buildTask();
    const exported = await teacher.get(`/manage/tasks/${source}/export.md`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="week-1.md"');
    const text = await exported.text();
    expect(text).toContain("## Test: hidden: yes");

    const target = await createTask(teacher, { title: "Copy" });
    const form = new FormData();
    form.append("file", new File([text], "week-1.md", { type: "text/markdown" }));
    form.append("text", "");
    const res = await teacher.request(`/manage/tasks/${target}/import`, {
      method: "POST",
      body: form,
      headers: { origin: "http://localhost" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/manage/tasks/${target}`);
    expect(problemsOf(target).map(strip)).toEqual(problemsOf(source).map(strip));
    expect(testsOf(target).map(strip)).toEqual(testsOf(source).map(strip));
    expect(await (await teacher.get(`/manage/tasks/${target}/export.md`)).text()).toBe(text);

    // One problem exports alone too, and imports by pasting.
    const one = await (await teacher.get(`/manage/problems/${problemsOf(source)[1]!.id}/export.md`)).text();
    const third = await createTask(teacher, { title: "Third" });
    expect((await teacher.post(`/manage/tasks/${third}/import`, { text: one })).status).toBe(303);
    const { position: _p, ...imported } = strip(problemsOf(third)[0]!);
    const { position: _q, ...original } = strip(problemsOf(source)[1]!);
    expect(imported).toEqual(original);
    expect(problemsOf(third)).toHaveLength(1);
  });

  test("an import with errors is refused with line numbers and creates nothing", async () => {
    const source = await buildTask();
    const text = await (await teacher.get(`/manage/tasks/${source}/export.md`)).text();
    const broken = text
      .replace("[1,  2]", "[1, 2")
      .replace("time_limit_ms: 2000\n", "time_limit_ms: 99999\n");
    const target = await createTask(teacher, { title: "Target" });
    const before = [count("problems"), count("test_cases")];
    const res = await teacher.post(`/manage/tasks/${target}/import`, { text: broken });
    expect(res.status).toBe(422);
    const html = await res.text();
    const lines = broken.split("\n");
    const timeLine = lines.indexOf("time_limit_ms: 99999") + 1;
    const argsLine = lines.indexOf("## Test: ints") + 3;
    expect(html).toContain("Nothing was imported: the file has 2 errors.");
    expect(html).toContain(`Line ${timeLine}</span> The time limit must be between 100 and 10000 ms.`);
    expect(html).toMatch(
      new RegExp(`Line ${argsLine}</span> Test &quot;ints&quot;: The arguments are not valid JSON`),
    );
    expect(html).toContain("[1, 2\n"); // the text stays in the box to be fixed
    expect([count("problems"), count("test_cases")]).toEqual(before);

    expect((await teacher.post(`/manage/tasks/${target}/import`, { text: "" })).status).toBe(422);
    const form = new FormData();
    form.append("file", new File([new Uint8Array([0xff, 0xfe, 0x00, 0xd8])], "x.md"));
    const binary = await teacher.request(`/manage/tasks/${target}/import`, {
      method: "POST",
      body: form,
      headers: { origin: "http://localhost" },
    });
    expect(binary.status).toBe(422);
    expect(await binary.text()).toContain("The file is not UTF-8 text.");
  });

  test("the blank template downloads and imports", async () => {
    const res = await teacher.get("/manage/problem-template.md");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="problem-template.md"');
    const taskId = await createTask();
    expect((await teacher.post(`/manage/tasks/${taskId}/import`, { text: await res.text() })).status).toBe(
      303,
    );
    expect(row<{ title: string }>("SELECT title FROM problems").title).toBe("Add two numbers");
    expect(count("test_cases")).toBe(2);
    const { client: student } = await registerStudent(t, section.code, "sam");
    expect((await student.get("/manage/problem-template.md")).status).toBe(403);
  });
});
