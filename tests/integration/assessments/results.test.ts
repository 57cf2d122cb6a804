// The teacher's results: grades by each grading method (highest first, ungraded after, no attempt
// last), the distribution, item analysis (facility, discrimination, answer frequencies), manual
// grading of essays with live totals, regrade after a fix, CSV/XLSX exports, the live stream, and
// the grades in the gradebook and dashboards. Authorization of every results route.
import { beforeAll, describe, expect, test } from "bun:test";
import ExcelJS from "exceljs";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createTeacher } from "../../helpers/client.ts";
import { patches, readSse } from "../../helpers/sse.ts";
import {
  addQuestions,
  attemptRow,
  bankFromGift,
  createAssessment,
  item,
  joinedStudent,
  questionId,
  save,
  start,
  submit,
} from "./helpers.ts";

const GIFT = `
::q1::First?{T}

::q2::Second?{T}

::q3::Third?{=apple ~pear ~plum}

::essay::Explain.{}
`;

const { t, teacher, section, admin } = useClassroom({ section: "Results" });
let bank: number;
let quiz: number;
const students: Record<string, Client> = {};
const attempts: Record<string, number> = {};

/** Answers right (true) or wrong per question. */
async function take(student: Client, a: number, right: [boolean, boolean, boolean], essay = "An answer.") {
  const attempt = await start(student, a);
  await save(student, attempt, {
    [`q${item(t, attempt, "q1").id}`]: right[0] ? "1" : "0",
    [`q${item(t, attempt, "q2").id}`]: right[1] ? "1" : "0",
    [`q${item(t, attempt, "q3").id}`]: right[2] ? "0" : "2",
    ...(essay ? { [`q${item(t, attempt, "essay").id}`]: essay } : {}),
  });
  await submit(student, attempt);
  return attempt;
}

beforeAll(async () => {
  bank = await bankFromGift(teacher, t, GIFT);
  quiz = await createAssessment(teacher, section.id, { title: "Unit quiz", max_attempts: "" });
  await addQuestions(
    teacher,
    t,
    quiz,
    ["q1", "q2", "q3", "essay"].map((n) => questionId(t, bank, n)),
  );
  for (const name of ["ann", "ben", "cat", "dan", "eve"])
    students[name] = await joinedStudent(t, section.code, name);
  attempts.ann = await take(students.ann!, quiz, [true, true, true]);
  attempts.ben = await take(students.ben!, quiz, [true, true, false]);
  attempts.cat = await take(students.cat!, quiz, [true, false, false]);
  attempts.dan = await take(students.dan!, quiz, [false, false, false]);
  // eve never attempts
});

const page = async (tab = "grades", extra = "") =>
  (await teacher.get(`/assessments/${quiz}/results?tab=${tab}${extra}`)).text();

describe("grades report", () => {
  test("highest first; attempts with an essay to mark are provisional; no attempt last", async () => {
    const html = await page();
    const order = ["Student ann", "Student ben", "Student cat", "Student dan", "Student eve"].map((n) =>
      html.indexOf(n),
    );
    expect(order.every((x) => x > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain("3 / 4");
    expect(html).toContain("needs grading");
    expect(html).toContain("Essays to mark");
  });

  test("after marking an essay the grade is final and the order follows the scores", async () => {
    const essay = item(t, attempts.dan!, "essay").id;
    const res = await teacher.post(`/assessments/${quiz}/grading`, {
      item_id: String(essay),
      mark: "1",
      feedback: "Good point.",
      back: `/assessments/${quiz}/results?tab=grading`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/assessments/${quiz}/results?tab=grading`);
    expect(attemptRow(t, attempts.dan!)).toMatchObject({ score: 1, pending_manual: 0 });
    const html = await page();
    // dan is graded (1/4) and so comes before the provisional ones
    expect(html.indexOf("Student dan")).toBeLessThan(html.indexOf("Student ann"));
  });

  test("bad marks are refused and change nothing", async () => {
    const essay = item(t, attempts.ann!, "essay").id;
    for (const mark of ["", "x", "-1", "2"]) {
      const res = await teacher.post(`/assessments/${quiz}/grading`, {
        item_id: String(essay),
        mark,
        feedback: "",
      });
      expect(res.status).toBe(422);
    }
    expect(attemptRow(t, attempts.ann!).pending_manual).toBe(1);
    const other = await teacher.post(`/assessments/${quiz}/grading`, { item_id: "999999", mark: "1" });
    expect(other.status).toBe(404);
  });

  test("the grading method decides the grade and the exports follow it", async () => {
    const multi = await createAssessment(teacher, section.id, { title: "Retakes", max_attempts: "" });
    await addQuestions(
      teacher,
      t,
      multi,
      ["q1", "q2", "q3"].map((n) => questionId(t, bank, n)),
    );
    const fay = await joinedStudent(t, section.code, "fay");
    const take3 = async (right: [boolean, boolean, boolean]) => {
      const attempt = await start(fay, multi);
      await save(fay, attempt, {
        [`q${item(t, attempt, "q1").id}`]: right[0] ? "1" : "0",
        [`q${item(t, attempt, "q2").id}`]: right[1] ? "1" : "0",
        [`q${item(t, attempt, "q3").id}`]: right[2] ? "0" : "2",
      });
      await submit(fay, attempt);
    };
    await take3([true, false, false]); // 1
    await take3([true, true, true]); // 3
    await take3([true, true, false]); // 2
    const expected = { highest: "3", average: "2", first: "1", last: "2" };
    for (const [method, score] of Object.entries(expected)) {
      t.ctx.sqlite.query("UPDATE assessments SET grading_method = ? WHERE id = ?").run(method, multi);
      const csv = await (await teacher.get(`/assessments/${multi}/export/csv`)).text();
      const row = csv.split("\r\n").find((l) => l.startsWith("fay,"));
      if (!row) throw new Error(csv);
      expect(row.split(",").slice(2, 7)).toEqual([
        "3",
        score,
        "3",
        String(Math.round((Number(score) / 3) * 10000) / 100),
        "graded",
      ]);
      expect(await (await teacher.get(`/assessments/${multi}/results`)).text()).toContain(`${score} / 3`);
    }
    const xlsx = await teacher.get(`/assessments/${multi}/export/xlsx`);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.getWorksheet("Grades")!;
    const values = ws.getRow(2).values as unknown[];
    expect(values.slice(1, 5)).toEqual(["fay", "Student fay", 3, 2]);
  });
});

describe("distribution and item analysis", () => {
  test("the distribution chart and its table", async () => {
    const html = await page("distribution");
    expect(html).toContain('id="score-distribution"');
    expect(html).toContain("dist/charts.js");
    const spec = JSON.parse(html.match(/data-chart="([^"]+)"/)![1]!.replaceAll("&quot;", '"'));
    expect(spec.series[0].values.reduce((a: number, b: number) => a + b, 0)).toBe(4);
  });

  test("facility, discrimination and answer frequencies per question", async () => {
    const html = await page("items");
    const row = (name: string) => {
      const at = html.indexOf(`>${name}</a>`);
      return html.slice(at, html.indexOf("</tr>", at));
    };
    expect(row("q1")).toContain("75%");
    expect(row("q2")).toContain("50%");
    expect(row("q3")).toContain("25%");
    // q2: item scores [1,1,0,0] against the rest of each score [2,1,1,1] (dan's essay mark counts):
    // Pearson r = 0.5 / sqrt(1 * 0.75) = 57.7%. q1: [1,1,1,0] against [2,1,0,1]: r = 0, a weak item.
    expect(row("q2")).toContain("57.7%");
    expect(row("q1")).toMatch(/>0%.*weak/s);
    expect(row("q3")).toContain("apple");
    expect(row("q3")).toContain("×1");
    expect(row("q3")).toContain("plum");
    expect(row("q3")).toContain("×3");
  });
});

describe("regrade and live updates", () => {
  test("fixing a question and regrading changes the marks; the live stream sends new results", async () => {
    const live = await teacher.get(`/assessments/${quiz}/results/live`);
    expect(live.status).toBe(200);
    const sse = readSse(live);
    const qid = questionId(t, bank, "q3");
    const fix = await teacher.post(`/questions/${qid}`, {
      name: "q3",
      text: "Third?",
      category_id: String(
        t.ctx.sqlite
          .query<{ category_id: number }, [number]>("SELECT category_id FROM questions WHERE id = ?")
          .get(qid)!.category_id,
      ),
      default_mark: "1",
      single: "on",
      answer_0: "apple",
      credit_0: "100",
      answer_1: "pear",
      credit_1: "0",
      answer_2: "plum",
      credit_2: "100",
      general_feedback: "",
      tags: "",
    });
    expect(fix.status).toBe(303);
    const res = await teacher.post(`/assessments/${quiz}/regrade`);
    expect(res.status).toBe(303);
    expect(attemptRow(t, attempts.ben!).score).toBe(3); // plum is now right too
    const text = await sse.until((s) => patches(s).includes('id="results-live"'));
    expect(patches(text)).toContain("Student ben");
    await sse.close();
  });

  test("a student starting and submitting updates an open results page", async () => {
    const live = readSse(await teacher.get(`/assessments/${quiz}/results/live?tab=grades`));
    await live.until((s) => s.includes("event: patch")); // the bell count comes first
    await take(students.eve!, quiz, [true, false, false], "");
    const text = await live.until(
      (s) => patches(s).includes("Student eve") && patches(s).includes("Submitted"),
    );
    expect(patches(text)).toContain("5 / 6"); // fay (of the retakes test) has not attempted this one
    await live.close();
  });
});

describe("gradebook and dashboards", () => {
  test("the gradebook, the class dashboard and the student's home show assessment grades", async () => {
    const gb = await (await teacher.get(`/sections/${section.id}/gradebook`)).text();
    expect(gb).toContain("Quizzes and exams");
    expect(gb).toContain("Unit quiz");
    const dash = await (await teacher.get(`/sections/${section.id}/dashboard`)).text();
    expect(dash).toContain("Quizzes and exams");
    expect(dash).toContain(`/assessments/${quiz}/results`);
    const home = await (await students.ann!.get("/")).text();
    expect(home).toContain("Unit quiz");
    const sectionPage = await (await students.ann!.get(`/sections/${section.id}`)).text();
    expect(sectionPage).toContain(`/assessments/${quiz}`);
    expect(sectionPage).toContain("1 attempt");
  });
});

describe("access to results", () => {
  test("other teachers, students and signed-out users reach none of the results routes", async () => {
    const other = await createTeacher(t, admin, "rita");
    const ann = students.ann!;
    const essay = item(t, attempts.ann!, "essay").id;
    for (const client of [other, ann]) {
      for (const path of ["results", "results?tab=items", "results/live", "export.csv", "export.xlsx"]) {
        expect((await client.get(`/assessments/${quiz}/${path}`)).status, path).toBe(404);
      }
      expect(
        (await client.post(`/assessments/${quiz}/grading`, { item_id: String(essay), mark: "1" })).status,
      ).toBe(404);
      expect((await client.post(`/assessments/${quiz}/regrade`)).status).toBe(404);
    }
    // a student sees only their own attempt's review
    expect((await ann.get(`/attempts/${attempts.ben}/review`)).status).toBe(404);
    expect(attemptRow(t, attempts.ann!).pending_manual).toBe(1);
  });
});
