// The navigation drawer at phone width (390x844), in real Chromium: on every kind of page, for a
// teacher, a student and the administrator, the Menu button opens the drawer, its links (Sections,
// Playground, Log out) come into view where a finger can tap them, Escape closes it, and no script
// error happens on the way (issue 10, item 1: two minified bundles shared a top-level name, so the
// drawer's toggle was replaced by the toasts' and threw "reading 'add'").
import { beforeAll, expect, test } from "bun:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, STRONG, seedSumTask, watchProblems } from "../helpers/browser-flows.ts";

const PHONE = { width: 390, height: 844 };

const { server, browser } = useBrowserServer();
let teacher: Page;
let student: Page;
let ids: { sectionId: number; taskId: number; problemId: number };

beforeAll(async () => {
  const cast = await classWithStudent(browser, server, {
    section: "Phones",
    student: ["pia", "Pia Student"],
    before: (section) => seedSumTask(server, section.id),
  });
  ({ teacher, student } = cast);
  ids = { sectionId: cast.section.id, taskId: cast.seeded.taskId, problemId: cast.seeded.problemId };
}, 240_000);

/** The same session as `page`, in a new phone-sized context. */
async function onPhone(page: Page): Promise<BrowserContext> {
  const storageState = await page.context().storageState();
  return browser.newContext({ viewport: PHONE, storageState, hasTouch: true });
}

/**
 * Resolves once the element lies wholly inside the viewport and is the topmost element at its centre
 * (not under the scrim, not slid off-screen): what a tap would reach.
 */
async function waitTappable(target: Locator): Promise<void> {
  const handle = await target.elementHandle();
  await target.page().waitForFunction(
    (el) => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight)
        return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && el.contains(hit);
    },
    handle,
    { timeout: 5000 },
  );
}

/** Opens the drawer on `path`, checks its links can be tapped, closes it again. */
async function checkMenu(page: Page, path: string, links: string[]): Promise<void> {
  await page.goto(`${server.url}${path}`);
  const menu = page.getByRole("button", { name: "Menu" });
  // Closed, the drawer is hidden as well (out of the Tab order), so the role query must include hidden.
  const nav = page.getByRole("navigation", { name: "Main", includeHidden: true });
  // Closed, the drawer is off-screen: nothing in it can be tapped by accident.
  expect(await nav.evaluate((el) => el.getBoundingClientRect().right <= 0)).toBe(true);
  await menu.tap();
  expect(await menu.getAttribute("aria-expanded")).toBe("true");
  for (const name of links) await waitTappable(nav.getByRole("link", { name, exact: true }));
  await waitTappable(nav.getByRole("button", { name: "Log out" }));
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => {
    const r = document.getElementById("sidebar")?.getBoundingClientRect();
    return r !== undefined && r.right <= 0;
  });
  expect(await menu.getAttribute("aria-expanded")).toBe("false");
}

/** Visits every page, then opens the menu once more on the first and photographs it open. */
async function checkAll(who: Page, name: string, pages: string[], links: string[]): Promise<void> {
  const context = await onPhone(who);
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    for (const path of pages) {
      await checkMenu(page, path, links);
      expect(problems, `on ${path}`).toEqual([]);
    }
    await page.goto(`${server.url}${pages[0]}`);
    await page.getByRole("button", { name: "Menu" }).tap();
    await waitTappable(page.getByRole("button", { name: "Log out" }));
    await screenshotThemes(page, `phone-menu-${name}`);
    // A link in the drawer leads where it says.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sections" }).tap();
    await page.waitForURL(`${server.url}/sections`);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}

test("a teacher opens the menu on a phone on every kind of page", async () => {
  await checkAll(
    teacher,
    "teacher",
    [
      "/",
      "/playground",
      "/sections",
      `/sections/${ids.sectionId}`,
      `/sections/${ids.sectionId}/dashboard`,
      `/manage/tasks/${ids.taskId}`,
      `/manage/problems/${ids.problemId}`,
      "/account",
    ],
    ["Dashboard", "Sections", "Playground"],
  );
}, 120_000);

test("a student opens the menu on a phone on every kind of page", async () => {
  await checkAll(
    student,
    "student",
    [
      "/",
      "/playground",
      "/sections",
      `/sections/${ids.sectionId}`,
      `/tasks/${ids.taskId}`,
      `/problems/${ids.problemId}`,
      "/notifications",
      "/account",
    ],
    ["Dashboard", "Sections", "Playground"],
  );
}, 120_000);

test("the administrator opens the menu on a phone on every kind of page", async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const login = await context.newPage();
  await login.goto(`${server.url}/login`);
  await login.getByLabel("Username").fill("ada");
  await login.getByLabel("Password").fill(STRONG);
  await login.getByRole("button", { name: "Log in" }).click();
  await login.waitForURL(`${server.url}/`);
  try {
    await checkAll(
      login,
      "admin",
      ["/", "/admin/users", "/admin/system", "/playground", "/sections"],
      ["Dashboard", "Sections", "Playground", "Users", "System"],
    );
  } finally {
    await context.close();
  }
}, 120_000);
