// Who may reach every lesson route: a remedial, published lesson of section A assigned to one
// student. A student of A who is not assigned, a student of another section, another teacher and a
// signed-out visitor are refused on every page, fragment, image, snippet save/reset/run endpoint and
// run stream (404, as if the lesson did not exist; signed-out: sent to log in), and nothing changes.
import { beforeAll, expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";

const { t, admin, teacher, section } = useClassroom();

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);
const RUN = "00000000-0000-4000-8000-000000000000";

let lessonId = 0;
let pageId = 0;
let snippetId = 0;
let sha = "";
const actors: Record<string, Client> = {};
let assigned: Client;

const userId = (name: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id;

beforeAll(async () => {
  const res = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "create",
    markdown: "# Secret help\n\n### One\n\n```python\nprint(input())\n```\n\n### Two\n\ntext",
  });
  lessonId = Number(res.headers.get("location")!.match(/\/lessons\/(\d+)/)![1]);
  assigned = (await registerStudent(t, section.code, "anna")).client;
  actors.unassigned = (await registerStudent(t, section.code, "bert")).client;
  const other = await createTeacher(t, admin, "otto");
  const otherSection = await createSection(t, other, "Other class");
  actors.otherSection = (await registerStudent(t, otherSection.code, "carl")).client;
  actors.otherTeacher = other;
  actors.signedOut = new Client(t);
  await teacher.post(`/lessons/${lessonId}`, {
    title: "Secret help",
    published: "on",
    completion: "manual",
    remedial: "on",
    assignees: String(userId("anna")),
  });
  const form = new FormData();
  form.set("image", new File([PNG], "dot.png", { type: "image/png" }));
  await teacher.request(`/lessons/${lessonId}/images`, { method: "POST", body: form });
  sha = t.ctx.sqlite.query<{ sha256: string }, []>("SELECT sha256 FROM lesson_images").get()!.sha256;
  pageId = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM lesson_pages WHERE lesson_id = ? ORDER BY position")
    .get(lessonId)!.id;
  snippetId = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM lesson_snippets WHERE page_id = ?")
    .get(pageId)!.id;
});

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json", accept: "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const form = (fields: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields),
});

/** Routes a student who sees the lesson may use. */
const studentRoutes = (): [string, RequestInit][] => [
  [`/lessons/${lessonId}`, {}],
  [`/lessons/${lessonId}?page=2`, {}],
  [`/lessons/${lessonId}/pages/${pageId}/complete`, form()],
  [`/lessons/${lessonId}/images/${sha}`, {}],
  [`/lessons/${lessonId}/snippets/${snippetId}`, json("PUT", { code: "print('x')" })],
  [`/lessons/${lessonId}/snippets/${snippetId}`, json("DELETE")],
  [`/lessons/${lessonId}/snippets/${snippetId}/runs`, json("POST", { code: "print(1)" })],
  [`/lessons/${lessonId}/snippets/${snippetId}/runs/${RUN}/events`, {}],
  [`/lessons/${lessonId}/snippets/${snippetId}/runs/${RUN}/stdin`, json("POST", { text: "hi\n" })],
  [`/lessons/${lessonId}/snippets/${snippetId}/runs/${RUN}/stop`, json("POST")],
];

/** Routes only the section's teachers may use. */
const teacherRoutes = (): [string, RequestInit][] => [
  [`/lessons/${lessonId}/edit`, {}],
  [`/lessons/${lessonId}`, form({ title: "Taken", published: "on", completion: "manual" })],
  [`/lessons/${lessonId}/preview`, form({ body: "x" })],
  [`/lessons/${lessonId}/pages/new`, {}],
  [`/lessons/${lessonId}/pages`, form({ title: "Added", body: "x" })],
  [`/lessons/${lessonId}/pages/${pageId}/edit`, {}],
  [`/lessons/${lessonId}/pages/${pageId}`, form({ title: "Changed", body: "x" })],
  [`/lessons/${lessonId}/pages/${pageId}/move/down`, form()],
  [
    `/lessons/${lessonId}/images`,
    {
      method: "POST",
      body: (() => {
        const f = new FormData();
        f.set("image", new File([PNG], "b.png"));
        return f;
      })(),
    },
  ],
  [`/lessons/${lessonId}/export.md`, {}],
  [`/lessons/${lessonId}/results`, {}],
  [`/lessons/${lessonId}/clone`, {}],
  [`/lessons/${lessonId}/clone`, form({ sectionId: String(section.id), title: "Copy" })],
  [`/lessons/${lessonId}/pages/${pageId}/delete`, form()],
  [`/lessons/${lessonId}/delete`, form()],
];

const sectionRoutes = (): [string, RequestInit][] => [
  [`/sections/${section.id}/lessons/new`, {}],
  [`/sections/${section.id}/lessons`, form({ title: "Mine now", completion: "manual" })],
  [`/sections/${section.id}/lessons/import`, {}],
  [`/sections/${section.id}/lessons/import`, form({ op: "create", markdown: "# X\n### Y" })],
  [`/sections/${section.id}/lessons/video-hosts`, {}],
  [`/sections/${section.id}/lessons/video-hosts`, form({ hosts: "evil.example.com" })],
];

function snapshot() {
  return [
    "lessons",
    "lesson_pages",
    "lesson_snippets",
    "lesson_snippet_edits",
    "lesson_page_completions",
    "lesson_images",
    "lesson_video_hosts",
  ]
    .map((table) => `${table}:${countRows(t, table)}`)
    .concat(
      t.ctx.sqlite
        .query<{ s: string }, []>("SELECT group_concat(title || position, ',') AS s FROM lesson_pages")
        .get()!.s ?? "",
    )
    .concat(
      t.ctx.sqlite.query<{ s: string }, []>("SELECT group_concat(title, ',') AS s FROM lessons").get()!.s ??
        "",
    )
    .join(" ");
}

for (const who of ["unassigned", "otherSection", "otherTeacher", "signedOut"] as const) {
  test(`${who}: refused on every lesson route, nothing changes`, async () => {
    const before = snapshot();
    const c = actors[who]!;
    const routes = [...studentRoutes(), ...teacherRoutes()];
    if (who !== "otherSection" && who !== "unassigned") routes.push(...sectionRoutes());
    for (const [path, init] of routes) {
      const res = await c.request(path, init);
      const method = init.method ?? "GET";
      if (who === "signedOut") {
        // Sent to log in (pages) or told to (everything else); never the lesson.
        expect([302, 303, 401], `${method} ${path}`).toContain(res.status);
        expect(await res.text(), `${method} ${path}`).not.toContain("Secret help");
      } else {
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    }
    if (who === "unassigned" || who === "otherSection") {
      // Students are refused the section's teacher routes too.
      for (const [path, init] of sectionRoutes()) {
        const res = await c.request(path, init);
        expect([403, 404], `${init.method ?? "GET"} ${path}`).toContain(res.status);
      }
      // And the lesson is in none of their lists.
      expect(await (await c.get(`/sections/${section.id}`)).text()).not.toContain("Secret help");
    }
    expect(snapshot()).toBe(before);
  });
}

test("the assigned student gets through (the refusals above are about access, not broken routes)", async () => {
  for (const [path, init] of studentRoutes().slice(0, 6)) {
    const res = await assigned.request(path, init);
    expect(res.status, `${init.method ?? "GET"} ${path}`).toBeLessThan(400);
  }
  // Without a sandbox the run answers 503 only once access is granted.
  expect(
    (await assigned.request(`/lessons/${lessonId}/snippets/${snippetId}/runs`, json("POST", { code: "1" })))
      .status,
  ).toBe(503);
  // A snippet of this lesson named through another lesson's address is refused.
  const other = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "create",
    markdown: "# Open\n### P\n```py\n1\n```",
  });
  const otherId = Number(other.headers.get("location")!.match(/\/lessons\/(\d+)/)![1]);
  await teacher.post(`/lessons/${otherId}`, { title: "Open", published: "on", completion: "manual" });
  const cross = await actors.unassigned!.request(
    `/lessons/${otherId}/snippets/${snippetId}`,
    json("PUT", { code: "x" }),
  );
  expect(cross.status).toBe(404);
});
