// Review 15: a student removed from the section is no longer assigned to its remedial work. Before the
// fix the assignment stayed behind: the teacher's list still counted them ("Remedial · 1 student")
// and, once they joined again with the section's code, they saw the remedial task (and lesson) the
// teacher had never given them again (the picker no longer showed them, so nothing could untick it).
import { expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, ORIGIN, registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom({ perTest: true });

const idOf = (name: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id;

function postPairs(c: Client, path: string, pairs: [string, string][]) {
  return c.request(path, {
    method: "POST",
    body: new URLSearchParams(pairs),
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
  });
}

test("removing a student from the section ends their remedial assignments there", async () => {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const ritaId = idOf("rita");
  const made = await postPairs(teacher, `/manage/sections/${section.id}/tasks/new`, [
    ["title", "Remedial ZQX"],
    ["late_policy", "none"],
    ["published", "on"],
    ["remedial", "on"],
    ["assignees", String(ritaId)],
  ]);
  expect(made.status).toBe(303);
  const taskId = Number(made.headers.get("location")!.split("/").pop());
  const lesson = await postPairs(teacher, `/sections/${section.id}/lessons`, [
    ["title", "Remedial lesson ZQX"],
    ["description", ""],
    ["published", "on"],
    ["completion", "manual"],
    ["remedial", "on"],
    ["assignees", String(ritaId)],
  ]);
  expect(lesson.status).toBe(303);
  const lessonId = Number(lesson.headers.get("location")!.split("/")[2]);
  expect((await rita.get(`/tasks/${taskId}`)).status).toBe(200);
  expect((await rita.get(`/lessons/${lessonId}`)).status).toBe(200);

  const removed = await teacher.post(`/sections/${section.id}/students/${ritaId}/remove`);
  expect(removed.status).toBe(303);
  expect(await (await teacher.get(`/sections/${section.id}`)).text()).not.toContain("Remedial · 1 student");
  // She joins again with the code: the remedial work is not hers any more.
  expect((await rita.post(`/join/${section.code}/enroll`)).status).toBe(303);
  expect((await rita.get(`/sections/${section.id}`)).status).toBe(200);
  expect((await rita.get(`/tasks/${taskId}`)).status).toBe(404);
  expect((await rita.get(`/lessons/${lessonId}`)).status).toBe(404);
  expect(await (await rita.get(`/sections/${section.id}`)).text()).not.toContain("ZQX");
});
