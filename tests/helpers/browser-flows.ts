// Common walks through the UI for browser tests: first-run setup and a teacher with their own
// password, a section, a student who joins through its link.
import type { Browser, Page } from "playwright-core";
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

/** Runs setup (admin "ada"), creates teacher "grace", and returns a page logged in as grace. */
export async function setupTeacher(browser: Browser, server: RunningServer): Promise<Page> {
  const admin = await newPage(browser);
  await admin.goto(`${server.url}/setup`);
  await admin.getByLabel("Full name").fill("Ada Admin");
  await admin.getByLabel("Username").fill("ada");
  await admin.getByLabel("Password", { exact: true }).fill(STRONG);
  await admin.getByLabel("Confirm password").fill(STRONG);
  await admin.getByRole("button", { name: "Create administrator" }).click();
  await admin.waitForURL(`${server.url}/`);
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
