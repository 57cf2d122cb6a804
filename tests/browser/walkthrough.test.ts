// A newcomer's first walk through Slate in a real browser: setup, a teacher, a section, a student
// who joins through the link, dark mode. Screenshots of every page land in tests/.artifacts.
import { expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { recordRequests, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator, STRONG } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

async function fresh(): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { context, page, requests: recordRequests(page) };
}

test("a newcomer sets up Slate, a teacher makes a section, a student joins", async () => {
  const admin = await fresh();
  const { page } = admin;

  await page.goto(server.url);
  await expect(page.url()).toBe(`${server.url}/setup`);
  await screenshotThemes(page, "01-setup");
  await createAdministrator(page, server, "Ada Lovelace");
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Hello, Ada");
  await screenshotThemes(page, "02-admin-dashboard");

  // The admin creates a teacher and reads the one-time password.
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("link", { name: "New teacher" }).click();
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Username").fill("grace");
  await page.getByLabel("Email (optional)").fill("grace@school.example");
  await page.getByRole("button", { name: "Create account" }).click();
  const temp = (await page.locator(".secret").textContent())?.trim() ?? "";
  expect(temp).toHaveLength(12);
  await screenshotThemes(page, "03-temporary-password");
  await page.goto(`${server.url}/admin/users`);
  await screenshotThemes(page, "04-admin-users");
  await page.goto(`${server.url}/admin/system`);
  await screenshotThemes(page, "05-admin-system");

  // The teacher logs in with it and must choose a new password first.
  const teacher = await fresh();
  const tp = teacher.page;
  await tp.goto(`${server.url}/login`);
  await screenshotThemes(tp, "06-login");
  await tp.getByLabel("Username").fill("grace");
  await tp.getByLabel("Password").fill(temp);
  await tp.getByRole("button", { name: "Log in" }).click();
  await tp.waitForURL(`${server.url}/account/password`);
  await screenshotThemes(tp, "07-forced-password");
  await tp.getByLabel("Current password").fill(temp);
  await tp.getByLabel("New password", { exact: true }).fill(STRONG);
  await tp.getByLabel("Confirm new password").fill(STRONG);
  await tp.getByRole("button", { name: "Change password" }).click();
  await tp.waitForURL(`${server.url}/`);
  await screenshotThemes(tp, "08-teacher-dashboard-empty");

  // A section, and its link.
  await tp.getByRole("link", { name: "New section" }).first().click();
  await screenshotThemes(tp, "09-new-section");
  await tp.getByLabel("Name").fill("Intro to Python · Period 3");
  await tp.getByLabel("Term").fill("Fall 2026");
  await tp.getByLabel("Description").fill("Weekly problems, one quiz a month. Bring your questions!");
  await tp.getByRole("button", { name: "Create section" }).click();
  await tp.getByText("Section created.").waitFor();
  const link = await tp.getByLabel("Enrollment link").inputValue();
  expect(link).toMatch(/\/join\/[a-z0-9]{10}$/);
  await screenshotThemes(tp, "10-section-teacher-empty");

  // A student opens the link in a fresh browser, registers and lands on the section.
  const student = await fresh();
  const sp = student.page;
  await sp.goto(link);
  await screenshotThemes(sp, "11-join");
  await sp.getByLabel("Full name").fill("Linus Student");
  await sp.getByLabel("Username").first().fill("linus");
  await sp.getByLabel("Password", { exact: true }).first().fill(STRONG);
  await sp.getByLabel("Confirm password").fill(STRONG);
  await sp.getByRole("button", { name: "Create account and join" }).click();
  await sp.waitForURL(/\/sections\/\d+$/);
  expect(await sp.getByRole("heading", { level: 1 }).textContent()).toBe("Intro to Python · Period 3");
  await screenshotThemes(sp, "12-section-student");
  await sp.goto(server.url);
  await screenshotThemes(sp, "13-student-dashboard");

  // The teacher sees the student on the roster.
  await tp.reload();
  await tp.getByRole("cell", { name: "Linus Student", exact: true }).waitFor();
  await screenshotThemes(tp, "14-section-teacher-roster");
  await tp.goto(server.url);
  await screenshotThemes(tp, "15-teacher-dashboard");

  // Dark mode: the toggle switches it, and the choice survives a reload.
  await sp.getByRole("button", { name: "Dark mode" }).click();
  expect(await sp.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  await sp.reload();
  expect(await sp.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  const bg = await sp.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(15, 18, 24)");

  // Phone width: the navigation is a drawer behind the menu button.
  await tp.setViewportSize({ width: 390, height: 844 });
  await tp.goto(server.url);
  await screenshotThemes(tp, "16-teacher-phone");
  await tp.getByRole("button", { name: "Menu" }).click();
  await tp
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Sections" })
    .waitFor({ state: "visible" });
  await tp.waitForTimeout(300); // the drawer slides in
  await screenshotThemes(tp, "17-teacher-phone-drawer");

  // Nothing was fetched from anywhere but Slate itself.
  for (const { requests } of [admin, teacher, student]) {
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:"))).toEqual([]);
  }
}, 120_000);
