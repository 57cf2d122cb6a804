// The live class view: the section's teachers see every student's editor code for one problem (the
// drafts their page saves as they type), last test run and online state, live and throttled; a read-
// along page per student. Students and other teachers never see it or its stream.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { patches, readSse } from "../../helpers/sse.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let otto: Client;
let problemId = 0;
let otherProblem = 0;
const id = (u: string) =>
  room.t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(u)!.id;

function typeDraft(c: Client, content: string) {
  return c.request(`/problems/${problemId}/draft`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ files: [{ name: "main.py", content }], main: "main.py" }),
  });
}

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  otto = await createTeacher(room.t, room.admin, "otto");
  const other = await createSection(room.t, otto, "Other");
  problemId = (await seedSumProblem(room.t, (await seedTask(room.t, room.section.id)).id)).id;
  otherProblem = (await seedSumProblem(room.t, (await seedTask(room.t, other.id)).id)).id;
});

const view = () => `/sections/${room.section.id}/live-class?problem=${problemId}`;
const stream = (q = "") => `/sections/${room.section.id}/live-class/live?problem=${problemId}${q}`;

describe("the teacher's grid", () => {
  test("shows every student's card with their current code", async () => {
    await typeDraft(sam, "print('sam was here')\n");
    const page = await room.teacher.get(view());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`id="live-card-${id("sam")}"`);
    expect(html).toContain(`id="live-card-${id("sue")}"`);
    expect(html).toContain("sam was here");
    expect(html).toContain(`sse-connect="${stream().replace(/&/g, "&amp;")}"`);
    const picker = await (await room.teacher.get(`/sections/${room.section.id}/live-class`)).text();
    expect(picker).toContain("Choose a problem");
  });

  test("two students typing update their own cards live; a test run shows on the card", async () => {
    const live = readSse(await room.teacher.get(stream()));
    await live.until((t) => t.includes("bell-count"));
    await typeDraft(sam, "a, b = 1, 2  # sam typing\n");
    await typeDraft(sue, "print('sue typing')\n");
    const got = await live.until(
      (t) => patches(t).includes("sam typing") && patches(t).includes("sue typing"),
    );
    expect(patches(got)).toContain(`id="live-card-${id("sam")}" hx-swap-oob="true"`);
    expect(patches(got)).toContain(`id="live-card-${id("sue")}" hx-swap-oob="true"`);
    room.t.ctx.events.emit("tests:ran", { problemId, userId: id("sue"), passed: 1, total: 1 });
    await live.until((t) => patches(t).includes("Tests 1/1"));
    await live.close();
  });

  test("bursts of typing are throttled to about one card a second", async () => {
    const live = readSse(await room.teacher.get(stream()));
    await live.until((t) => t.includes("bell-count"));
    for (let i = 0; i < 5; i++) await typeDraft(sam, `x = ${i}\n`);
    await live.until((t) => patches(t).includes('tok-number">4<'));
    const cards = patches(live.text()).split(`id="live-card-${id("sam")}"`).length - 1;
    expect(cards).toBeLessThan(5);
    await live.close();
  });

  test("the read-along page shows one student's code and follows it live", async () => {
    const page = await room.teacher.get(
      `/sections/${room.section.id}/live-class/students/${id("sue")}?problem=${problemId}`,
    );
    expect(page.status).toBe(200);
    const live = readSse(await room.teacher.get(stream(`&student=${id("sue")}`)));
    await live.until((t) => t.includes("bell-count"));
    await typeDraft(sam, "print('not for this page')\n");
    await typeDraft(sue, "print('sue reads along')\n");
    const got = await live.until((t) => patches(t).includes("sue reads along"));
    expect(patches(got)).not.toContain("not for this page");
    await live.close();
  });

  test("the problem page tells students their teacher can see their code", async () => {
    expect(await (await sam.get(`/problems/${problemId}`)).text()).toContain(
      "Your teachers can see the code in this editor",
    );
    expect(await (await room.teacher.get(`/problems/${problemId}`)).text()).toContain(
      "Watch your class work on this problem live",
    );
  });
});

describe("nobody else", () => {
  test("students never see the view, its stream or a classmate's code", async () => {
    for (const path of [
      view(),
      stream(),
      `/sections/${room.section.id}/live-class/students/${id("sue")}?problem=${problemId}`,
    ]) {
      const res = await sam.get(path);
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain("sue typing");
    }
  });

  test("a teacher of another section, and problems or students of other sections", async () => {
    expect((await otto.get(view())).status).toBe(404);
    expect((await otto.get(stream())).status).toBe(404);
    expect(
      (await room.teacher.get(`/sections/${room.section.id}/live-class?problem=${otherProblem}`)).status,
    ).toBe(404);
    const otherStudent = (
      await registerStudent(room.t, (await createSection(room.t, otto, "Third")).code, "olga")
    ).client;
    await otherStudent.get("/");
    expect(
      (
        await room.teacher.get(
          `/sections/${room.section.id}/live-class/students/${id("olga")}?problem=${problemId}`,
        )
      ).status,
    ).toBe(404);
    expect((await room.teacher.get(stream(`&student=${id("olga")}`))).status).toBe(404);
    expect((await new Client(room.t).get(view())).status).toBe(303);
  });
});
