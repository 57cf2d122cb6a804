// Common walks through the UI for browser tests: first-run setup and a teacher with their own
// password, a section, a student who joins through its link.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createDb, type Db, openSqlite } from "../../src/db/connection.ts";
import type { NewProblem, NewTask } from "../../src/db/tables/problems.ts";
import { insertProblem, insertTest } from "../../src/models/problem.ts";
import { insertTask } from "../../src/models/task.ts";
import type { RunningServer } from "./browser.ts";

export const STRONG = "Correct-Horse-9";

export async function newPage(browser: Browser, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  return context.newPage();
}

/**
 * Collects what should never happen on a page: a CSP refusal (an inline style or script slipped in),
 * a script error, a server error.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

/** Fills in and sends the first-run form open on `page`: administrator "ada"; waits for the home page. */
export async function createAdministrator(page: Page, server: RunningServer, fullName = "Ada Admin") {
  await page.getByLabel("Full name").fill(fullName);
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Password", { exact: true }).fill(STRONG);
  await page.getByLabel("Confirm password").fill(STRONG);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await page.waitForURL(`${server.url}/`);
}

/** A new browser context (nothing shared: another device) logged in as `username` (password STRONG). */
export async function loginPage(
  browser: Browser,
  server: RunningServer,
  username: string,
  width = 1280,
  height = 900,
): Promise<Page> {
  const page = await newPage(browser, width, height);
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(STRONG);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

/** Runs `work` against the running server's database (a second connection, closed afterwards). */
export async function withServerDb<T>(server: RunningServer, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(openSqlite(join(server.dataDir, "slate.db")));
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Runs setup (admin "ada"), creates teacher "grace", and returns a page logged in as grace. */
export async function setupTeacher(browser: Browser, server: RunningServer): Promise<Page> {
  const admin = await newPage(browser);
  await admin.goto(`${server.url}/setup`);
  await createAdministrator(admin, server);
  await admin.goto(`${server.url}/admin/users/new`);
  await admin.getByLabel("Full name").fill("Grace Hopper");
  await admin.getByLabel("Username").fill("grace");
  await admin.getByRole("button", { name: "Create account" }).click();
  const temp = (await admin.locator(".secret").textContent())?.trim() ?? "";
  await admin.context().close();

  const page = await newPage(browser);
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Username").fill("grace");
  await page.getByLabel("Password").fill(temp);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${server.url}/account/password`);
  await page.getByLabel("Current password").fill(temp);
  await page.getByLabel("New password", { exact: true }).fill(STRONG);
  await page.getByLabel("Confirm new password").fill(STRONG);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

/** Creates a section as the teacher on `page`; returns its id and enrollment link. */
export async function createSection(page: Page, server: RunningServer, name: string) {
  await page.goto(`${server.url}/sections/new`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create section" }).click();
  await page.getByText("Section created.").waitFor();
  return {
    id: Number(page.url().split("/").pop()),
    link: await page.getByLabel("Enrollment link").inputValue(),
  };
}

/** A new student who registers through the link, in a fresh browser context. */
export async function joinAsStudent(
  browser: Browser,
  link: string,
  username: string,
  fullName: string,
): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(link);
  await page.getByLabel("Full name").fill(fullName);
  await page.getByLabel("Username").first().fill(username);
  await page.getByLabel("Password", { exact: true }).first().fill(STRONG);
  await page.getByLabel("Confirm password").fill(STRONG);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.waitForURL(/\/sections\/\d+$/);
  return page;
}

/**
 * The usual cast, in this order: setup and the teacher grace (setupTeacher), her section `section`,
 * then `before` (to seed what the student should find on arrival), then a student who joins through
 * the section's link and lands on its page.
 */
export async function classWithStudent<T = undefined>(
  browser: Browser,
  server: RunningServer,
  options: {
    section: string;
    student: [username: string, fullName: string];
    before?: (section: { id: number; link: string }, teacher: Page) => Promise<T>;
  },
): Promise<{ teacher: Page; section: { id: number; link: string }; student: Page; seeded: T }> {
  const teacher = await setupTeacher(browser, server);
  const section = await createSection(teacher, server, options.section);
  const seeded = (await options.before?.(section, teacher)) as T;
  const student = await joinAsStudent(browser, section.link, ...options.student);
  return { teacher, section, student, seeded };
}

/** Replaces the code in the page's first CodeMirror editor by typing it (no auto-indent carried over). */
export async function typeCode(page: Page, code: string): Promise<void> {
  await page.locator(".cm-content").first().click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  for (const line of code.split("\n")) {
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Home");
  }
}

/**
 * A published task with one problem, "read two integers, one per line, print their sum", with a
 * visible test (2, 3) and a hidden one worth 2 points (-4, 1), written straight into the running
 * server's database (the authoring UI has its own tests).
 */
export async function seedSumTask(
  server: RunningServer,
  sectionId: number,
  over: { task?: Partial<NewTask>; problem?: Partial<NewProblem>; hiddenMessage?: string } = {},
): Promise<{ taskId: number; problemId: number; hiddenTestId: number }> {
  const now = Date.now();
  return withServerDb(server, async (db) => {
    const task = await insertTask(db, {
      section_id: sectionId,
      title: "Week 1",
      starts_at: null,
      due_at: now + 7 * 86_400_000,
      access_code_enc: null,
      max_submissions: null,
      published: 1,
      created_at: now,
      updated_at: now,
      ...over.task,
    });
    const problem = await insertProblem(db, {
      task_id: task.id,
      title: "Sum of two numbers",
      statement: "Read two integers, one per line, and print their sum.",
      function_name: null,
      starter_files: JSON.stringify([{ name: "main.py", content: "a = int(input())\n" }]),
      solution_files: "[]",
      created_at: now,
      updated_at: now,
      ...over.problem,
    });
    const test = { problem_id: problem.id, tolerance: null };
    await insertTest(db, { ...test, name: "small", position: 0, input: "2\n3\n", expected: "5\n" });
    const hidden = await insertTest(db, {
      ...test,
      name: "negative",
      position: 1,
      hidden: 1,
      points: 2,
      input: "-4\n1\n",
      expected: "-3\n",
      message: over.hiddenMessage ?? "",
    });
    return { taskId: task.id, problemId: problem.id, hiddenTestId: hidden.id };
  });
}
