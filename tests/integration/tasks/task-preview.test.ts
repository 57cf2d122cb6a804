// "Student view" on a teacher's task page opens the student's page of that task as a read-only
// preview (it used to link to /tasks/N, which sends teachers straight back to /manage/tasks/N).
import { beforeEach, expect, test } from "bun:test";
import { insertProblemRow } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createTeacher, registerStudent } from "../../helpers/client.ts";
import { submitTaskForm } from "../../helpers/forms.ts";

const { t, admin, teacher, section } = useClassroom({ perTest: true, teacher: "alice", section: "Python 1" });
let other: Client;

beforeEach(async () => {
  other = await createTeacher(t, admin, "bob");
});

const createTask = (over: Record<string, string> = {}) =>
  submitTaskForm(teacher, section.id, {
    title: "Week 1",
    description: "Loops **and** lists",
    starts_at: "",
    due_at: "",
    late_policy: "none",
    access_code: "",
    max_submissions: "",
    published: "on",
    ...over,
  });

/** The href of the "Student view" button on the teacher's task page. */
async function studentViewHref(taskId: number): Promise<string> {
  const html = await (await teacher.get(`/manage/tasks/${taskId}`)).text();
  const href = html.match(/<a class="btn btn-secondary" href="([^"]+)">\s*Student view/)?.[1];
  if (!href) throw new Error("no Student view button");
  return href;
}

test("Student view opens the student's task page as a labelled, read-only preview", async () => {
  const taskId = await createTask();
  const { id: problemId } = await insertProblemRow(
    t.ctx.db,
    taskId,
    "Sum of two",
    [{ name: "a", points: 1 }],
    0,
  );
  const res = await teacher.get(await studentViewHref(taskId));
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain("Student preview.");
  expect(html).toContain("<strong>and</strong>"); // the description, rendered as students see it
  expect(html).toContain(`href="/problems/${problemId}"`); // the problem list a student gets
  expect(html).toContain("Rules");
  expect(html).not.toContain(`/tasks/${taskId}/unlock`); // nothing to submit from a preview
  expect(html).toContain(`href="/manage/tasks/${taskId}"`); // the way back
});

test("the preview says what would keep students from seeing the task", async () => {
  const draft = await createTask({ published: "", access_code: "open-sesame" });
  const html = await (await teacher.get(`/manage/tasks/${draft}/preview`)).text();
  expect(html).toContain("This task is a draft");
  expect(html).toContain("Students enter the access code");
  expect(html).not.toContain("open-sesame"); // the preview shows no code, like the student page
  expect(html).not.toContain(`/tasks/${draft}/unlock`); // nor the code form: the problems are listed
});

test("only the section's teachers get the preview", async () => {
  const taskId = await createTask();
  const { client: student } = await registerStudent(t, section.code, "sam");
  expect((await student.get(`/manage/tasks/${taskId}/preview`)).status).toBe(404);
  expect((await other.get(`/manage/tasks/${taskId}/preview`)).status).toBe(404);
  // Students keep their own page at /tasks/N.
  expect((await student.get(`/tasks/${taskId}`)).status).toBe(200);
});
