// The teachers' AI switches and the conversation pages, route by route: who may see and change
// them (the section's teachers and admins; not another teacher, not a student, not a visitor), and
// bad input answered with a clear message that changes nothing.
import { describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { setSectionAi, useProvider } from "./helpers.ts";

const { env } = useProvider();
const { t, admin, teacher, section } = useClassroom({ env });

const sectionAi = () =>
  t.ctx.sqlite
    .query<{ tutor: number; complexity: number; daily_limit: number }, [number]>(
      "SELECT tutor, complexity, daily_limit FROM ai_section_settings WHERE section_id = ?",
    )
    .get(section.id);

describe("the section's switches", () => {
  test("off until a teacher turns them on; the edit page loads the form into its slot", async () => {
    const edit = await (await teacher.get(`/sections/${section.id}/edit`)).text();
    expect(edit).toContain(`hx-get="/ai/sections/${section.id}/settings"`);
    const fragment = await (
      await teacher.get(`/ai/sections/${section.id}/settings`, { "hx-request": "true" })
    ).text();
    expect(fragment).toContain('name="tutor"');
    expect(fragment).not.toContain("checked");
    expect(fragment).not.toContain("<html");
    const page = await teacher.get(`/ai/sections/${section.id}/settings`);
    expect(await page.text()).toContain("<html");
  });

  test("saved by the teacher; a bad limit is refused with a message and nothing changes", async () => {
    const saved = await setSectionAi(teacher, section.id, { tutor: true, complexity: false, dailyLimit: 7 });
    expect(saved.status).toBe(303);
    expect(sectionAi()).toEqual({ tutor: 1, complexity: 0, daily_limit: 7 });
    const bad = await teacher.post(`/ai/sections/${section.id}/settings`, { tutor: "on", dailyLimit: "-3" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The daily limit cannot be negative.");
    const text = await teacher.post(`/ai/sections/${section.id}/settings`, { dailyLimit: "lots" });
    expect(text.status).toBe(422);
    expect(sectionAi()).toEqual({ tutor: 1, complexity: 0, daily_limit: 7 });
  });

  test("another teacher, a student and a visitor can neither see nor change them", async () => {
    const other = await createTeacher(t, admin, "othert");
    const student = (await registerStudent(t, section.code, "switcher")).client;
    for (const c of [other, student]) {
      expect((await c.get(`/ai/sections/${section.id}/settings`)).status).not.toBe(200);
      expect((await setSectionAi(c, section.id, { dailyLimit: 999 })).status).not.toBe(303);
      expect((await c.get(`/ai/sections/${section.id}/conversations`)).status).not.toBe(200);
    }
    expect((await other.get(`/ai/sections/${section.id}/settings`)).status).toBe(404);
    const visitor = new Client(t);
    expect([302, 303]).toContain((await visitor.get(`/ai/sections/${section.id}/settings`)).status);
    expect(sectionAi()?.daily_limit).toBe(7);
    // An admin may.
    expect((await admin.get(`/ai/sections/${section.id}/settings`)).status).toBe(200);
  });
});

describe("the task's switches", () => {
  test("shown on the task's edit page, saved by the teacher, refused to others", async () => {
    const task = await seedTask(t, section.id);
    await seedSumProblem(t, task.id);
    const edit = await (await teacher.get(`/manage/tasks/${task.id}/edit`)).text();
    expect(edit).toContain(`hx-get="/ai/tasks/${task.id}/settings"`);
    const fragment = await (
      await teacher.get(`/ai/tasks/${task.id}/settings`, { "hx-request": "true" })
    ).text();
    expect(fragment).toContain("Tutor allowed");
    expect((await teacher.post(`/ai/tasks/${task.id}/settings`, { tutor: "on" })).status).toBe(303);
    const row = t.ctx.sqlite.query<{ tutor: number; complexity: number }, [number]>(
      "SELECT tutor, complexity FROM ai_task_settings WHERE task_id = ?",
    );
    expect(row.get(task.id)).toEqual({ tutor: 1, complexity: 0 });
    const other = await createTeacher(t, admin, "othertask");
    expect((await other.get(`/ai/tasks/${task.id}/settings`)).status).toBe(404);
    expect(
      (await other.post(`/ai/tasks/${task.id}/settings`, { tutor: "on", complexity: "on" })).status,
    ).toBe(404);
    expect(row.get(task.id)).toEqual({ tutor: 1, complexity: 0 });
  });
});

describe("conversation pages", () => {
  test("an empty section says so; a conversation of another section's problem is not found", async () => {
    const html = await (await teacher.get(`/ai/sections/${section.id}/conversations`)).text();
    expect(html).toContain("No conversations yet");
    const otherTeacher = await createTeacher(t, admin, "otherconv");
    const res = await otherTeacher.post("/sections", { name: "Elsewhere", term: "", description: "" });
    const elsewhere = Number(res.headers.get("location")?.split("/").pop());
    const task = await seedTask(t, elsewhere);
    const problem = await seedSumProblem(t, task.id);
    await registerStudent(t, section.code, "convstudent");
    const uid = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'convstudent'")
      .get()!.id;
    expect((await teacher.get(`/ai/sections/${section.id}/conversations/${uid}/${problem.id}`)).status).toBe(
      404,
    );
  });
});
