// Review 15: a question image of a remedial assessment is the assessment's content. A student of the
// section who is not assigned to it gets the same 404 as for an image that does not exist (before the
// fix the image was served to every student of the section once the assessment was published).
import { expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  addQuestions,
  bankFromGift,
  categoryId,
  createAssessment,
  joinedStudent,
  questionId,
} from "../assessments/helpers.ts";

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

const { t, teacher, section } = useClassroom({ section: "Remedial images" });

test("an unassigned student cannot fetch the images of a remedial assessment", async () => {
  const bank = await bankFromGift(teacher, t, "::plain::No picture here.{T}\n", "Pictures");
  const body = new FormData();
  body.set("image", new File([PNG as Uint8Array<ArrayBuffer>], "graph.png"));
  expect((await teacher.request(`/banks/${bank}/images`, { method: "POST", body })).status).toBe(303);
  const sha = t.ctx.sqlite.query<{ sha256: string }, []>("SELECT sha256 FROM question_images").get()!.sha256;
  const made = await teacher.post(`/banks/${bank}/questions`, {
    qtype: "truefalse",
    name: "pictured",
    text: `Is this a line? ![graph](/question-images/${sha})`,
    category_id: String(categoryId(t, bank, "Default")),
    default_mark: "1",
    correct: "true",
  });
  expect(made.status).toBe(303);
  const quiz = await createAssessment(teacher, section.id, { title: "Remedial picture quiz", published: "" });
  await addQuestions(teacher, t, quiz, [questionId(t, bank, "pictured")]);
  const ann = await joinedStudent(t, section.code, "ann");
  const ben = await joinedStudent(t, section.code, "ben");
  const annId = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'ann'")
    .get()!.id;
  // Published and remedial, for ann only (what the settings form saves).
  t.ctx.sqlite.run("UPDATE assessments SET published = 1, remedial = 1 WHERE id = ?", [quiz]);
  t.ctx.sqlite.run(
    "INSERT INTO remedial_assignees (item_type, item_id, user_id) VALUES ('assessment', ?, ?)",
    [quiz, annId],
  );
  expect((await ben.get(`/assessments/${quiz}`)).status).toBe(404);
  expect((await ben.get(`/question-images/${sha}`)).status).toBe(404);
  expect((await ann.get(`/question-images/${sha}`)).status).toBe(200);
  // Not remedial any more: everyone of the section sees it again.
  t.ctx.sqlite.run("UPDATE assessments SET remedial = 0 WHERE id = ?", [quiz]);
  expect((await ben.get(`/question-images/${sha}`)).status).toBe(200);
});
