// Question images are served only to those whose bank, assessment or attempt uses them: teachers who
// may use a bank holding the image, teachers of a section whose assessment lists a question showing
// it, students whose own attempt holds such a question or whose section's published assessment
// lists one. Everyone else gets the same 404 as for an image that does not exist.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher } from "../../helpers/client.ts";
import {
  addQuestions,
  bankFromGift,
  categoryId,
  createAssessment,
  joinedStudent,
  questionId,
  start,
  submit,
} from "./helpers.ts";

// A 1x1 PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

const { t, teacher, section, admin } = useClassroom({ section: "Images" });
let bank: number;
let sha: string;
let quiz: number;
let co: Client;
const url = () => `/question-images/${sha}`;
const status = async (client: Client) => (await client.get(url())).status;

beforeAll(async () => {
  bank = await bankFromGift(teacher, t, "::plain::No picture here.{T}\n", "Pictures");
  const body = new FormData();
  body.set("image", new File([PNG as Uint8Array<ArrayBuffer>], "graph.png"));
  expect((await teacher.request(`/banks/${bank}/images`, { method: "POST", body })).status).toBe(303);
  sha = t.ctx.sqlite.query<{ sha256: string }, []>("SELECT sha256 FROM question_images").get()!.sha256;
  const made = await teacher.post(`/banks/${bank}/questions`, {
    qtype: "truefalse",
    name: "pictured",
    text: `Is this a line? ![graph](/question-images/${sha})`,
    category_id: String(categoryId(t, bank, "Default")),
    default_mark: "1",
    correct: "true",
  });
  expect(made.status, await made.clone().text()).toBe(303);
  quiz = await createAssessment(teacher, section.id, { title: "Picture quiz", published: "" });
});

describe("question images", () => {
  test("the bank's teachers see it; other teachers and signed-out users do not", async () => {
    expect(await status(teacher)).toBe(200);
    expect(await status(new Client(t))).toBe(303);
    const other = await createTeacher(t, admin, "otto");
    expect(await status(other)).toBe(404);
    // A co-teacher of a section the bank is shared with.
    co = await createTeacher(t, admin, "cleo");
    const coId = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'cleo'")
      .get()!.id;
    expect((await admin.post(`/sections/${section.id}/teachers`, { userId: String(coId) })).status).toBe(303);
    expect((await teacher.post(`/banks/${bank}/sharing`, { section: String(section.id) })).status).toBe(303);
    expect(await status(co)).toBe(200);
  });

  test("students see it once a published assessment of their section or their attempt uses it", async () => {
    const ann = await joinedStudent(t, section.code, "ann");
    expect(await status(ann)).toBe(404); // in the bank only
    await addQuestions(teacher, t, quiz, [questionId(t, bank, "pictured")]);
    expect(await status(ann)).toBe(404); // the assessment is a draft
    t.ctx.sqlite.run("UPDATE assessments SET published = 1 WHERE id = ?", [quiz]);
    expect(await status(ann)).toBe(200);
    const attempt = await start(ann, quiz);
    await submit(ann, attempt);
    // Unpublished again: her own attempt still shows the image; a classmate without one loses it.
    const ben = await joinedStudent(t, section.code, "ben");
    expect(await status(ben)).toBe(200);
    t.ctx.sqlite.run("UPDATE assessments SET published = 0 WHERE id = ?", [quiz]);
    expect(await status(ann)).toBe(200);
    expect(await status(ben)).toBe(404);
  });

  test("a student of another section gets nothing, exactly like for an image that does not exist", async () => {
    const other = await createTeacher(t, admin, "petra");
    const elsewhere = await createSection(t, other, "Elsewhere");
    const cy = await joinedStudent(t, elsewhere.code, "cyril");
    t.ctx.sqlite.run("UPDATE assessments SET published = 1 WHERE id = ?", [quiz]);
    expect(await status(cy)).toBe(404);
    expect((await cy.get(`/question-images/${"0".repeat(64)}`)).status).toBe(404);
  });

  test("a co-teacher without the bank still sees what their section's assessment shows", async () => {
    expect((await teacher.post(`/banks/${bank}/sharing`, {})).status).toBe(303); // unshared
    expect((await co.get(`/banks/${bank}`)).status).toBe(404);
    expect(await status(co)).toBe(200); // the section's quiz lists the question
  });
});
