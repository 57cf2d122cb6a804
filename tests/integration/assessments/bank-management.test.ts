// Managing banks: rename and delete banks and categories (refused with the reason while questions,
// subcategories or random blocks depend on them), move a question to another category of its bank,
// delete a question (hidden instead when an attempt used it; refused while an assessment lists it).
// Each route for the owner, a co-teacher of a shared section, another teacher, a student, signed out.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher } from "../../helpers/client.ts";
import {
  addQuestions,
  bankFromGift,
  categoryId,
  createAssessment,
  firstPart,
  joinedStudent,
  questionId,
  start,
  submit,
} from "./helpers.ts";

const GIFT = `
$CATEGORY: Pool

::p1::One?{T}

::p2::Two?{T}

$CATEGORY: Pool/Deep

::d1::Deep one?{F}

$CATEGORY: Spare

::s1::Spare one?{T}
`;

const { t, teacher, section, admin } = useClassroom({ section: "Bank management" });
let bank: number;
let other: Client;
let co: Client;
let student: Client;

const sql = <T>(q: string, ...args: (string | number)[]) =>
  t.ctx.sqlite.query<T, (string | number)[]>(q).all(...args);
const bankName = () => sql<{ name: string }>("SELECT name FROM question_banks WHERE id = ?", bank)[0]?.name;

/** Follows a redirect and returns the page, where the flash message is shown. */
async function landed(client: Client, res: Response): Promise<string> {
  expect(res.status).toBe(303);
  return (await client.get(res.headers.get("location")!)).text();
}

beforeAll(async () => {
  bank = await bankFromGift(teacher, t, GIFT, "Unit 1 bank");
  other = await createTeacher(t, admin, "olga");
  co = await createTeacher(t, admin, "colin");
  const coId = sql<{ id: number }>("SELECT id FROM users WHERE username = 'colin'")[0]!.id;
  expect((await admin.post(`/sections/${section.id}/teachers`, { userId: String(coId) })).status).toBe(303);
  expect((await teacher.post(`/banks/${bank}/sharing`, { section: String(section.id) })).status).toBe(303);
  student = await joinedStudent(t, section.code, "stu");
});

describe("banks", () => {
  test("the owner and a co-teacher rename it; a blank name is refused", async () => {
    expect(
      await landed(teacher, await teacher.post(`/banks/${bank}/rename`, { name: "Unit one" })),
    ).toContain("Bank renamed.");
    expect(bankName()).toBe("Unit one");
    expect((await co.post(`/banks/${bank}/rename`, { name: "Unit 1" })).status).toBe(303);
    expect(bankName()).toBe("Unit 1");
    expect((await teacher.post(`/banks/${bank}/rename`, { name: "  " })).status).toBe(422);
    expect((await teacher.post(`/banks/${bank}/rename`, { name: "x".repeat(121) })).status).toBe(422);
    expect(bankName()).toBe("Unit 1");
  });

  test("others reach none of the management routes", async () => {
    const q = questionId(t, bank, "p1");
    const cat = categoryId(t, bank, "Spare");
    const routes = [
      `/banks/${bank}/rename`,
      `/banks/${bank}/delete`,
      `/banks/${bank}/categories/${cat}/rename`,
      `/banks/${bank}/categories/${cat}/delete`,
      `/questions/${q}/move`,
      `/questions/${q}/delete`,
    ];
    for (const path of routes) {
      expect((await other.post(path, { name: "Mine", category_id: String(cat) })).status).toBe(404);
      expect([403, 404]).toContain((await student.post(path, { name: "Mine" })).status);
      expect((await new Client(t).post(path, { name: "Mine" })).status).toBe(303);
    }
    expect(bankName()).toBe("Unit 1");
    expect(sql("SELECT id FROM questions WHERE id = ?", q)).toHaveLength(1);
    // Deleting the whole bank is its owner's, like sharing.
    expect((await co.post(`/banks/${bank}/delete`)).status).toBe(403);
  });

  test("a bank with questions is not deleted; an empty one is, with its categories", async () => {
    const page = await landed(teacher, await teacher.post(`/banks/${bank}/delete`));
    expect(page).toContain("This bank still holds 4 questions");
    expect(bankName()).toBe("Unit 1");
    const made = await teacher.post("/banks", { name: "Empty bank" });
    const empty = Number(made.headers.get("location")!.split("/").pop());
    const gone = await landed(teacher, await teacher.post(`/banks/${empty}/delete`));
    expect(gone).toContain("Deleted the bank Empty bank.");
    expect(sql("SELECT id FROM question_banks WHERE id = ?", empty)).toHaveLength(0);
    expect(sql("SELECT id FROM question_categories WHERE bank_id = ?", empty)).toHaveLength(0);
  });
});

describe("categories", () => {
  test("rename: only a category of this bank, with a valid name", async () => {
    const spare = categoryId(t, bank, "Spare");
    expect(
      await landed(
        teacher,
        await teacher.post(`/banks/${bank}/categories/${spare}/rename`, { name: "Extra" }),
      ),
    ).toContain("Category renamed.");
    expect(sql<{ name: string }>("SELECT name FROM question_categories WHERE id = ?", spare)[0]!.name).toBe(
      "Extra",
    );
    expect((await teacher.post(`/banks/${bank}/categories/${spare}/rename`, { name: "" })).status).toBe(422);
    const made = await teacher.post("/banks", { name: "Second" });
    const second = Number(made.headers.get("location")!.split("/").pop());
    // A category of another bank through this bank's address: not found, nothing renamed.
    expect(
      (await teacher.post(`/banks/${second}/categories/${spare}/rename`, { name: "Stolen" })).status,
    ).toBe(404);
    expect((await teacher.post(`/banks/${second}/categories/${spare}/delete`)).status).toBe(404);
    expect(sql("SELECT id FROM question_categories WHERE id = ?", spare)).toHaveLength(1);
  });

  test("delete is refused with the reason while anything depends on it", async () => {
    const pool = categoryId(t, bank, "Pool");
    const deep = categoryId(t, bank, "Deep");
    const del = async (id: number) =>
      landed(teacher, await teacher.post(`/banks/${bank}/categories/${id}/delete`));
    expect(await del(pool)).toContain("This category has subcategories");
    expect(await del(deep)).toContain("This category still holds 1 question");
    // An empty category a random block draws from.
    expect((await teacher.post(`/banks/${bank}/categories`, { name: "Drawn", parent_id: "" })).status).toBe(
      303,
    );
    const drawn = categoryId(t, bank, "Drawn");
    const quiz = await createAssessment(teacher, section.id, { title: "Random quiz", published: "" });
    const res = await teacher.post(`/assessments/${quiz}/slots`, {
      kind: "random",
      category_id: String(drawn),
      count: "1",
      part_id: String(firstPart(t, quiz)),
      mark: "",
    });
    expect(res.status).toBe(303);
    expect(await del(drawn)).toContain("A random block of Random quiz draws from this category");
    expect(sql("SELECT id FROM question_categories WHERE id IN (?, ?, ?)", pool, deep, drawn)).toHaveLength(
      3,
    );
  });

  test("an empty category is deleted; a bank keeps its last one", async () => {
    expect((await teacher.post(`/banks/${bank}/categories`, { name: "Scratch", parent_id: "" })).status).toBe(
      303,
    );
    const scratch = categoryId(t, bank, "Scratch");
    expect(
      await landed(teacher, await teacher.post(`/banks/${bank}/categories/${scratch}/delete`)),
    ).toContain("Deleted the category Scratch.");
    expect(sql("SELECT id FROM question_categories WHERE id = ?", scratch)).toHaveLength(0);
    const made = await teacher.post("/banks", { name: "Lonely" });
    const lonely = Number(made.headers.get("location")!.split("/").pop());
    const only = sql<{ id: number }>("SELECT id FROM question_categories WHERE bank_id = ?", lonely)[0]!.id;
    expect(await landed(teacher, await teacher.post(`/banks/${lonely}/categories/${only}/delete`))).toContain(
      "at least one category",
    );
    expect(sql("SELECT id FROM question_categories WHERE id = ?", only)).toHaveLength(1);
  });
});

describe("questions", () => {
  test("move to another category of the same bank, without a new version", async () => {
    const q = questionId(t, bank, "s1");
    const deep = categoryId(t, bank, "Deep");
    const versions = () => sql("SELECT id FROM question_versions WHERE question_id = ?", q).length;
    const before = versions();
    expect(await landed(co, await co.post(`/questions/${q}/move`, { category_id: String(deep) }))).toContain(
      "Moved to Deep.",
    );
    expect(
      sql<{ category_id: number }>("SELECT category_id FROM questions WHERE id = ?", q)[0]!.category_id,
    ).toBe(deep);
    expect(versions()).toBe(before);
    const made = await teacher.post("/banks", { name: "Elsewhere" });
    const elsewhere = Number(made.headers.get("location")!.split("/").pop());
    const foreign = sql<{ id: number }>("SELECT id FROM question_categories WHERE bank_id = ?", elsewhere)[0]!
      .id;
    for (const category_id of [String(foreign), "", "abc"])
      expect((await teacher.post(`/questions/${q}/move`, { category_id })).status).toBe(422);
    expect(
      sql<{ category_id: number }>("SELECT category_id FROM questions WHERE id = ?", q)[0]!.category_id,
    ).toBe(deep);
    const page = await (await teacher.get(`/questions/${q}`)).text();
    expect(page).toContain("Move or delete");
  });

  test("an unused question is deleted with its versions", async () => {
    const q = questionId(t, bank, "d1");
    expect(await landed(teacher, await teacher.post(`/questions/${q}/delete`))).toContain(
      "Question deleted.",
    );
    expect(sql("SELECT id FROM questions WHERE id = ?", q)).toHaveLength(0);
    expect(sql("SELECT id FROM question_versions WHERE question_id = ?", q)).toHaveLength(0);
  });

  test("one an assessment lists is refused; one attempts used is hidden, not deleted", async () => {
    const p1 = questionId(t, bank, "p1");
    const p2 = questionId(t, bank, "p2");
    const quiz = await createAssessment(teacher, section.id, { title: "Used quiz" });
    await addQuestions(teacher, t, quiz, [p1]);
    expect(await landed(teacher, await teacher.post(`/questions/${p1}/delete`))).toContain(
      "Used quiz still lists this question",
    );
    expect(sql("SELECT id FROM questions WHERE id = ? AND hidden_at IS NULL", p1)).toHaveLength(1);
    const attempt = await start(student, quiz);
    await submit(student, attempt);
    const slot = sql<{ id: number }>("SELECT id FROM assessment_slots WHERE assessment_id = ?", quiz)[0]!.id;
    expect((await teacher.post(`/assessments/${quiz}/slots/${slot}/delete`)).status).toBe(303);
    const page = await landed(teacher, await teacher.post(`/questions/${p1}/delete`));
    expect(page).toContain("hidden from the bank instead");
    expect(page).not.toContain(">p1<");
    expect(sql("SELECT id FROM questions WHERE id = ? AND hidden_at IS NOT NULL", p1)).toHaveLength(1);
    // The student's attempt still has its version; the bank's exports and random draws skip it.
    expect((await student.get(`/attempts/${attempt}/review`)).status).toBe(200);
    const gift = await (await teacher.get(`/banks/${bank}/export/gift`)).text();
    expect(gift).not.toContain("::p1::");
    expect(gift).toContain("::p2::");
    const pool = categoryId(t, bank, "Pool");
    const draw = await createAssessment(teacher, section.id, { title: "Draw quiz" });
    await teacher.post(`/assessments/${draw}/slots`, {
      kind: "random",
      category_id: String(pool),
      count: "5",
      part_id: String(firstPart(t, draw)),
      mark: "",
    });
    const drawnAttempt = await start(student, draw);
    const drawn = sql<{ question_id: number }>(
      "SELECT question_id FROM attempt_items WHERE attempt_id = ?",
      drawnAttempt,
    ).map((r) => r.question_id);
    expect(drawn).toContain(p2);
    expect(drawn).not.toContain(p1);
    // A bank holding a hidden question says so when asked to delete it.
    expect(await landed(teacher, await teacher.post(`/banks/${bank}/delete`))).toContain(
      "hidden ones included",
    );
  });
});
