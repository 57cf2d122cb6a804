// Cloning over the real app: a task into another section of the same teacher (problems, tests, data
// files, hints; targeting cleared, kept with non-enrolled students dropped, or chosen), refused for a
// section the teacher does not teach; and the bulk clone of a section into a new term's section.
import { expect, test } from "bun:test";
import { insertProblemRow } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createSection, createTeacher, ORIGIN, registerStudent } from "../../helpers/client.ts";

const { t, admin, teacher, section } = useClassroom({ perTest: true });

const idOf = (name: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id;
const count = (sql: string, ...args: number[]) => (t.ctx.sqlite.query(sql).get(...args) as { n: number }).n;

function postPairs(c: Client, path: string, pairs: [string, string][]) {
  return c.request(path, {
    method: "POST",
    body: new URLSearchParams(pairs),
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
  });
}

async function remedialTask() {
  await registerStudent(t, section.code, "rita");
  await registerStudent(t, section.code, "sam");
  const res = await postPairs(teacher, `/manage/sections/${section.id}/tasks/new`, [
    ["title", "Loops"],
    ["late_policy", "none"],
    ["published", "on"],
    ["remedial", "on"],
    ["assignees", String(idOf("rita"))],
    ["assignees", String(idOf("sam"))],
  ]);
  const taskId = Number(res.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(
    t.ctx.db,
    taskId,
    "Sum",
    [
      { name: "a", points: 1 },
      { name: "b", points: 2 },
    ],
    t.clock.now(),
  );
  await t.ctx.db
    .insertInto("problem_data_files")
    .values({
      problem_id: problem.id,
      name: "data.csv",
      content: new TextEncoder().encode("1,2\n"),
      created_at: 1,
    })
    .execute();
  await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "First", penalty: "1" });
  await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "Second", penalty: "2" });
  return { taskId, problemId: problem.id };
}

const cloneOf = (location: string | null) => Number(location!.split("/").pop());

test("a task clones with its problems, tests, data files and hints; targeting kept drops non-enrolled", async () => {
  const { taskId } = await remedialTask();
  const other = await createSection(t, teacher, "Python B");
  await registerStudent(t, other.code, "omar");
  // rita is in both sections; sam only in the first.
  await t.ctx.db
    .insertInto("enrollments")
    .values({ section_id: other.id, user_id: idOf("rita"), enrolled_at: 1 })
    .execute();
  const form = await (await teacher.get(`/manage/tasks/${taskId}/clone`)).text();
  expect(form).toContain("Keep targeting");
  const res = await teacher.post(`/manage/tasks/${taskId}/clone`, {
    sectionId: String(other.id),
    targeting: "keep",
  });
  expect(res.status).toBe(303);
  const copy = cloneOf(res.headers.get("location"));
  expect(
    t.ctx.sqlite.query("SELECT section_id, published, remedial, title FROM tasks WHERE id = ?").get(copy),
  ).toEqual({
    section_id: other.id,
    published: 0,
    remedial: 1,
    title: "Loops",
  });
  const newProblem = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM problems WHERE task_id = ?")
    .get(copy)!.id;
  expect(count("SELECT count(*) AS n FROM test_cases WHERE problem_id = ?", newProblem)).toBe(2);
  expect(count("SELECT count(*) AS n FROM problem_data_files WHERE problem_id = ?", newProblem)).toBe(1);
  expect(
    t.ctx.sqlite
      .query("SELECT body, penalty FROM problem_hints WHERE problem_id = ? ORDER BY position")
      .all(newProblem),
  ).toEqual([
    { body: "First", penalty: 1 },
    { body: "Second", penalty: 2 },
  ]);
  expect(
    t.ctx.sqlite
      .query("SELECT user_id FROM remedial_assignees WHERE item_type = 'task' AND item_id = ?")
      .all(copy),
  ).toEqual([{ user_id: idOf("rita") }]); // sam is not enrolled there
});

test("cloning with targeting cleared or chosen; another teacher's section is refused", async () => {
  const { taskId } = await remedialTask();
  const cleared = await teacher.post(`/manage/tasks/${taskId}/clone`, {
    sectionId: String(section.id),
    targeting: "clear",
  });
  const a = cloneOf(cleared.headers.get("location"));
  expect(t.ctx.sqlite.query("SELECT remedial, title FROM tasks WHERE id = ?").get(a)).toEqual({
    remedial: 0,
    title: "Loops (copy)",
  });
  expect(count("SELECT count(*) AS n FROM remedial_assignees WHERE item_id = ?", a)).toBe(0);

  const chosen = await postPairs(teacher, `/manage/tasks/${taskId}/clone`, [
    ["sectionId", String(section.id)],
    ["targeting", "choose"],
    ["assignees", String(idOf("sam"))],
  ]);
  const b = cloneOf(chosen.headers.get("location"));
  expect(t.ctx.sqlite.query("SELECT user_id FROM remedial_assignees WHERE item_id = ?").all(b)).toEqual([
    { user_id: idOf("sam") },
  ]);
  const none = await postPairs(teacher, `/manage/tasks/${taskId}/clone`, [
    ["sectionId", String(section.id)],
    ["targeting", "choose"],
  ]);
  expect(none.status).toBe(422);
  expect(await none.text()).toContain("Choose at least one student");

  const stranger = await createTeacher(t, admin, "victor");
  const theirs = await createSection(t, stranger, "Not yours");
  const before = count("SELECT count(*) AS n FROM tasks");
  expect((await teacher.post(`/manage/tasks/${taskId}/clone`, { sectionId: String(theirs.id) })).status).toBe(
    404,
  );
  expect(
    (await stranger.post(`/manage/tasks/${taskId}/clone`, { sectionId: String(theirs.id) })).status,
  ).toBe(404);
  expect(count("SELECT count(*) AS n FROM tasks")).toBe(before);
});

test("the whole section clones into a new term's section in one go", async () => {
  const { taskId } = await remedialTask();
  await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
    title: "Draft work",
    late_policy: "none",
  });
  const qz = await teacher.post(`/sections/${section.id}/assessments`, {
    title: "Quiz 1",
    grading_method: "highest",
    delivery: "all",
    max_attempts: "1",
  });
  expect(qz.status).toBe(303);
  const quizId = cloneOf(qz.headers.get("location"));
  await teacher.post(`/assessments/${quizId}/parts`, { title: "Part A", instructions: "" });
  const lesson = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "create",
    markdown:
      "# Lists\n\nAbout lists.\n\n### First\n\n```python\nprint([1, 2])\n```\n\n### Second\n\nMore.\n",
  });
  expect(lesson.status).toBe(303);
  const hosts = "www.youtube-nocookie.com\nvideos.school.example";
  expect((await teacher.post(`/sections/${section.id}/lessons/video-hosts`, { hosts })).status).toBe(303);
  const settings = await (await teacher.get(`/sections/${section.id}/edit`)).text();
  expect(settings).toContain("Clone everything into a new section");
  const bad = await teacher.post(`/manage/sections/${section.id}/clone`, { name: "" });
  expect(bad.status).toBe(422);
  const res = await teacher.post(`/manage/sections/${section.id}/clone`, {
    name: "Intro to Python",
    term: "Spring 2027",
  });
  expect(res.status).toBe(303);
  const created = cloneOf(res.headers.get("location"));
  const tasks = t.ctx.sqlite
    .query<{ id: number; title: string; published: number; remedial: number }, [number]>(
      "SELECT id, title, published, remedial FROM tasks WHERE section_id = ? ORDER BY position",
    )
    .all(created);
  expect(tasks.map((x) => [x.title, x.published, x.remedial])).toEqual([
    ["Loops", 1, 0], // targeting cleared by default
    ["Draft work", 0, 0], // drafts stay drafts
  ]);
  const p = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM problems WHERE task_id = ?")
    .get(tasks[0]!.id)!.id;
  expect(count("SELECT count(*) AS n FROM problem_hints WHERE problem_id = ?", p)).toBe(2);
  expect(count("SELECT count(*) AS n FROM test_cases WHERE problem_id = ?", p)).toBe(2);
  expect(count("SELECT count(*) AS n FROM assessments WHERE section_id = ?", created)).toBe(1);
  expect(
    count(
      "SELECT count(*) AS n FROM assessment_parts WHERE assessment_id IN (SELECT id FROM assessments WHERE section_id = ?)",
      created,
    ),
  ).toBe(count("SELECT count(*) AS n FROM assessment_parts WHERE assessment_id = ?", quizId));
  expect(t.ctx.sqlite.query("SELECT term FROM sections WHERE id = ?").get(created)).toEqual({
    term: "Spring 2027",
  });
  expect(count("SELECT count(*) AS n FROM enrollments WHERE section_id = ?", created)).toBe(0);
  // Lessons come along with their pages and snippets.
  const lessonIn = "(SELECT id FROM lessons WHERE section_id = ?)";
  expect(count("SELECT count(*) AS n FROM lessons WHERE section_id = ?", created)).toBe(1);
  expect(count(`SELECT count(*) AS n FROM lesson_pages WHERE lesson_id IN ${lessonIn}`, created)).toBe(2);
  expect(
    t.ctx.sqlite.query("SELECT hosts FROM lesson_video_hosts WHERE section_id = ?").get(created),
  ).toEqual({
    hosts,
  });
  // Someone who does not teach the section cannot clone it.
  const stranger = await createTeacher(t, admin, "victor");
  expect((await stranger.post(`/manage/sections/${section.id}/clone`, { name: "Mine" })).status).toBe(404);
  void taskId;
});
