// Quizzes and exams in the section gradebook: a column per published assessment with each student's
// grade by its grading method (highest and last here), "…" while only an attempt is open, a marked
// "*" while an essay waits, sortable, updated live; the same columns in the CSV and XLSX exports
// (numbers stay numbers, essay-pending is spelled out), chosen like tasks; drafts never appear.
import { beforeAll, describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client } from "../../helpers/client.ts";
import { patches, readSse } from "../../helpers/sse.ts";
import {
  addQuestions,
  bankFromGift,
  createAssessment,
  item,
  joinedStudent,
  questionId,
  save,
  start,
  submit,
} from "../assessments/helpers.ts";

const GIFT = `
::q1::First?{T}

::q2::Second?{T}

::essay::Explain.{}
`;

const { t, teacher, section } = useClassroom({ section: "Gradebook quizzes" });
const students: Record<string, Client> = {};
let highest: number;
let last: number;
let withEssay: number;
let draft: number;

async function take(student: Client, a: number, right: [boolean, boolean], essay?: string) {
  const attempt = await start(student, a);
  await save(student, attempt, {
    [`q${item(t, attempt, "q1").id}`]: right[0] ? "1" : "0",
    [`q${item(t, attempt, "q2").id}`]: right[1] ? "1" : "0",
    ...(essay ? { [`q${item(t, attempt, "essay").id}`]: essay } : {}),
  });
  await submit(student, attempt);
  return attempt;
}

beforeAll(async () => {
  const bank = await bankFromGift(teacher, t, GIFT);
  const tf = ["q1", "q2"].map((n) => questionId(t, bank, n));
  highest = await createAssessment(teacher, section.id, { title: "Quiz highest", grading_method: "highest" });
  last = await createAssessment(teacher, section.id, { title: "Quiz last", grading_method: "last" });
  withEssay = await createAssessment(teacher, section.id, { title: "Essay exam" });
  draft = await createAssessment(teacher, section.id, { title: "Draft quiz", published: "" });
  await addQuestions(teacher, t, highest, tf);
  await addQuestions(teacher, t, last, tf);
  await addQuestions(teacher, t, withEssay, [...tf, questionId(t, bank, "essay")]);
  await addQuestions(teacher, t, draft, tf);
  for (const name of ["ann", "ben", "cat"]) students[name] = await joinedStudent(t, section.code, name);
  // ann: 2 then 1 on both quizzes; highest keeps 2, last keeps 1.
  await take(students.ann!, highest, [true, true]);
  await take(students.ann!, highest, [true, false]);
  await take(students.ann!, last, [true, true]);
  await take(students.ann!, last, [true, false]);
  // ben: 0 on "highest", an essay waiting on the exam.
  await take(students.ben!, highest, [false, false]);
  await take(students.ben!, withEssay, [true, true], "Because.");
  // cat: only an open attempt on "last".
  await start(students.cat!, last);
});

const gradebook = async (query = "") =>
  (await teacher.get(`/sections/${section.id}/gradebook${query}`)).text();

/** The text of the cells of a student's row, in order. */
function rowCells(html: string, name: string): string[] {
  const row = html.split("<tr").find((r) => r.includes(`>Student ${name}<`))!;
  return [...row.matchAll(/<td class="num([^"]*)"[^>]*>([^<]*)<\/td>/g)].map(
    (m) => `${m[2]}|${m[1]!.trim()}`,
  );
}

describe("gradebook table", () => {
  test("one column per published assessment, graded by its method; drafts left out", async () => {
    const html = await gradebook();
    expect(html).toContain("Quizzes and exams");
    for (const title of ["Quiz highest", "Quiz last", "Essay exam"]) expect(html).toContain(title);
    expect(html).not.toContain("Draft quiz");
    // Columns: highest, last, essay exam, then solved, points, grade.
    expect(rowCells(html, "ann").slice(0, 3)).toEqual(["2|gb-full", "1|gb-part", "–|gb-none"]);
    expect(rowCells(html, "ben").slice(0, 3)).toEqual(["0|gb-zero", "–|gb-none", "2*|gb-pend"]);
    expect(rowCells(html, "cat").slice(0, 3)).toEqual(["–|gb-none", "…|gb-pend", "–|gb-none"]);
    expect(html).toContain("An essay is still to be marked");
    expect(html).toContain("Attempt in progress");
  });

  test("sorts by an assessment column, students without a grade last", async () => {
    const asc = await gradebook(`?sort=a${highest}&dir=asc`);
    const order = ["ben", "ann", "cat"].map((n) => asc.indexOf(`>Student ${n}<`));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const desc = await gradebook(`?sort=a${highest}&dir=desc`);
    const order2 = ["ann", "ben", "cat"].map((n) => desc.indexOf(`>Student ${n}<`));
    expect([...order2].sort((a, b) => a - b)).toEqual(order2);
    expect((await teacher.get(`/sections/${section.id}/gradebook?sort=x1`)).status).toBe(400);
  });

  test("a submission updates the student's row live, assessment cells included", async () => {
    const live = readSse(await teacher.get(`/sections/${section.id}/gradebook/live`));
    const attempt = await t.ctx.db
      .selectFrom("assessment_attempts")
      .select("id")
      .where("assessment_id", "=", last)
      .where("state", "=", "open")
      .executeTakeFirstOrThrow();
    await save(students.cat!, attempt.id, {
      [`q${item(t, attempt.id, "q1").id}`]: "1",
      [`q${item(t, attempt.id, "q2").id}`]: "1",
    });
    await submit(students.cat!, attempt.id);
    const text = await live.until((s) => patches(s).includes("Student cat"));
    const row = patches(text);
    expect(row).toContain('<td class="num gb-full">2</td>');
    await live.close();
  });

  test("students and signed-out users cannot read it", async () => {
    for (const path of ["", "/live", "/export", "/download?format=csv"]) {
      const url = `/sections/${section.id}/gradebook${path}`;
      expect((await students.ann!.get(url)).status).toBe(403);
      expect((await new Client(t).get(url)).status).toBe(303); // signed out: to the login page
    }
  });
});

const download = (query: string) => teacher.get(`/sections/${section.id}/gradebook/download?${query}`);

describe("exports", () => {
  test("CSV has the assessment columns with numbers, essay-pending spelled out", async () => {
    const res = await download("format=csv");
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    const ann = rows.find((r) => r.Username === "ann")!;
    const ben = rows.find((r) => r.Username === "ben")!;
    expect(ann["Assessment: Quiz highest (2)"]).toBe("2");
    expect(ann["Assessment: Quiz last (2)"]).toBe("1");
    expect(ann["Assessment: Essay exam (3)"]).toBe("");
    expect(ben["Assessment: Quiz highest (2)"]).toBe("0");
    expect(ben["Assessment: Essay exam (3)"]).toBe("2 (essay to mark)");
    expect(Object.keys(ann).some((k) => k.includes("Draft quiz"))).toBe(false);
  });

  test("XLSX keeps grades as numbers and explains the columns", async () => {
    const res = await download("format=xlsx");
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("Gradebook")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf("Assessment: Quiz highest (2)") + 1;
    const essayCol = header.indexOf("Assessment: Essay exam (3)") + 1;
    expect(col).toBeGreaterThan(0);
    let annRow = 0;
    let benRow = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === "ann") annRow = n;
      if (r.getCell(1).value === "ben") benRow = n;
    });
    expect(ws.getRow(annRow).getCell(col).value).toBe(2);
    expect(ws.getRow(benRow).getCell(essayCol).value).toBe("2 (essay to mark)");
    const about = wb.getWorksheet("About")!;
    const text: string[] = [];
    about.eachRow((r) => text.push(String(r.getCell(1).value)));
    expect(text.some((s) => s.includes("grading method"))).toBe(true);
  });

  test("a choice of assessments exports only those; the export page offers them", async () => {
    const page = await (await teacher.get(`/sections/${section.id}/gradebook/export`)).text();
    expect(page).toContain(`name="assessment" value="${highest}"`);
    expect(page).not.toContain(`value="${draft}"`);
    const res = await download(`format=csv&assessment=${last}`);
    expect(res.status).toBe(200);
    const [head] = parse(await res.text(), { bom: true }) as string[][];
    expect(head!.filter((h) => h.startsWith("Assessment:"))).toEqual(["Assessment: Quiz last (2)"]);
    // A draft or another section's assessment is not a choice.
    expect((await download(`format=csv&assessment=${draft}`)).status).toBe(400);
  });
});
