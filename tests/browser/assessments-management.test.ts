// How the pages changed for gradebook columns, bank management and item analysis look with a
// 30-student class: the gradebook with a task and two quizzes (one with essays to mark, two students
// still working), its export page, a bank with nested categories (one opened to rename or delete),
// a question's move-or-delete card, and the item analysis over first attempts. Light and dark,
// desktop and phone, each with the accessibility audit.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  itemsOf,
  saveResponses,
  startAttempt,
  submitAttempt,
} from "../../src/features/assessments/attempts.ts";
import { addSlot, createAssessment } from "../../src/features/assessments/authoring.ts";
import { createBank, importItems } from "../../src/features/assessments/banks.ts";
import { parseGift } from "../../src/features/assessments/formats/gift.ts";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, seedSumTask, watchProblems, withServerDb } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

const GIFT = `
$CATEGORY: Unit 1 strings, slicing and formatting with f-strings

::Slices::Does slicing "abc" from 1 give "bc"?{T}

::Upper::Does "a".upper() give "A"?{T}

$CATEGORY: Unit 1 strings, slicing and formatting with f-strings/Harder ones

::Immutable::Strings can be changed in place.{F}

$CATEGORY: Unit 2

::Explain loops::Explain the difference between for and while.{}
`;

test("gradebook columns, bank management and item analysis with a 30-student class", async () => {
  const { teacher, section, student } = await classWithStudent(browser, server, {
    section: "Python 101",
    student: ["alma", "Alma Quiz"],
  });
  const problems = [...watchProblems(teacher), ...watchProblems(student)];
  await seedSumTask(server, section.id);
  const secret = readFileSync(join(server.dataDir, "secret"), "utf8").trim();
  const { bank, quizId, questionId } = await withServerDb(server, async (db) => {
    const now = Date.now();
    const teacherId = (
      await db.selectFrom("users").select("id").where("username", "=", "grace").executeTakeFirstOrThrow()
    ).id;
    const bank = await createBank(db, teacherId, "Python midterm bank", now);
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
      now,
    );
    const questions = await db
      .selectFrom("questions")
      .select("id")
      .where("bank_id", "=", bank)
      .orderBy("id")
      .execute();
    const form = {
      title: "Quiz 1: strings",
      instructions: "",
      opens_at: null,
      closes_at: null,
      time_limit_min: null,
      password: "",
      max_attempts: null,
      grading_method: "highest",
      delivery: "all",
      sequential: false,
      shuffle_questions: false,
      shuffle_answers: false,
      published: true,
      practice_after_close: false,
    } as const;
    const quizId = await createAssessment(db, secret, section.id, form as never, teacherId, now);
    const examId = await createAssessment(
      db,
      secret,
      section.id,
      {
        ...form,
        title: "Midterm exam with a long title: loops, functions and dictionaries",
        grading_method: "last",
      } as never,
      teacherId,
      now,
    );
    for (const [id, qs] of [
      [quizId, questions.slice(0, 3)],
      [examId, questions],
    ] as const) {
      const part = (
        await db
          .selectFrom("assessment_parts")
          .select("id")
          .where("assessment_id", "=", id)
          .executeTakeFirstOrThrow()
      ).id;
      for (const q of qs)
        await addSlot(db, id, part, { questionId: q.id, categoryId: null, count: 1, mark: null });
    }
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
    const deps = { db, clock: { now: () => Date.now() }, secret };
    const take = async (assessmentId: number, userId: number, k: number, submit: boolean) => {
      const a = await db
        .selectFrom("assessments")
        .selectAll()
        .where("id", "=", assessmentId)
        .executeTakeFirstOrThrow();
      const attempt = await startAttempt(deps, a, userId, { random: Math.random });
      const items = await itemsOf(db, attempt.id);
      const values = new Map<string, string[]>();
      for (const item of items) {
        if (item.question.qtype === "truefalse")
          values.set(`q${item.id}`, [(k + item.position) % 3 ? "1" : "0"]);
        if (item.question.qtype === "essay") values.set(`q${item.id}`, [`Answer ${k}.`]);
      }
      await saveResponses(deps, a, attempt, items, {
        keys: [...values.keys()],
        values: (n) => values.get(n) ?? [],
      });
      if (submit) await submitAttempt(deps, attempt.id);
    };
    for (const [k, s] of students.entries()) {
      if (k < 26) await take(quizId, s.user_id, k, true);
      if (k < 8) await take(quizId, s.user_id, k + 1, true); // retakes
      if (k >= 26 && k < 28) await take(quizId, s.user_id, k, false); // still working
      if (k < 15) await take(examId, s.user_id, k, true); // essays to mark
    }
    return { bank, quizId, questionId: questions[0]!.id };
  });

  await teacher.goto(`${server.url}/sections/${section.id}/gradebook`);
  await teacher.getByRole("columnheader", { name: "Quizzes and exams" }).waitFor();
  await screenshotSizes(teacher, "assessments-management-01-gradebook-30");
  await teacher.goto(`${server.url}/sections/${section.id}/gradebook/export`);
  await teacher.getByText("Quiz 1: strings").waitFor();
  await screenshotThemes(teacher, "assessments-management-02-export");
  await teacher.goto(`${server.url}/banks/${bank}`);
  await teacher.locator(".category-edit summary").nth(1).click();
  await teacher.getByRole("button", { name: "Rename" }).nth(1).waitFor();
  await screenshotSizes(teacher, "assessments-management-03-bank");
  await teacher.goto(`${server.url}/questions/${questionId}`);
  await teacher.getByRole("heading", { name: "Move or delete" }).waitFor();
  await screenshotSizes(teacher, "assessments-management-04-question");
  await teacher.goto(`${server.url}/assessments/${quizId}/results?tab=items&attempts=first`);
  await teacher.getByRole("link", { name: "First attempts only" }).waitFor();
  await screenshotSizes(teacher, "assessments-management-05-items-first");
  // A refusal reads as a message on the page it came from.
  await teacher.goto(`${server.url}/banks/${bank}`);
  teacher.once("dialog", (d) => d.accept());
  await teacher.getByRole("button", { name: "Delete bank" }).click();
  await teacher.getByText("This bank still holds 4 questions").waitFor();
  await screenshotThemes(teacher, "assessments-management-06-bank-refused");
  expect(problems).toEqual([]);
}, 240_000);
