// Lessons through the app over a real SQLite file: import with preview, the section page's list,
// what students see (drafts, start times), editing and reordering pages, snippet edits kept per
// student, page completion and progress, the results page and the class dashboard, images, video
// hosts and the frame policy, export.
import { expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom();

const LESSON = `# Loops

Repeat things.

### Counting

\`\`\`python
for i in range(3):
    print(i)
\`\`\`

### Asking

\`\`\`py
name = input("Name? ")
print("Hi", name)
\`\`\`

Some text.

### Wrapping up

Done!
`;

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

async function importLesson(md = LESSON, sectionId = section.id, who: Client = teacher): Promise<number> {
  const res = await who.post(`/sections/${sectionId}/lessons/import`, { op: "create", markdown: md });
  expect(res.status).toBe(303);
  return Number(res.headers.get("location")!.match(/\/lessons\/(\d+)/)![1]);
}

async function publish(id: number, extra: Record<string, string> = {}) {
  const res = await teacher.post(`/lessons/${id}`, {
    title: "Loops",
    description: "Repeat things.",
    published: "on",
    completion: "manual",
    ...extra,
  });
  expect(res.status).toBe(303);
}

let n = 0;
async function student(): Promise<{ c: Client; id: number }> {
  const name = `stu${++n}`;
  const { client } = await registerStudent(t, section.code, name);
  const id = t.ctx.sqlite
    .query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?")
    .get(name)!.id;
  return { c: client, id };
}

const pagesOf = (lessonId: number) =>
  t.ctx.sqlite
    .query<{ id: number; title: string }, [number]>(
      "SELECT id, title FROM lesson_pages WHERE lesson_id = ? ORDER BY position",
    )
    .all(lessonId);
const snippetsOf = (pageId: number) =>
  t.ctx.sqlite
    .query<{ id: number; code: string }, [number]>(
      "SELECT id, code FROM lesson_snippets WHERE page_id = ? ORDER BY position",
    )
    .all(pageId);

test("import previews first, shows errors with lines, and creates a draft only when asked", async () => {
  const before = countRows(t, "lessons");
  const preview = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "preview",
    markdown: LESSON,
  });
  expect(preview.status).toBe(200);
  const html = await preview.text();
  expect(html).toContain("Preview");
  expect(html).toContain("Counting");
  expect(html).toContain("Create lesson (3 pages)");
  expect(countRows(t, "lessons")).toBe(before);

  const bad = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "create",
    markdown: "# T\r\n\r\n### \r\nx",
  });
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("Line 3:");
  expect(countRows(t, "lessons")).toBe(before);

  // A file upload works the same way.
  const form = new FormData();
  form.set("op", "preview");
  form.set("file", new File([LESSON.replace(/\n/g, "\r\n")], "loops.md", { type: "text/markdown" }));
  const up = await teacher.request(`/sections/${section.id}/lessons/import`, { method: "POST", body: form });
  expect(up.status).toBe(200);
  expect(await up.text()).toContain("Wrapping up");

  const id = await importLesson();
  expect(countRows(t, "lessons")).toBe(before + 1);
  const row = t.ctx.sqlite
    .query<{ published: number }, [number]>("SELECT published FROM lessons WHERE id = ?")
    .get(id)!;
  expect(row.published).toBe(0);
  const pages = pagesOf(id);
  expect(pages.map((p) => p.title)).toEqual(["Counting", "Asking", "Wrapping up"]);
  expect(snippetsOf(pages[1]!.id).map((s) => s.code)).toEqual(['name = input("Name? ")\nprint("Hi", name)']);
});

test("export gives back the imported Markdown; a re-import is the same lesson", async () => {
  const id = await importLesson();
  const res = await teacher.get(`/lessons/${id}/export.md`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/markdown");
  expect(await res.text()).toBe(LESSON);
});

test("students see published, started lessons only, with their progress", async () => {
  const id = await importLesson();
  const { c } = await student();
  expect((await c.get(`/lessons/${id}`)).status).toBe(404); // a draft
  expect(await (await c.get(`/sections/${section.id}`)).text()).not.toContain(`/lessons/${id}"`);
  const later = new Date(t.clock.now() + 86_400_000);
  const local = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, "0")}-${String(later.getDate()).padStart(2, "0")}T09:00`;
  await publish(id, { starts_at: local });
  expect((await c.get(`/lessons/${id}`)).status).toBe(404); // not started
  await publish(id);
  const page = await c.get(`/lessons/${id}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Mark page complete");
  expect(html).toContain('data-snippet="');
  const list = await (await c.get(`/sections/${section.id}`)).text();
  expect(list).toContain(`/lessons/${id}"`);
  expect(list).toContain("0 of 3 pages");
});

test("completing pages: progress on the lesson, the section list, the results and the dashboard", async () => {
  const id = await importLesson();
  await publish(id);
  const a = await student();
  const b = await student();
  const pages = pagesOf(id);
  const done = await a.c.post(`/lessons/${id}/pages/${pages[0]!.id}/complete`, { next: "2" });
  expect(done.status).toBe(303);
  expect(done.headers.get("location")).toBe(`/lessons/${id}?page=2`);
  const json = await a.c.request(`/lessons/${id}/pages/${pages[1]!.id}/complete`, {
    method: "POST",
    headers: { accept: "application/json" },
  });
  expect(await json.json()).toEqual({ done: 2, total: 3 });
  // Twice is still once.
  await a.c.post(`/lessons/${id}/pages/${pages[1]!.id}/complete`);
  expect(await (await a.c.get(`/sections/${section.id}`)).text()).toContain("2 of 3 pages");
  const page2 = await (await a.c.get(`/lessons/${id}?page=2`)).text();
  expect(page2).toContain("You completed this page.");
  await b.c.post(`/lessons/${id}/pages/${pages[2]!.id}/complete`);

  const results = await (await teacher.get(`/lessons/${id}/results`)).text();
  expect(results).toContain("Student stu");
  // Each page was completed by one student (a: pages 1 and 2, b: page 3): the footer counts.
  expect(results.match(/page-col">1\/\d+</g) ?? []).toHaveLength(3);
  expect(results).toMatch(/0 of \d+ students? completed every page/);
  for (const p of pages.slice(1)) await a.c.post(`/lessons/${id}/pages/${p.id}/complete`);
  expect(await (await teacher.get(`/lessons/${id}/results`)).text()).toMatch(
    /1 of \d+ students? completed every page/,
  );

  const dash = await (await teacher.get(`/sections/${section.id}/dashboard`)).text();
  expect(dash).toContain(`/lessons/${id}/results`);
  // A page from another lesson cannot be completed through this one.
  const other = await importLesson();
  await publish(other);
  const foreign = await a.c.post(`/lessons/${id}/pages/${pagesOf(other)[0]!.id}/complete`);
  expect(foreign.status).toBe(404);
});

test("a lesson that completes at the end of a page says so instead of showing a button", async () => {
  const id = await importLesson();
  await publish(id, { completion: "end" });
  const { c } = await student();
  const html = await (await c.get(`/lessons/${id}`)).text();
  expect(html).toContain("data-complete-at-end=");
  expect(html).not.toContain("Mark page complete");
});

test("a student's snippet edits are kept per student; reset brings the original back", async () => {
  const id = await importLesson();
  await publish(id);
  const a = await student();
  const b = await student();
  const page = pagesOf(id)[1]!;
  const snip = snippetsOf(page.id)[0]!;
  const save = await a.c.request(`/lessons/${id}/snippets/${snip.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: 'print("mine ✓")' }),
  });
  expect(save.status).toBe(200);
  expect(await (await a.c.get(`/lessons/${id}?page=2`)).text()).toContain("mine ✓");
  expect(await (await b.c.get(`/lessons/${id}?page=2`)).text()).not.toContain("mine ✓");
  // The teacher fixes the page: the edit stays with its snippet.
  const edit = await teacher.post(`/lessons/${id}/pages/${page.id}`, {
    title: "Asking",
    body: '```py\nname = input("Your name? ")\nprint("Hi", name)\n```',
  });
  expect(edit.status).toBe(303);
  expect(snippetsOf(page.id)[0]!.id).toBe(snip.id);
  expect(await (await a.c.get(`/lessons/${id}?page=2`)).text()).toContain("mine ✓");
  const reset = await a.c.request(`/lessons/${id}/snippets/${snip.id}`, { method: "DELETE" });
  expect(await reset.json()).toEqual({ code: 'name = input("Your name? ")\nprint("Hi", name)' });
  expect(await (await a.c.get(`/lessons/${id}?page=2`)).text()).not.toContain("mine ✓");
  // Bad input changes nothing.
  const big = await a.c.request(`/lessons/${id}/snippets/${snip.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: "x".repeat(70_000) }),
  });
  expect(big.status).toBe(400);
  expect(countRows(t, "lesson_snippet_edits")).toBe(0);
});

test("pages: add, edit, reorder, delete; a ### heading in a page is refused with its line", async () => {
  const id = await importLesson();
  const add = await teacher.post(`/lessons/${id}/pages`, { title: "Extra", body: "More text" });
  expect(add.status).toBe(303);
  expect(pagesOf(id).map((p) => p.title)).toEqual(["Counting", "Asking", "Wrapping up", "Extra"]);
  const extra = pagesOf(id)[3]!;
  expect((await teacher.post(`/lessons/${id}/pages/${extra.id}/move/up`)).status).toBe(303);
  expect(pagesOf(id).map((p) => p.title)).toEqual(["Counting", "Asking", "Extra", "Wrapping up"]);
  const bad = await teacher.post(`/lessons/${id}/pages/${extra.id}`, {
    title: "Extra",
    body: "a\n### sneaky",
  });
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("Line 2 of the page");
  expect((await teacher.post(`/lessons/${id}/pages/${extra.id}/delete`)).status).toBe(303);
  expect(pagesOf(id).map((p) => p.title)).toEqual(["Counting", "Asking", "Wrapping up"]);
  const empty = await teacher.post(`/lessons/${id}/pages`, { title: "", body: "x" });
  expect(empty.status).toBe(422);
});

test("remedial lessons: the form needs a student; only assignees see it", async () => {
  const id = await importLesson();
  const a = await student();
  const b = await student();
  const none = await teacher.post(`/lessons/${id}`, {
    title: "Loops",
    published: "on",
    remedial: "on",
    completion: "manual",
  });
  expect(none.status).toBe(422);
  expect(await none.text()).toContain("Choose at least one student");
  await publish(id, { remedial: "on", assignees: String(a.id) });
  expect((await a.c.get(`/lessons/${id}`)).status).toBe(200);
  expect((await b.c.get(`/lessons/${id}`)).status).toBe(404);
  expect(await (await b.c.get(`/sections/${section.id}`)).text()).not.toContain(`/lessons/${id}"`);
  expect(await (await a.c.get(`/sections/${section.id}`)).text()).toContain(`/lessons/${id}"`);
  // The dashboard leaves it out unless asked.
  const title = "Remedial loops";
  await publish(id, { title, remedial: "on", assignees: String(a.id) });
  expect(await (await teacher.get(`/sections/${section.id}/dashboard`)).text()).not.toContain(title);
  expect(await (await teacher.get(`/sections/${section.id}/dashboard?remedial=1`)).text()).toContain(title);
  // Deleting the lesson removes its assignments (the trigger).
  await teacher.post(`/lessons/${id}/delete`);
  const left = t.ctx.sqlite
    .query<{ n: number }, [number]>(
      "SELECT count(*) AS n FROM remedial_assignees WHERE item_type = 'lesson' AND item_id = ?",
    )
    .get(id)!.n;
  expect(left).toBe(0);
});

test("images are checked by content and served only to those who see the lesson", async () => {
  const id = await importLesson();
  const form = new FormData();
  form.set("image", new File([PNG], "dot.png", { type: "image/png" }));
  const up = await teacher.request(`/lessons/${id}/images`, { method: "POST", body: form });
  expect(up.status).toBe(303);
  const sha = t.ctx.sqlite
    .query<{ sha256: string }, [number]>("SELECT sha256 FROM lesson_images WHERE lesson_id = ?")
    .get(id)!.sha256;
  const svg = new FormData();
  svg.set(
    "image",
    new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], "x.png", {
      type: "image/png",
    }),
  );
  await teacher.request(`/lessons/${id}/images`, { method: "POST", body: svg });
  expect(countRows(t, "lesson_images")).toBeGreaterThanOrEqual(1);
  expect(
    t.ctx.sqlite
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM lesson_images WHERE lesson_id = ?")
      .get(id)!.n,
  ).toBe(1);

  const img = await teacher.get(`/lessons/${id}/images/${sha}`);
  expect(img.status).toBe(200);
  expect(img.headers.get("content-type")).toBe("image/png");
  expect(img.headers.get("x-content-type-options")).toBe("nosniff");
  const { c } = await student();
  expect((await c.get(`/lessons/${id}/images/${sha}`)).status).toBe(404); // draft
  await publish(id);
  expect((await c.get(`/lessons/${id}/images/${sha}`)).status).toBe(200);
  // The same image through another lesson the student cannot see is refused.
  const other = await importLesson();
  expect((await c.get(`/lessons/${other}/images/${sha}`)).status).toBe(404);
});

test("video hosts: per section, edited by its teachers, and named in the page's frame policy", async () => {
  const id = await importLesson(
    '# Video\n\n### Watch\n\n<iframe src="https://media.example.org/embed/1"></iframe>\n\n<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>\n',
  );
  let page = await teacher.get(`/lessons/${id}`);
  let html = await page.text();
  expect(html).toContain("https://www.youtube-nocookie.com/embed/x");
  expect(html).not.toContain("media.example.org");
  expect(page.headers.get("content-security-policy")).toContain(
    "frame-src 'self' https://www.youtube-nocookie.com",
  );
  const bad = await teacher.post(`/sections/${section.id}/lessons/video-hosts`, {
    hosts: "javascript:alert(1)",
  });
  expect(bad.status).toBe(422);
  const ok = await teacher.post(`/sections/${section.id}/lessons/video-hosts`, {
    hosts: "media.example.org",
  });
  expect(ok.status).toBe(303);
  page = await teacher.get(`/lessons/${id}`);
  html = await page.text();
  expect(html).toContain("https://media.example.org/embed/1");
  expect(html).not.toContain("youtube-nocookie.com/embed/x");
  expect(page.headers.get("content-security-policy")).toContain("frame-src 'self' https://media.example.org");
  await teacher.post(`/sections/${section.id}/lessons/video-hosts`, {
    hosts: "www.youtube-nocookie.com\nplayer.vimeo.com",
  });
});
