// Issue 10's defects that show in a browser: badges as written ("0 of 6", "due in 7 days"), a
// decimal score override the browser lets through, the join page's focus, and the pages built for
// the issue (task preview, regrade notice, Markdown prose, password reset, Unlock), screenshotted at
// desktop and phone width, light and dark, each audited by axe (screenshotThemes).
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import type { Db } from "../../src/db/connection.ts";
import { insertProblem, insertTest } from "../../src/models/problem.ts";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import {
  createSection,
  loginPage,
  newPage,
  seedSumTask,
  setupTeacher,
  watchProblems,
  withServerDb,
} from "../helpers/browser-flows.ts";
import { type ClassFixture, seedClass } from "../helpers/class-fixture.ts";

const { server, browser } = useBrowserServer();

/** Light and dark, desktop and phone. */
const shoot = (page: Page, name: string) => screenshotSizes(page, `ready-${name}`);

/** Runs `work` against the running server's database. */
const withDb = <T>(work: (db: Db) => Promise<T>) => withServerDb(server, work);

const login = (username: string) => loginPage(browser, server, username);

/** A function problem whose test data has JSON's true/null in it, in the fixture's Week 2. */
const seedFunctionProblem = (taskId: number) =>
  withDb(async (db) => {
    const now = Date.now();
    const p = await insertProblem(db, {
      task_id: taskId,
      title: "Check flags",
      kind: "function",
      function_name: "check",
      function_params: JSON.stringify(["flag", "items"]),
      position: 5,
      created_at: now,
      updated_at: now,
    });
    const t = { problem_id: p.id, tolerance: null };
    await insertTest(db, {
      ...t,
      name: "mixed",
      position: 0,
      input: '[true, [null, "it"]]',
      expected: "1.0",
    });
    await insertTest(db, { ...t, name: "empty", position: 1, input: "[false, []]", expected: "null" });
    return p.id;
  });

test("a teacher's and a student's first day, as the issue found it", async () => {
  const teacher = await setupTeacher(browser, server);
  const problems = watchProblems(teacher);
  const section = await createSection(teacher, server, "Python A");
  const other = await createSection(teacher, server, "Python B");
  const now = Date.now();
  const f: ClassFixture = await withDb((db) =>
    seedClass({ ctx: { db }, clock: { now: () => now } }, section.id, other.id, { queued: false }),
  );
  await seedSumTask(server, section.id, {
    task: { title: "Week 3", position: 5, due_at: now + 7 * 86_400_000 + 3_600_000 },
  });
  const fnProblem = await seedFunctionProblem(f.tasks.t2);

  // Badges read as written: "0 of 6", not "0 Of 6".
  await teacher.goto(`${server.url}/sections/${section.id}/dashboard`);
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (after text-transform) is the point
  expect(await teacher.locator("#presence .badge").innerText()).toBe("0 of 6");

  // Student view: the student's task page, labelled as a preview.
  await teacher.goto(`${server.url}/manage/tasks/${f.tasks.t1}`);
  await teacher.getByRole("link", { name: "Student view" }).click();
  await teacher.getByText("Student preview.").waitFor();
  expect(teacher.url()).toBe(`${server.url}/manage/tasks/${f.tasks.t1}/preview`);
  await teacher.getByRole("link", { name: "Sum" }).waitFor();
  await shoot(teacher, "task-preview");

  // A decimal override goes through the browser's own form checks and is saved.
  const bens = await withDb((db) =>
    db
      .selectFrom("submissions")
      .select("id")
      .where("user_id", "=", f.users.ben)
      .where("problem_id", "=", f.problems.p1)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow(),
  );
  await teacher.goto(`${server.url}/submissions/${bens.id}`);
  await teacher.getByLabel(/^Score \(0–3\)/).fill("2.5");
  await teacher.getByRole("button", { name: "Save score" }).click();
  await teacher.getByText("Score set to 2.5.").waitFor({ timeout: 5000 });

  // Changing a test's points: the editor says the scores may be out of date, with Regrade right there.
  await teacher.goto(`${server.url}/manage/problems/${f.problems.p1}/tests/${f.tests.b}`);
  await teacher.getByLabel("Points").fill("2.5");
  await teacher.getByRole("button", { name: "Save test" }).click();
  await teacher.getByText("You changed the tests.").waitFor();
  await shoot(teacher, "regrade-notice");
  await teacher.getByRole("button", { name: /Regrade \d+ submissions/ }).click();
  await teacher.waitForURL(/\/manage\/regrades\/\d+$/);

  // Function tests in Python: the tests list and the test editor.
  await teacher.goto(`${server.url}/manage/problems/${fnProblem}#tests`);
  await teacher.getByText("check(True, [None, 'it'])").waitFor();
  await shoot(teacher, "python-tests");
  await teacher.getByRole("link", { name: "Edit test mixed" }).click();
  await teacher.getByText("check(True, [None, 'it']) == 1.0").waitFor();

  // Markdown in the section description and an announcement.
  await teacher.goto(`${server.url}/sections/${section.id}/edit`);
  await teacher
    .getByLabel("Description")
    .fill("Welcome to **Python A**!\nBring a laptop; the book is _optional_.");
  await teacher.locator("#f-description-preview strong").getByText("Python A").waitFor(); // live preview
  await teacher.getByRole("button", { name: "Save changes" }).click();
  await teacher.getByText("Section saved.").waitFor();
  await teacher.goto(`${server.url}/sections/${section.id}/announcements`);
  await teacher.getByLabel("Title").fill("**Quiz** on Friday");
  await teacher.getByLabel("Message").fill("Chapters `1` to `3`.\n\n- loops\n- lists");
  await teacher.getByRole("button", { name: /Post to/ }).click();
  await teacher.getByText(/Posted and sent to/).waitFor();
  await shoot(teacher, "announcements");

  // A student: the description and the announcement render, the deadline badge reads "due in 7 days".
  const ann = await login("ann");
  const annProblems = watchProblems(ann);
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (after text-transform) is the point
  expect(await ann.locator(".deadline-side .badge").first().innerText()).toBe("due in 7 days");
  await ann.locator("#home-notices strong").getByText("Quiz").waitFor();
  await ann.locator(".bell:not(.messages-menu) > summary").click();
  await ann.locator(".bell-excerpt").getByText("Chapters 1 to 3. loops lists").waitFor();
  await shoot(ann, "student-home");
  await ann.keyboard.press("Escape");
  await ann.goto(`${server.url}/sections/${section.id}`);
  await ann.locator(".lead-text strong").getByText("Python A").waitFor();
  await shoot(ann, "student-section");

  // The roster: a teacher gives a student a new temporary password.
  await teacher.goto(`${server.url}/sections/${section.id}`);
  await shoot(teacher, "roster");
  teacher.once("dialog", (d) => d.accept());
  await teacher.getByRole("button", { name: "Reset password of Ben Student" }).click();
  await teacher.locator(".secret").waitFor();
  await shoot(teacher, "student-password");

  // A locked account: the admin unlocks it from the list.
  await withDb((db) =>
    db
      .updateTable("users")
      .set({ locked_until: Date.now() + 600_000 })
      .where("id", "=", f.users.cat)
      .execute(),
  );
  const admin = await login("ada");
  await admin.goto(`${server.url}/admin/users`);
  await shoot(admin, "admin-users");
  await admin.getByRole("button", { name: "Unlock Cat Student" }).click();
  await admin.getByText("Cat Student can log in again.").waitFor();
  expect(await admin.getByRole("button", { name: /^Unlock/ }).count()).toBe(0);

  expect([...problems, ...annProblems]).toEqual([]);
}, 300_000);

test("the join page puts the cursor in the registration form", async () => {
  const teacher = await login("grace");
  await teacher.goto(`${server.url}/sections`);
  const section = await createSection(teacher, server, "Python C");
  const visitor = await newPage(browser);
  await visitor.goto(section.link);
  expect(await visitor.evaluate(() => document.activeElement?.id)).toBe("f-displayName");
  await shoot(visitor, "join");
}, 120_000);
