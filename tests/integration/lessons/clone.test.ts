// Cloning lessons: one lesson into the same or another section of the teacher (pages, snippets,
// images; not students' edits or progress), targeting cleared or kept (assignees not enrolled in the
// target are dropped), never into another teacher's section; and cloneSectionLessons for the bulk
// clone of a section.
import { expect, test } from "bun:test";
import { cloneSectionLessons } from "../../../src/features/lessons/clone.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { postForm } from "../../helpers/forms.ts";

const { t, admin, teacher, section } = useClassroom();

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

const q = <T>(sql: string, ...args: (string | number)[]) =>
  t.ctx.sqlite.query<T, (string | number)[]>(sql).all(...args);
const userId = (name: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", name)[0]!.id;
const lessonIdFrom = (res: Response) => Number(res.headers.get("location")!.match(/\/lessons\/(\d+)/)![1]);

async function remedialLesson() {
  const res = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "create",
    markdown:
      "# Fractions\n\nHelp.\n\n### One\n\n```python\nprint(1/2)\n```\n\n### Two\n\n```py\nprint(input())\n```\n",
  });
  const id = lessonIdFrom(res);
  const form = new FormData();
  form.set("image", new File([PNG], "half.png"));
  await teacher.request(`/lessons/${id}/images`, { method: "POST", body: form });
  const sha = q<{ sha256: string }>("SELECT sha256 FROM lesson_images WHERE lesson_id = ?", id)[0]!.sha256;
  const page = q<{ id: number }>("SELECT id FROM lesson_pages WHERE lesson_id = ? ORDER BY position", id)[0]!;
  await teacher.post(`/lessons/${id}/pages/${page.id}`, {
    title: "One",
    body: `![half](/lessons/${id}/images/${sha})\n\n\`\`\`python\nprint(1/2)\n\`\`\``,
  });
  return { id, sha };
}

test("clone into another section: pages, snippets and images deep; targeting kept for those enrolled", async () => {
  const { client: anna } = await registerStudent(t, section.code, "anna");
  await registerStudent(t, section.code, "ben");
  const { id, sha } = await remedialLesson();
  const saved = await postForm(
    teacher,
    `/lessons/${id}`,
    new URLSearchParams([
      ["title", "Fractions"],
      ["published", "on"],
      ["completion", "manual"],
      ["remedial", "on"],
      ["assignees", String(userId("anna"))],
      ["assignees", String(userId("ben"))],
    ]),
  );
  expect(saved.status).toBe(303);
  // Anna's edit and progress are hers: they are not copied.
  const snip = q<{ id: number }>(
    "SELECT s.id FROM lesson_snippets s JOIN lesson_pages p ON p.id = s.page_id WHERE p.lesson_id = ?",
    id,
  )[0]!;
  await anna.request(`/lessons/${id}/snippets/${snip.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: "mine" }),
  });

  const next = await createSection(t, teacher, "Next term");
  expect((await anna.post(`/join/${next.code}/enroll`)).status).toBe(303); // anna joins the new section; ben does not
  const res = await teacher.post(`/lessons/${id}/clone`, {
    sectionId: String(next.id),
    title: "Fractions (copy)",
    targeting: "keep",
  });
  expect(res.status).toBe(303);
  const copy = lessonIdFrom(res);
  expect(copy).not.toBe(id);
  const row = q<{ section_id: number; title: string; published: number; remedial: number }>(
    "SELECT * FROM lessons WHERE id = ?",
    copy,
  )[0]!;
  expect(row).toMatchObject({ section_id: next.id, title: "Fractions (copy)", published: 0, remedial: 1 });
  const pages = q<{ id: number; title: string; body: string }>(
    "SELECT * FROM lesson_pages WHERE lesson_id = ? ORDER BY position",
    copy,
  );
  expect(pages.map((p) => p.title)).toEqual(["One", "Two"]);
  expect(pages[0]!.body).toContain(`/lessons/${copy}/images/${sha}`);
  const snippets = q<{ code: string }>(
    "SELECT s.code FROM lesson_snippets s JOIN lesson_pages p ON p.id = s.page_id WHERE p.lesson_id = ? ORDER BY p.position, s.position",
    copy,
  );
  expect(snippets.map((s) => s.code)).toEqual(["print(1/2)", "print(input())"]);
  expect(q("SELECT 1 FROM lesson_images WHERE lesson_id = ? AND sha256 = ?", copy, sha)).toHaveLength(1);
  expect(
    q<{ user_id: number }>(
      "SELECT user_id FROM remedial_assignees WHERE item_type = 'lesson' AND item_id = ?",
      copy,
    ).map((r) => r.user_id),
  ).toEqual([userId("anna")]);
  expect(
    q(
      "SELECT 1 FROM lesson_snippet_edits e JOIN lesson_snippets s ON s.id = e.snippet_id JOIN lesson_pages p ON p.id = s.page_id WHERE p.lesson_id = ?",
      copy,
    ),
  ).toHaveLength(0);
  // The copy's image is served through the copy to its teacher.
  expect((await teacher.get(`/lessons/${copy}/images/${sha}`)).status).toBe(200);
  // Editing the copy leaves the original alone.
  await teacher.post(`/lessons/${copy}/pages/${pages[1]!.id}`, { title: "Two changed", body: "x" });
  expect(
    q<{ title: string }>("SELECT title FROM lesson_pages WHERE lesson_id = ? ORDER BY position", id).map(
      (p) => p.title,
    ),
  ).toEqual(["One", "Two"]);
});

test("clone into the same section with targeting cleared", async () => {
  const { id } = await remedialLesson();
  await registerStudent(t, section.code, "cleo");
  await teacher.post(`/lessons/${id}`, {
    title: "Fractions",
    published: "on",
    completion: "manual",
    remedial: "on",
    assignees: String(userId("cleo")),
  });
  const res = await teacher.post(`/lessons/${id}/clone`, {
    sectionId: String(section.id),
    title: "Fractions for all",
    targeting: "clear",
  });
  const copy = lessonIdFrom(res);
  expect(
    q<{ remedial: number; section_id: number }>(
      "SELECT remedial, section_id FROM lessons WHERE id = ?",
      copy,
    )[0],
  ).toEqual({ remedial: 0, section_id: section.id });
  expect(q("SELECT 1 FROM remedial_assignees WHERE item_type = 'lesson' AND item_id = ?", copy)).toHaveLength(
    0,
  );
});

test("never into a section of another teacher", async () => {
  const { id } = await remedialLesson();
  const other = await createTeacher(t, admin, "olga");
  const theirs = await createSection(t, other, "Olga's class");
  const before = q("SELECT id FROM lessons").length;
  const res = await teacher.post(`/lessons/${id}/clone`, { sectionId: String(theirs.id), title: "Sneaky" });
  expect(res.status).toBe(422);
  expect(q("SELECT id FROM lessons").length).toBe(before);
});

test("cloneSectionLessons copies every lesson of a section, in order, keeping or clearing targeting", async () => {
  const from = await createSection(t, teacher, "Old term");
  await registerStudent(t, from.code, "dora");
  for (const title of ["First", "Second"]) {
    await teacher.post(`/sections/${from.id}/lessons/import`, {
      op: "create",
      markdown: `# ${title}\n\n### P\n\n\`\`\`py\nprint('${title}')\n\`\`\``,
    });
  }
  const second = q<{ id: number }>("SELECT id FROM lessons WHERE section_id = ? ORDER BY id", from.id)[1]!.id;
  await teacher.post(`/lessons/${second}`, {
    title: "Second",
    published: "on",
    completion: "end",
    remedial: "on",
    assignees: String(userId("dora")),
  });
  const to = await createSection(t, teacher, "New term");
  const kept = await cloneSectionLessons(t.ctx.db, from.id, to.id, { keepTargeting: true }, t.clock.now());
  expect(kept.map((l) => l.title)).toEqual(["First", "Second"]);
  // dora is not in the new section: a kept-remedial clone with nobody left is a non-remedial draft.
  expect(kept[1]).toMatchObject({ remedial: 0, published: 0, completion: "end" });
  const to2 = await createSection(t, teacher, "Third term");
  const cleared = await cloneSectionLessons(
    t.ctx.db,
    from.id,
    to2.id,
    { keepTargeting: false },
    t.clock.now(),
  );
  expect(cleared.map((l) => l.remedial)).toEqual([0, 0]);
  expect(
    q(
      "SELECT 1 FROM lesson_snippets s JOIN lesson_pages p ON p.id = s.page_id JOIN lessons l ON l.id = p.lesson_id WHERE l.section_id = ?",
      to2.id,
    ),
  ).toHaveLength(2);
});
