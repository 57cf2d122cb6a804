// How the assessment pages look with real data and with none: a 30-student class that took a quiz
// with a long title (grades, distribution, item analysis, the gradebook card, the student's start page
// and home), and the empty states (no banks, an assessment without questions, results before
// anyone submits). Light and dark, desktop and phone, each with the accessibility audit.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AttemptRefused,
  itemsOf,
  saveResponses,
  startAttempt,
  submitAttempt,
} from "../../src/features/assessments/attempts.ts";
import { addSlot, createAssessment } from "../../src/features/assessments/authoring.ts";
import { createBank, importItems } from "../../src/features/assessments/banks.ts";
import { parseGift } from "../../src/features/assessments/formats/gift.ts";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, watchProblems, withServerDb } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

const TITLE = "Midterm exam: strings, lists, dictionaries, loops and functions (Unit 1 to Unit 4, open book)";
const GIFT = readFileSync(join(import.meta.dir, "../fixtures/assessments/every-construct.gift"), "utf8");

test("assessment pages with a 30-student class, and their empty states", async () => {
  const { teacher, section, student } = await classWithStudent(browser, server, {
    section: "Python 101",
    student: ["alma", "Alma Quiz"],
  });
  const problems = [...watchProblems(teacher), ...watchProblems(student)];

  // Empty states first.
  await teacher.goto(`${server.url}/banks`);
  await teacher.getByText("No question banks yet").waitFor();
  await screenshotThemes(teacher, "assessments-pages-01-no-banks");
  await teacher.goto(`${server.url}/sections/${section.id}`);
  await teacher.getByText("No assessments yet").waitFor();
  await screenshotThemes(teacher, "assessments-pages-02-section-empty");

  // Seed: a bank from the every-construct fixture, the quiz, 29 more students, 30 submitted attempts.
  const secret = readFileSync(join(server.dataDir, "secret"), "utf8").trim();
  const { assessmentId, emptyId } = await withServerDb(server, async (db) => {
    const clock = { now: () => Date.now() };
    const teacherId = (
      await db.selectFrom("users").select("id").where("username", "=", "grace").executeTakeFirstOrThrow()
    ).id;
    const bank = await createBank(db, teacherId, "Python midterm bank", Date.now());
    const root = (
      await db
        .selectFrom("question_categories")
        .select("id")
        .where("bank_id", "=", bank)
        .executeTakeFirstOrThrow()
    ).id;
    await importItems(
      db,
      bank,
      root,
      parseGift(GIFT).items.map((i) => i.item),
      teacherId,
      Date.now(),
    );
    const form = {
      title: TITLE,
      instructions: "Answer every question. **Calculators are not allowed.**",
      opens_at: null,
      closes_at: Date.now() + 7 * 86_400_000,
      time_limit_min: 90,
      password: "",
      max_attempts: 2,
      grading_method: "highest",
      delivery: "all",
      sequential: false,
      shuffle_questions: false,
      shuffle_answers: true,
      published: true,
      practice_after_close: true,
      review_immediately_marks: true,
      review_open_marks: true,
    } as const;
    const assessmentId = await createAssessment(db, secret, section.id, form as never, teacherId, Date.now());
    const emptyId = await createAssessment(
      db,
      secret,
      section.id,
      { ...form, title: "Quiz 2 (not built yet)", published: false } as never,
      teacherId,
      Date.now(),
    );
    const part = (
      await db
        .selectFrom("assessment_parts")
        .select("id")
        .where("assessment_id", "=", assessmentId)
        .executeTakeFirstOrThrow()
    ).id;
    for (const q of await db
      .selectFrom("questions")
      .select("id")
      .where("bank_id", "=", bank)
      .orderBy("id")
      .execute()) {
      await addSlot(db, assessmentId, part, { questionId: q.id, categoryId: null, count: 1, mark: null });
    }
    const a = await db
      .selectFrom("assessments")
      .selectAll()
      .where("id", "=", assessmentId)
      .executeTakeFirstOrThrow();
    const now = Date.now();
    for (let i = 1; i <= 29; i++) {
      const user = await db
        .insertInto("users")
        .values({
          username: `pupil${i}`,
          display_name: `Pupil ${String(i).padStart(2, "0")} Longname-Surname`,
          password_hash: "x",
          role: "student",
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("enrollments")
        .values({ section_id: section.id, user_id: user.id, enrolled_at: now })
        .execute();
    }
    const students = await db
      .selectFrom("enrollments")
      .select("user_id")
      .where("section_id", "=", section.id)
      .execute();
    const deps = { db, clock, secret };
    for (const [k, s] of students.entries()) {
      const attempt = await startAttempt(deps, a, s.user_id, { random: Math.random });
      const items = await itemsOf(db, attempt.id);
      const values = new Map<string, string[]>();
      for (const item of items) {
        const q = item.question;
        const pick = (n: number) => String((k * 7 + item.position) % Math.max(1, n));
        if (q.qtype === "multichoice") values.set(`q${item.id}`, [pick(q.answer?.length ?? 1)]);
        if (q.qtype === "truefalse") values.set(`q${item.id}`, [k % 3 === 0 ? "0" : "1"]);
        if (q.qtype === "shortanswer" || q.qtype === "numerical")
          values.set(`q${item.id}`, [k % 2 ? "def" : "3.14"]);
        if (q.qtype === "essay" && k < 20)
          values.set(`q${item.id}`, [`Answer number ${k}: a generator yields values lazily.`]);
      }
      try {
        await saveResponses(deps, a, attempt, items, {
          keys: [...values.keys()],
          values: (n) => values.get(n) ?? [],
        });
      } catch (err) {
        if (!(err instanceof AttemptRefused)) throw err;
      }
      if (k < 28) await submitAttempt(deps, attempt.id); // two students are still working
    }
    return { assessmentId, emptyId };
  });

  await teacher.goto(`${server.url}/assessments/${assessmentId}/results`);
  await teacher.getByText("needs grading").first().waitFor();
  await screenshotSizes(teacher, "assessments-pages-03-grades-30");
  await teacher.goto(`${server.url}/assessments/${assessmentId}/results?tab=distribution`);
  await teacher.locator("#score-distribution canvas").waitFor();
  await screenshotSizes(teacher, "assessments-pages-04-distribution-30");
  await teacher.goto(`${server.url}/assessments/${assessmentId}/results?tab=items`);
  await screenshotSizes(teacher, "assessments-pages-05-items-30");
  await teacher.goto(`${server.url}/assessments/${assessmentId}/results?tab=grading`);
  await screenshotThemes(teacher, "assessments-pages-06-grading-30");
  await teacher.goto(`${server.url}/sections/${section.id}/gradebook`);
  await teacher.getByRole("columnheader", { name: "Quizzes and exams" }).waitFor();
  await screenshotThemes(teacher, "assessments-pages-07-gradebook");
  await teacher.goto(`${server.url}/sections/${section.id}/dashboard`);
  await screenshotThemes(teacher, "assessments-pages-08-class-dashboard");
  await teacher.goto(`${server.url}/assessments/${emptyId}`);
  await teacher.getByText("No questions in this part yet").waitFor();
  await screenshotThemes(teacher, "assessments-pages-09-builder-empty");
  await teacher.goto(`${server.url}/assessments/${emptyId}/results?tab=items`);
  await teacher.getByText("No submitted attempts yet").waitFor();
  await screenshotThemes(teacher, "assessments-pages-10-results-empty");
  await teacher.goto(`${server.url}/assessments/${assessmentId}/edit`);
  await screenshotSizes(teacher, "assessments-pages-11-settings");

  // Alma's side: the section list, her start page with the long title and her history, her home.
  await student.goto(`${server.url}/sections/${section.id}`);
  await student.getByRole("link", { name: TITLE }).waitFor();
  expect(await student.getByText("Quiz 2 (not built yet)").count()).toBe(0);
  await screenshotSizes(student, "assessments-pages-12-student-section");
  await student.getByRole("link", { name: TITLE }).click();
  await student.getByRole("heading", { name: "Attempt history" }).waitFor();
  await screenshotSizes(student, "assessments-pages-13-student-start");
  await student.goto(`${server.url}/`);
  await student.getByRole("heading", { name: "Quizzes and exams" }).waitFor();
  await screenshotSizes(student, "assessments-pages-14-student-home");
  expect(problems).toEqual([]);
}, 240_000);
