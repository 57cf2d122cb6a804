// Hints and remedial work in real Chromium: the teacher writes two hints on the problem's edit page; a
// student reveals the first after the confirmation that states its cost and sees the penalty; the
// teacher assigns a remedial task to that student alone in the task form (a 30-student section),
// sees the "Remedial · 1 student" badge, the student opens it and a second student cannot (404) and
// does not see it in the section's list. Screenshots light, dark and phone, with the axe audit.
import { expect, test } from "bun:test";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, joinAsStudent, seedSumTask, withServerDb } from "../helpers/browser-flows.ts";
import { strongPasswordHash } from "../helpers/class-fixture.ts";

const { server, browser } = useBrowserServer();

const NAMES = [
  "Amara Okafor",
  "Bruno Silva",
  "Chen Wei",
  "Dara Byrne",
  "Elif Yilmaz",
  "Farah Haddad",
  "Gustav Lind",
  "Hana Sato",
  "Ivan Petrov",
  "Jonas Berg",
  "Keira Walsh",
  "Luca Romano",
  "Maya Cohen",
  "Nia Thomas",
  "Omar Farouk",
  "Priya Raman",
  "Quinn Murphy",
  "Rosa Garcia",
  "Sami Nieminen",
  "Tomas Novak",
  "Uma Krishnan",
  "Viktor Horvath",
  "Wen Li",
  "Ximena Torres",
  "Yusuf Demir",
  "Zoe Martin",
  "Alexandria Montgomery-Fitzwilliam",
  "Ben Ng",
];

test("a student reveals a hint after the confirmation; a remedial task is seen by its student only", async () => {
  const {
    teacher,
    section,
    student: ana,
  } = await classWithStudent(browser, server, {
    section: "Intro to Python, period 3",
    student: ["ana", "Ana Student"],
  });
  const ben = await joinAsStudent(browser, section.link, "ben", "Ben Second");
  // 28 more students straight into the database: a 30-student section for the picker.
  await withServerDb(server, async (db) => {
    const hash = await strongPasswordHash();
    for (const [i, name] of NAMES.entries()) {
      const u = await db
        .insertInto("users")
        .values({
          username: `s${i}`,
          display_name: name,
          email: null,
          password_hash: hash,
          role: "student",
          created_at: Date.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("enrollments")
        .values({ section_id: section.id, user_id: u.id, enrolled_at: Date.now() })
        .execute();
    }
  });
  const { problemId } = await seedSumTask(server, section.id, {
    task: { title: "Week 1: input and output" },
  });

  // The teacher writes two hints on the problem's edit page.
  await teacher.goto(`${server.url}/manage/problems/${problemId}#hints`);
  for (const [text, penalty] of [
    ["Read each number with `int(input())`.", "1"],
    ["Add them with `+` and **print** the result.", "2"],
  ] as const) {
    await teacher.getByLabel("New hint (Markdown)").fill(text);
    await teacher.locator("form.hint-form").last().getByLabel("Penalty (points)").fill(penalty);
    await teacher.getByRole("button", { name: "Add hint" }).click();
    await teacher.getByText("Hint added.").waitFor();
  }
  await teacher.locator(".hints-editor").scrollIntoViewIfNeeded();

  // The student: the hint is behind a confirmation that says its cost.
  await ana.goto(`${server.url}/problems/${problemId}`);
  expect(await ana.content()).not.toContain("int(input())</code>");
  await ana.getByText("Reveal hint 1", { exact: true }).click();
  await ana.getByText("Revealing hint 1 costs").waitFor();
  await screenshotThemes(ana, "hints-01-confirm");
  await ana.getByRole("button", { name: "Yes, reveal hint 1 (−1 point)" }).click();
  await ana.getByText("Hint revealed.").waitFor();
  await ana.getByText("Hint penalty on this problem:").waitFor();
  expect(await ana.locator(".hint-item code").first().textContent()).toBe("int(input())");
  expect(await ana.content()).not.toContain("print</strong> the result");
  await ana.locator(".hints-card").scrollIntoViewIfNeeded();
  await screenshotSizes(ana, "hints-02-revealed");

  // The teacher sees who used hints, then creates a remedial task for Ana alone.
  await teacher.goto(`${server.url}/manage/problems/${problemId}`);
  await teacher.getByRole("cell", { name: "Ana Student" }).waitFor();
  await screenshotThemes(teacher, "hints-03-editor");
  await teacher.goto(`${server.url}/manage/sections/${section.id}/tasks/new`);
  await teacher.getByLabel("Title").fill("Extra practice: loops");
  await teacher.getByLabel("Published").check();
  await teacher.getByLabel("Remedial: only the students chosen below").check();
  await teacher.getByRole("checkbox", { name: /Ana Student/ }).check();
  await teacher.locator("fieldset.targeting").scrollIntoViewIfNeeded();
  await screenshotSizes(teacher, "remedial-01-picker");
  await teacher.getByRole("button", { name: "Create task" }).click();
  await teacher.getByText("Task created.").waitFor();
  const taskId = Number(teacher.url().split("/").pop());
  await teacher.goto(`${server.url}/sections/${section.id}`);
  await teacher.getByText("Remedial · 1 student").waitFor();
  await screenshotSizes(teacher, "remedial-02-task-list");

  // Ana sees and opens it; Ben does not see it and gets 404.
  await ana.goto(`${server.url}/sections/${section.id}`);
  await ana.getByRole("link", { name: /Extra practice: loops/ }).click();
  await ana.waitForURL(`${server.url}/tasks/${taskId}`);
  await ana.getByRole("heading", { name: "Extra practice: loops" }).waitFor();
  await ben.goto(`${server.url}/sections/${section.id}`);
  expect(await ben.getByText("Extra practice: loops").count()).toBe(0);
  const refused = await ben.goto(`${server.url}/tasks/${taskId}`);
  expect(refused?.status()).toBe(404);
}, 180_000);
