// Phone layouts in real Chromium. At 360 px wide every control of the code workspace (its toolbar,
// status bar and console head) is on screen and not covered, on the playground and on a problem page.
// 200-character unbroken titles wrap instead of widening the page: no sideways scrolling at 390 px on
// the section, task and problem pages, for the teacher and the student. Titles longer than their limit
// are refused with a clear message and nothing is saved. Screenshots (light and dark, each audited by
// axe-core) land in tests/.artifacts/screenshots/phone-*.png.
import { beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { createSection, joinAsStudent, setupTeacher, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();
let teacher: Page;
let student: Page;
const problems: string[] = [];

// No spaces or hyphens: nothing a browser would break the line at by itself.
const LONG_SECTION = "Introductiontoprogramming".repeat(4); // 100, the limit for section names
const LONG_TASK = "Supercalifragilisticx".repeat(10).slice(0, 200); // 200, the limit for titles
const LONG_PROBLEM = "Pneumonoultramicroscopic".repeat(9).slice(0, 200);
let sectionId = 0;
let taskId = 0;
let problemId = 0;

beforeAll(async () => {
  teacher = await setupTeacher(browser, server);
  problems.push(...watchProblems(teacher));
  const section = await createSection(teacher, server, LONG_SECTION);
  sectionId = section.id;

  await teacher.goto(`${server.url}/manage/sections/${sectionId}/tasks/new`);
  await teacher.getByLabel("Title").fill(LONG_TASK);
  await teacher.getByLabel("Published").check();
  await teacher.getByRole("button", { name: "Create task" }).click();
  await teacher.getByText("Task created.").waitFor();
  taskId = Number(new URL(teacher.url()).pathname.split("/").pop());

  await teacher.getByRole("link", { name: "Add problem" }).click();
  await teacher.getByLabel("Title").fill(LONG_PROBLEM);
  await teacher.getByLabel("Statement (Markdown)").fill("Print the sum of two numbers.");
  await teacher.getByRole("button", { name: "Create problem" }).click();
  await teacher.getByText("Problem created.").waitFor();
  problemId = Number(new URL(teacher.url()).pathname.split("/").pop());

  student = await joinAsStudent(browser, section.link, "linus", "Linus Student");
  problems.push(...watchProblems(student));
}, 120_000);

/**
 * How wide the page scrolls, and the elements sticking out past the window's right edge (not counting
 * those inside a box that scrolls or clips sideways by design: tables, tabs, the closed drawer).
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    const contained = (el: Element) => {
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX !== "visible" || style.position === "fixed") return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll<HTMLElement>("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && !contained(el)) {
        culprits.push(
          `${el.tagName.toLowerCase()}.${el.getAttribute("class")} "${el.textContent?.trim().slice(0, 30)}" (right edge ${Math.round(r.right)})`,
        );
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5) };
  });
}

async function expectNoSidewaysScroll(page: Page, url: string, shot: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  const found = await overflow(page);
  expect(found.culprits, `${url}: ${found.culprits.join(", ")}`).toEqual([]);
  expect(found.scrollWidth).toBeLessThanOrEqual(found.width);
  await screenshotThemes(page, `phone-${shot}`);
}

/**
 * Controls of the workspace that a phone user cannot reach: scrolled into view (nested scrollers too),
 * each must lie inside the window and be what is under its own centre (not clipped or covered).
 */
async function unreachableControls(page: Page): Promise<{ count: number; missing: string[] }> {
  const selector = ".ide button, .ide a, .ide input:not([type=file]), .ide [tabindex='0']";
  const count = await page.locator(selector).count();
  const missing: string[] = [];
  for (let i = 0; i < count; i++) {
    const control = page.locator(selector).nth(i);
    if (!(await control.isVisible())) continue; // hidden until needed: menu items, the input line
    const ok = await control.evaluate((el) => {
      // scrollIntoView also scrolls boxes with overflow: hidden and the page sideways, which no user
      // can: undo those, keep only what a finger can scroll (the page down, the file tabs sideways).
      el.scrollIntoView({ block: "center", inline: "nearest" });
      for (let box = el.parentElement; box; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (/hidden|clip/.test(style.overflowX)) box.scrollLeft = 0;
        if (/hidden|clip/.test(style.overflowY)) box.scrollTop = 0;
      }
      window.scrollTo(0, window.scrollY);
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.right > window.innerWidth + 0.5) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && (hit === el || el.contains(hit));
    });
    if (!ok) {
      const name = await control.evaluate(
        (el) => el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName,
      );
      missing.push(name);
    }
  }
  return { count, missing };
}

test("at 360 px every control of the editor toolbar is on screen, on the playground and a problem page", async () => {
  await student.setViewportSize({ width: 360, height: 740 });
  for (const [url, shot] of [
    [`${server.url}/playground`, "playground-360"],
    [`${server.url}/problems/${problemId}`, "problem-360"],
  ] as const) {
    await student.goto(url);
    await student.locator(".cm-content").first().waitFor();
    const { count, missing } = await unreachableControls(student);
    expect(count).toBeGreaterThan(8);
    expect(missing, `${url}: out of reach at 360 px: ${missing.join(", ")}`).toEqual([]);
    for (const name of ["Run", "Stop"]) {
      expect(await student.getByRole("button", { name, exact: true }).isVisible()).toBe(true);
    }
    await screenshotThemes(student, `phone-${shot}`);
  }
  await student.getByRole("button", { name: "Run tests" }).waitFor();
  await student.getByRole("button", { name: "Submit" }).waitFor();
}, 60_000);

test("200-character titles wrap: nothing scrolls sideways at 390 px for the student", async () => {
  await student.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(student, `${server.url}/`, "student-home");
  await expectNoSidewaysScroll(student, `${server.url}/sections/${sectionId}`, "student-section");
  await expectNoSidewaysScroll(student, `${server.url}/tasks/${taskId}`, "student-task");
  await expectNoSidewaysScroll(student, `${server.url}/problems/${problemId}`, "student-problem");
}, 60_000);

test("200-character titles wrap: nothing scrolls sideways at 390 px for the teacher", async () => {
  await teacher.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(teacher, `${server.url}/`, "teacher-home");
  await expectNoSidewaysScroll(teacher, `${server.url}/sections/${sectionId}`, "teacher-section");
  await expectNoSidewaysScroll(teacher, `${server.url}/manage/tasks/${taskId}`, "teacher-task");
  await expectNoSidewaysScroll(teacher, `${server.url}/manage/problems/${problemId}`, "teacher-problem");
  await expectNoSidewaysScroll(teacher, `${server.url}/sections/${sectionId}/gradebook`, "teacher-gradebook");
}, 60_000);

/** Submits a form with one more character than its field allows (the browser's maxlength removed, as
 * a script or an old browser would) and expects the server's message and the typed text back. */
async function refuseTooLong(page: Page, url: string, field: string, limit: number, button: string) {
  await page.goto(url);
  const input = page.getByLabel(field, { exact: true });
  expect(await input.getAttribute("maxlength")).toBe(String(limit));
  await input.evaluate((el) => el.removeAttribute("maxlength"));
  const tooLong = "x".repeat(limit + 1);
  await input.fill(tooLong);
  await page.getByRole("button", { name: button }).click();
  await page.getByText(`${field} must be at most ${limit} characters.`).waitFor();
  expect(await page.getByLabel(field, { exact: true }).inputValue()).toBe(tooLong);
}

test("titles over their limit are refused with a clear message, and nothing is saved", async () => {
  await teacher.setViewportSize({ width: 1280, height: 900 });
  await refuseTooLong(teacher, `${server.url}/sections/new`, "Name", 100, "Create section");
  await refuseTooLong(
    teacher,
    `${server.url}/manage/sections/${sectionId}/tasks/new`,
    "Title",
    200,
    "Create task",
  );
  await refuseTooLong(
    teacher,
    `${server.url}/manage/tasks/${taskId}/problems/new`,
    "Title",
    200,
    "Create problem",
  );
  await refuseTooLong(teacher, `${server.url}/manage/tasks/${taskId}/edit`, "Title", 200, "Save task");

  // Nothing was created or changed: one section, one task with its title, one problem.
  await teacher.goto(`${server.url}/sections`);
  expect(await teacher.locator("main").getByText("xxxxxxxxxx").count()).toBe(0);
  await teacher.goto(`${server.url}/manage/tasks/${taskId}`);
  await teacher.getByRole("heading", { level: 1, name: LONG_TASK }).waitFor();
  expect(await teacher.locator("main").getByText("xxxxxxxxxx").count()).toBe(0);
  expect(problems).toEqual([]);
}, 60_000);
