// Question banks through their routes: create, nested categories, the question editor (every type's
// form, its rules, versions and history), sharing with a section, GIFT and Aiken import (a preview
// first; every error with its line; nothing stored on error) and GIFT, Aiken and CSV export.
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseAiken } from "../../../src/features/assessments/formats/aiken.ts";
import { parseGift } from "../../../src/features/assessments/formats/gift.ts";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher } from "../../helpers/client.ts";
import { categoryId, joinedStudent } from "./helpers.ts";

const { t, teacher, section, admin } = useClassroom({ section: "Banks" });
const fixture = (name: string) => readFileSync(`tests/fixtures/assessments/${name}`, "utf8");
let bank: number;
let root: number;

beforeAll(async () => {
  const res = await teacher.post("/banks", { name: "Python basics" });
  expect(res.status).toBe(303);
  bank = Number(res.headers.get("location")!.split("/").pop());
  root = categoryId(t, bank, "Default");
});

const importForm = (text: string, op: string, format = "gift") => ({
  format,
  category_id: String(root),
  text,
  op,
});

describe("import", () => {
  test("a preview lists what will be created and stores nothing", async () => {
    const before = countRows(t, "questions");
    const res = await teacher.post(
      `/banks/${bank}/import`,
      importForm(fixture("every-construct.gift"), "preview"),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Preview: 16 questions will be created");
    expect(html).toContain("Category $course$/Python/Basics");
    expect(html).toContain("Loop count");
    expect(countRows(t, "questions")).toBe(before);
  });

  test("every error with its line, and nothing imported", async () => {
    const before = countRows(t, "questions");
    const res = await teacher.post(`/banks/${bank}/import`, importForm(fixture("malformed.gift"), "import"));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("5 errors: nothing was imported.");
    for (const line of [3, 5, 7, 9, 11]) expect(html).toContain(`Line ${line}:`);
    expect(countRows(t, "questions")).toBe(before);
    const aiken = await teacher.post(
      `/banks/${bank}/import`,
      importForm(fixture("malformed.aiken.txt"), "import", "aiken"),
    );
    expect(await aiken.text()).toContain("Line 19: This question has no ANSWER: line.");
    expect(countRows(t, "questions")).toBe(before);
  });

  test("the editor's rules apply to imports (a single-answer question without a 100% answer)", async () => {
    const res = await teacher.post(`/banks/${bank}/import`, importForm("\n::bad::Q{~%50%a ~b}", "import"));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Line 2: The positive credits");
  });

  test("confirming imports everything, with the categories of $CATEGORY: lines nested", async () => {
    const res = await teacher.post(
      `/banks/${bank}/import`,
      importForm(fixture("every-construct.gift"), "import"),
    );
    expect(res.status).toBe(303);
    const cats = t.ctx.sqlite
      .query<{ name: string; parent: string | null }, [number]>(
        "SELECT c.name, p.name AS parent FROM question_categories c LEFT JOIN question_categories p ON p.id = c.parent_id WHERE c.bank_id = ? ORDER BY c.id",
      )
      .all(bank);
    expect(cats).toEqual([
      { name: "Default", parent: null },
      { name: "Python", parent: null },
      { name: "Basics", parent: "Python" },
      { name: "Escapes", parent: "Python" },
    ]);
    const page = await (await teacher.get(`/banks/${bank}`)).text();
    expect(page).toContain("16 questions in 4 categories");
  });

  test("an uploaded Aiken file imports", async () => {
    const body = new FormData();
    body.set("format", "aiken");
    body.set("category_id", String(root));
    body.set("op", "import");
    body.set("file", new File([fixture("basic.aiken.txt")], "quiz.txt", { type: "text/plain" }));
    const res = await teacher.request(`/banks/${bank}/import`, { method: "POST", body });
    expect(res.status).toBe(303);
    expect(await (await teacher.get(`/banks/${bank}`)).text()).toContain("18 questions");
  });

  test("an empty or oversized import is refused with a message", async () => {
    expect(await (await teacher.post(`/banks/${bank}/import`, importForm("  ", "import"))).text()).toContain(
      "Choose a file",
    );
    const big = await teacher.post(`/banks/${bank}/import`, importForm("x".repeat(600 * 1024), "import"));
    expect(big.status).toBe(422);
  });
});

describe("export", () => {
  test("GIFT reads back to the same questions and categories", async () => {
    const res = await teacher.get(`/banks/${bank}/export/gift`);
    expect(res.headers.get("content-disposition")).toContain("python-basics-gift.txt");
    const parsed = parseGift(await res.text());
    expect(parsed.errors).toEqual([]);
    const names = parsed.items.flatMap((i) =>
      i.item.qtype === "category" ? [`#${i.item.category}`] : [i.item.name],
    );
    expect(names).toContain("#Python/Basics");
    expect(names).toContain("Loop count");
    expect(parsed.items.filter((i) => i.item.qtype !== "category")).toHaveLength(18);
  });

  test("Aiken holds only what fits; CSV has a row per question", async () => {
    const aiken = parseAiken(await (await teacher.get(`/banks/${bank}/export/aiken`)).text());
    expect(aiken.errors).toEqual([]);
    expect(aiken.items.length).toBeGreaterThanOrEqual(4);
    const csv = await (await teacher.get(`/banks/${bank}/export/csv`)).text();
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(19);
    expect(csv).toContain("Loop count");
  });
});

describe("editor and versions", () => {
  const base = () => ({
    category_id: String(root),
    default_mark: "2",
    general_feedback: "",
    tags: "loops, easy",
  });

  test("every type's form saves a question; bad forms say why and store nothing", async () => {
    const forms: Record<string, Record<string, string>> = {
      multichoice: {
        single: "on",
        answer_0: "a",
        credit_0: "100",
        answer_1: "b",
        credit_1: "-25",
        feedback_1: "no",
      },
      truefalse: { correct: "false", feedback_true: "no", feedback_false: "yes" },
      shortanswer: { answer_0: "def", credit_0: "100", answer_1: "de*", credit_1: "50", usecase: "on" },
      numerical: { answer_0: "3.14", tolerance_0: "0.01", credit_0: "100" },
      match: { left_0: "a", right_0: "1", left_1: "b", right_1: "2", right_2: "3" },
      essay: {},
      description: {},
    };
    for (const [qtype, extra] of Object.entries(forms)) {
      const res = await teacher.post(`/banks/${bank}/questions`, {
        qtype,
        name: `Form ${qtype}`,
        text: `Text of ${qtype}`,
        ...base(),
        ...extra,
      });
      expect(res.status, qtype).toBe(303);
    }
    const stored = t.ctx.sqlite
      .query<{ data: string; tags: string }, [string]>(
        "SELECT data, tags FROM question_versions WHERE name = ?",
      )
      .get("Form shortanswer")!;
    expect(JSON.parse(stored.data)).toMatchObject({ answer: ["def", "de*"], fraction: [1, 0.5], usecase: 1 });
    expect(JSON.parse(stored.tags)).toEqual(["loops", "easy"]);
    const before = countRows(t, "questions");
    const bad = await teacher.post(`/banks/${bank}/questions`, {
      qtype: "numerical",
      name: "Bad",
      text: "x",
      ...base(),
      answer_0: "pi",
      credit_0: "100",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Numerical answers must be numbers");
    const noName = await teacher.post(`/banks/${bank}/questions`, {
      qtype: "essay",
      name: "",
      text: "x",
      ...base(),
    });
    expect(await noName.text()).toContain("The question needs a name.");
    expect(countRows(t, "questions")).toBe(before);
  });

  test("an edit adds a version; the history lists them all and shows any one", async () => {
    const id = t.ctx.sqlite
      .query<{ id: number }, []>(
        "SELECT q.id FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE v.name = 'Form truefalse'",
      )
      .get()!.id;
    const form = await (await teacher.get(`/questions/${id}/edit`)).text();
    expect(form).toContain('value="Form truefalse"');
    for (const text of ["Second text", "Third text"]) {
      const res = await teacher.post(`/questions/${id}`, {
        name: "Form truefalse",
        text,
        correct: "true",
        ...base(),
      });
      expect(res.status).toBe(303);
    }
    const page = await (await teacher.get(`/questions/${id}`)).text();
    expect(page).toContain("version 3 (current)");
    expect(page).toContain("Third text");
    expect(page).toContain(`/questions/${id}?version=1`);
    const v1 = await (await teacher.get(`/questions/${id}?version=1`)).text();
    expect(v1).toContain("Text of truefalse");
    expect(countRows(t, "question_versions")).toBeGreaterThanOrEqual(3);
  });
});

describe("sharing and access", () => {
  let co: Client;
  beforeAll(async () => {
    co = await createTeacher(t, admin, "cora");
  });

  test("a bank shared with a section is usable by its other teachers, and only then", async () => {
    expect((await co.get(`/banks/${bank}`)).status).toBe(404);
    const coId = t.ctx.sqlite
      .query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?")
      .get("cora")!.id;
    const added = await admin.post(`/sections/${section.id}/teachers`, { userId: String(coId) });
    expect(added.status).toBe(303);
    expect((await co.get(`/banks/${bank}`)).status).toBe(404);
    const shared = await teacher.post(`/banks/${bank}/sharing`, { section: String(section.id) });
    expect(shared.status).toBe(303);
    expect((await co.get(`/banks/${bank}`)).status).toBe(200);
    expect(await (await co.get("/banks")).text()).toContain("(shared)");
    // only the owner changes sharing, and only to sections they teach
    expect((await co.post(`/banks/${bank}/sharing`, {})).status).toBe(403);
    expect((await teacher.post(`/banks/${bank}/sharing`, { section: "999" })).status).toBe(422);
    await teacher.post(`/banks/${bank}/sharing`, {});
    expect((await co.get(`/banks/${bank}`)).status).toBe(404);
  });

  test("students and signed-out visitors cannot reach banks", async () => {
    const student = await joinedStudent(t, section.code);
    for (const path of ["/banks", `/banks/${bank}`, `/banks/${bank}/export/gift`, `/banks/${bank}/import`]) {
      expect((await student.get(path)).status).toBe(403);
    }
    expect((await student.post(`/banks/${bank}/import`, importForm("Q{T}", "import"))).status).toBe(403);
    expect((await student.post("/banks", { name: "mine" })).status).toBe(403);
  });
});

describe("images", () => {
  // A 1x1 PNG.
  const PNG = Uint8Array.from(
    atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
    (ch) => ch.charCodeAt(0),
  );
  const upload = (client: Client, bytes: Uint8Array, name: string) => {
    const body = new FormData();
    body.set("image", new File([bytes as Uint8Array<ArrayBuffer>], name));
    return client.request(`/banks/${bank}/images`, { method: "POST", body });
  };

  test("an uploaded image is stored once, shown in question text, and only PNG/JPEG/GIF/WebP are taken", async () => {
    const res = await upload(teacher, PNG, "diagram.png");
    expect(res.status).toBe(303);
    const page = await (await teacher.get(`/banks/${bank}`)).text();
    const sha = page.match(/\/question-images\/([0-9a-f]{64})/)![1]!;
    expect(page).toContain(`![diagram](/question-images/${sha})`);
    expect((await upload(teacher, PNG, "again.png")).status).toBe(303);
    expect(countRows(t, "question_images")).toBe(1);
    const img = await teacher.get(`/question-images/${sha}`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG);
    const student = await joinedStudent(t, section.code);
    // No question of an assessment of theirs shows it (image-access.test.ts covers who may).
    expect((await student.get(`/question-images/${sha}`)).status).toBe(404);
    expect((await new Client(t).get(`/question-images/${sha}`)).status).toBe(303);
    expect((await teacher.get(`/question-images/${"0".repeat(64)}`)).status).toBe(404);
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    expect((await upload(teacher, svg, "evil.svg")).status).toBe(422);
    const big = new Uint8Array(950 * 1024);
    big.set(PNG);
    expect((await upload(teacher, big, "big.png")).status).toBe(422);
    expect((await upload(student, PNG, "mine.png")).status).toBe(403);
    expect(countRows(t, "question_images")).toBe(1);
    // In a question's Markdown the image survives sanitizing.
    const made = await teacher.post(`/banks/${bank}/questions`, {
      qtype: "essay",
      name: "With image",
      text: `Describe this: ![diagram](/question-images/${sha}) <img src=x onerror=alert(1)>`,
      category_id: String(root),
      default_mark: "1",
    });
    expect(made.status).toBe(303);
    const shown = await (await teacher.get(made.headers.get("location")!)).text();
    expect(shown).toContain(`<img src="/question-images/${sha}" alt="diagram"`);
    expect(shown).not.toContain("onerror");
  });
});
