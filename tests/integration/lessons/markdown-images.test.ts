// Lesson images inside the exported Markdown: export writes each image a page shows as a
// `[img-<sha12>]: data:…` definition; importing the file into another section stores the images in
// the new lesson (its own addresses, the same bytes, visible to its students), export -> import ->
// export is the same text, a bad image refuses the whole import by line, the preview stores nothing,
// and a data: URL never reaches a rendered page. Real SQLite file, real data directory.
import { expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { createSection, createTeacher, registerStudent } from "../../helpers/client.ts";

const { t, admin, teacher, section } = useClassroom();

const bytesOf = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
const PNG = bytesOf(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
);
const GIF = bytesOf("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
/** A PNG signature followed by filler: passes the content check, `size` bytes long. */
const bigPng = (size: number, seed: number) => {
  const b = new Uint8Array(size);
  b.set(PNG.subarray(0, 8));
  for (let i = 8; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

const q = <T>(sql: string, ...args: (string | number)[]) =>
  t.ctx.sqlite.query<T, (string | number)[]>(sql).all(...args);
const lessonIdFrom = (res: Response) => Number(res.headers.get("location")!.match(/\/lessons\/(\d+)/)![1]);
const bodiesOf = (id: number) =>
  q<{ body: string }>("SELECT body FROM lesson_pages WHERE lesson_id = ? ORDER BY position", id).map(
    (p) => p.body,
  );
const shasOf = (id: number) =>
  q<{ sha256: string }>("SELECT sha256 FROM lesson_images WHERE lesson_id = ? ORDER BY sha256", id).map(
    (r) => r.sha256,
  );

async function importInto(sectionId: number, markdown: string, op = "create") {
  return teacher.post(`/sections/${sectionId}/lessons/import`, { op, markdown });
}

async function upload(id: number, bytes: Uint8Array<ArrayBuffer>, name: string): Promise<string> {
  const form = new FormData();
  form.set("image", new File([bytes], name));
  expect((await teacher.request(`/lessons/${id}/images`, { method: "POST", body: form })).status).toBe(303);
  return q<{ sha256: string }>(
    "SELECT sha256 FROM lesson_images WHERE lesson_id = ? ORDER BY id DESC",
    id,
  )[0]!.sha256;
}

async function publish(id: number) {
  const res = await teacher.post(`/lessons/${id}`, {
    title: "Shapes",
    published: "on",
    completion: "manual",
  });
  expect(res.status).toBe(303);
}

/** A lesson of the first section with a PNG on page one and a GIF and the PNG again on page two. */
async function lessonWithTwoImages() {
  const id = lessonIdFrom(
    await importInto(
      section.id,
      "# Shapes\n\nLook.\n\n### Dot\n\nx\n\n### Pixel\n\ny\n\n```python\nprint(1)\n```\n",
    ),
  );
  const png = await upload(id, PNG, "dot.png");
  const gif = await upload(id, GIF, "pixel.gif");
  const pages = q<{ id: number }>("SELECT id FROM lesson_pages WHERE lesson_id = ? ORDER BY position", id);
  const edit = (pageId: number, title: string, body: string) =>
    teacher.post(`/lessons/${id}/pages/${pageId}`, { title, body });
  expect((await edit(pages[0]!.id, "Dot", `A dot:\n\n![a dot](/lessons/${id}/images/${png})`)).status).toBe(
    303,
  );
  const second = `![one pixel](/lessons/${id}/images/${gif}) and ![the dot](/lessons/${id}/images/${png})\n\n\`\`\`python\n# ![kept](/lessons/${id}/images/${png})\nprint(1)\n\`\`\``;
  expect((await edit(pages[1]!.id, "Pixel", second)).status).toBe(303);
  return { id, png, gif };
}

test("export carries the images; importing it into another section gives the new lesson its own copies", async () => {
  const { id, png, gif } = await lessonWithTwoImages();
  const exported = await (await teacher.get(`/lessons/${id}/export.md`)).text();
  expect(exported).toContain(`![a dot][img-${png.slice(0, 12)}]`);
  expect(exported).toContain(`[img-${png.slice(0, 12)}]: data:image/png;base64,${b64(PNG)}`);
  expect(exported).toContain(`[img-${gif.slice(0, 12)}]: data:image/gif;base64,${b64(GIF)}`);
  // One definition per image, at the end; code keeps what it says.
  expect(exported.match(/^\[img-/gm)!.length).toBe(2);
  expect(exported).toContain(`# ![kept](/lessons/${id}/images/${png})`);

  const next = await createSection(t, teacher, "Next term");
  const form = new FormData();
  form.set("op", "create");
  form.set("file", new File([exported], "shapes.md", { type: "text/markdown" }));
  const res = await teacher.request(`/sections/${next.id}/lessons/import`, { method: "POST", body: form });
  expect(res.status).toBe(303);
  const copy = lessonIdFrom(res);
  expect(copy).not.toBe(id);
  expect(shasOf(copy)).toEqual([png, gif].sort());
  const [dot, pixel] = bodiesOf(copy);
  expect(dot).toBe(`A dot:\n\n![a dot](/lessons/${copy}/images/${png})`);
  expect(pixel).toContain(
    `![one pixel](/lessons/${copy}/images/${gif}) and ![the dot](/lessons/${copy}/images/${png})`,
  );
  expect(pixel).not.toContain("[img-");

  // Export -> import -> export is the same text.
  expect(await (await teacher.get(`/lessons/${copy}/export.md`)).text()).toBe(exported);

  // A student of the new section sees the new lesson's images, the same bytes, and not the old ones.
  await publish(copy);
  const { client: sam } = await registerStudent(t, next.code, "sam");
  for (const [sha, bytes] of [
    [png, PNG],
    [gif, GIF],
  ] as const) {
    const img = await sam.get(`/lessons/${copy}/images/${sha}`);
    expect(img.status).toBe(200);
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(bytes);
    expect((await sam.get(`/lessons/${id}/images/${sha}`)).status).toBe(404);
  }
  const page = await (await sam.get(`/lessons/${copy}?page=2`)).text();
  expect(page).toContain(`src="/lessons/${copy}/images/${gif}"`);
  expect(page).not.toContain("data:");
});

test("the preview shows a placeholder for each image and stores nothing", async () => {
  const { id } = await lessonWithTwoImages();
  const exported = await (await teacher.get(`/lessons/${id}/export.md`)).text();
  const lessons = countRows(t, "lessons");
  const images = countRows(t, "lesson_images");
  const res = await importInto(section.id, exported, "preview");
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain("Image “a dot”: PNG, 1 KiB, stored when you create the lesson");
  expect(html).toContain("Image “one pixel”: GIF");
  expect(html).not.toContain('src="data:');
  expect(countRows(t, "lessons")).toBe(lessons);
  expect(countRows(t, "lesson_images")).toBe(images);
});

test("a bad image refuses the whole import with its line and creates nothing", async () => {
  const start = "# Bad\n\n### One\n\n![x][img-a]\n\n![y][img-b]\n\n";
  const good = `[img-a]: data:image/png;base64,${b64(PNG)}`;
  const cases: [string, string][] = [
    [
      `[img-b]: data:text/plain;base64,${b64(new TextEncoder().encode("hello, not an image"))}`,
      "PNG, JPEG, GIF and WebP",
    ],
    [
      `[img-b]: data:image/svg+xml;base64,${b64(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))}`,
      "SVG images are not allowed",
    ],
    [
      `[img-b]: data:image/png;base64,${b64(new TextEncoder().encode('<svg onload="x"/>'))}`,
      "PNG, JPEG, GIF and WebP",
    ],
    [`[img-b]: data:image/png;base64,${b64(bigPng(901 * 1024, 1))}`, "at most 900 KiB"],
    ["[img-b]: data:image/png;base64,@@not*base64@@", "not valid base64"],
    ["[img-b]: data:image/png;base64,iVBORw0KGgo", "not valid base64"],
  ];
  const lessons = countRows(t, "lessons");
  const images = countRows(t, "lesson_images");
  for (const [bad, message] of cases) {
    const res = await importInto(section.id, `${start}${good}\n${bad}\n`);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Line 10:");
    expect(html).toContain(message);
    expect(countRows(t, "lessons")).toBe(lessons);
    expect(countRows(t, "lesson_images")).toBe(images);
  }
  // A reference without its definition, and one label defined twice.
  const missing = await importInto(section.id, `${start}${good}\n`);
  expect(missing.status).toBe(422);
  expect(await missing.text()).toContain("Line 7: This image refers to [img-b]");
  const twice = await importInto(section.id, `${start}${good}\n${good.replace("img-a", "img-b")}\n${good}\n`);
  expect(await twice.text()).toContain("Line 11: The image [img-a] is defined twice (also on line 9)");
  // The preview refuses the same way.
  expect((await importInto(section.id, `${start}${good}\n${cases[0]![0]}\n`, "preview")).status).toBe(422);
  expect(countRows(t, "lessons")).toBe(lessons);
  expect(countRows(t, "lesson_images")).toBe(images);
});

test("a data: URL written in a page never reaches the rendered page", async () => {
  const id = lessonIdFrom(
    await importInto(
      section.id,
      `# Sneaky\n\n### One\n\n![inline](data:image/png;base64,${b64(PNG)})\n\n<img src="data:image/png;base64,${b64(PNG)}">\n\n<img src="DATA:image/svg+xml;base64,PHN2Zz4=">\n`,
    ),
  );
  const html = await (await teacher.get(`/lessons/${id}`)).text();
  expect(html.toLowerCase()).not.toContain("data:");
  const preview = await teacher.post(`/lessons/${id}/preview`, {
    body: `![x](data:image/png;base64,${b64(PNG)})`,
  });
  expect((await preview.text()).toLowerCase()).not.toContain("data:");
});

test("the import takes a lesson with a few large images (over 1 MiB) and refuses more than 8 MiB with 413", async () => {
  const imgs = [bigPng(850 * 1024, 1), bigPng(850 * 1024, 2), bigPng(850 * 1024, 3)];
  const md = `# Big\n\n### One\n\n${imgs.map((_, i) => `![p${i}][img-p${i}]`).join("\n\n")}\n\n${imgs
    .map((b, i) => `[img-p${i}]: data:image/png;base64,${b64(b)}`)
    .join("\n")}\n`;
  expect(md.length).toBeGreaterThan(3 * 1024 * 1024);
  const res = await importInto(section.id, md);
  expect(res.status).toBe(303);
  const id = lessonIdFrom(res);
  expect(shasOf(id).length).toBe(3);
  const first = q<{ sha256: string }>(
    "SELECT sha256 FROM lesson_images WHERE lesson_id = ? AND name = 'p0'",
    id,
  )[0]!;
  const img = await teacher.get(`/lessons/${id}/images/${first.sha256}`);
  expect(new Uint8Array(await img.arrayBuffer())).toEqual(imgs[0]!);

  const lessons = countRows(t, "lessons");
  const huge = await importInto(section.id, `# Huge\n\n### One\n\n${"x".repeat(9 * 1024 * 1024)}\n`);
  expect(huge.status).toBe(413);
  expect(await huge.text()).toContain("larger than 8 MiB");
  expect(countRows(t, "lessons")).toBe(lessons);
});

test("addresses of another lesson the teacher may edit are copied; another teacher's are left alone", async () => {
  const { id, png } = await lessonWithTwoImages();
  const md = `# Pasted\n\n### One\n\n![a dot](/lessons/${id}/images/${png})\n`;
  const copy = lessonIdFrom(await importInto(section.id, md));
  expect(shasOf(copy)).toEqual([png]);
  expect(bodiesOf(copy)[0]).toBe(`![a dot](/lessons/${copy}/images/${png})`);

  const olga = await createTeacher(t, admin, "olga");
  const hers = await createSection(t, olga, "Olga's class");
  const res = await olga.post(`/sections/${hers.id}/lessons/import`, { op: "create", markdown: md });
  expect(res.status).toBe(303);
  const theirs = lessonIdFrom(res);
  expect(shasOf(theirs)).toEqual([]);
  expect(bodiesOf(theirs)[0]).toBe(`![a dot](/lessons/${id}/images/${png})`);
  expect((await olga.get(`/lessons/${theirs}/images/${png}`)).status).toBe(404);
});

test("the preview's Create button posts the file again (multipart) and creates the lesson with its images", async () => {
  const { id, png, gif } = await lessonWithTwoImages();
  const exported = await (await teacher.get(`/lessons/${id}/export.md`)).text();
  const form = new FormData();
  form.set("op", "preview");
  form.set("file", new File([exported], "shapes.md"));
  const preview = await teacher.request(`/sections/${section.id}/lessons/import`, {
    method: "POST",
    body: form,
  });
  expect(preview.status).toBe(200);
  const html = await preview.text();
  expect(html).toMatch(/<form[^>]*enctype="multipart\/form-data"[^>]*class="actions"/);
  const create = new FormData();
  create.set("op", "create");
  create.set("markdown", exported);
  const res = await teacher.request(`/sections/${section.id}/lessons/import`, {
    method: "POST",
    body: create,
  });
  expect(res.status).toBe(303);
  expect(shasOf(lessonIdFrom(res))).toEqual([png, gif].sort());
});

test("the page editor refuses an image definition line, which the file keeps for its images", async () => {
  const { id } = await lessonWithTwoImages();
  const page = q<{ id: number; body: string }>(
    "SELECT id, body FROM lesson_pages WHERE lesson_id = ? ORDER BY position",
    id,
  )[0]!;
  const res = await teacher.post(`/lessons/${id}/pages/${page.id}`, {
    title: "Dot",
    body: `Hi\n\n[img-x]: data:image/png;base64,${b64(PNG)}`,
  });
  expect(res.status).toBe(422);
  expect(await res.text()).toContain("Line 3 of the page is an image definition");
  expect(bodiesOf(id)[0]).toBe(page.body);
});
