// Drafts in real browsers: code typed on a problem page and not submitted is saved on the server,
// so it is there in a new browser (another device) and after logging out; while offline it is kept
// in the browser and saved once Slate can be reached again; a teacher's preview saves nothing.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  loginPage,
  STRONG,
  seedSumTask,
  typeCode,
  watchProblems,
} from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

/** A new browser context (nothing shared: another device) logged in as `username`. */
const loginElsewhere = (username: string, width?: number, height?: number) =>
  loginPage(browser, server, username, width, height);

const version = (page: Page) => page.locator("#code-version");
const saveMark = (page: Page) => page.locator("[data-save-state]");

test("typed code follows the student to a new browser and through logout; offline edits sync later", async () => {
  const {
    teacher,
    student: laptop,
    seeded: { problemId },
  } = await classWithStudent(browser, server, {
    section: "Drafts class",
    student: ["dora", "Dora Draft"],
    before: (section) => seedSumTask(server, section.id),
  });
  const url = `${server.url}/problems/${problemId}`;
  const problems = watchProblems(laptop);

  await laptop.goto(url);
  await version(laptop).getByText("The starter code.").waitFor();
  await typeCode(laptop, "a = int(input())\nb = int(input())\nprint(a * b)  # not yet");
  await version(laptop).getByText("Draft saved just now. Not submitted yet.").waitFor();
  await expect(saveMark(laptop).textContent()).resolves.toBe("Saved");

  // Another device: a new browser context, logged in as the same student.
  const phone = await loginElsewhere("dora", 390, 844);
  await phone.goto(url);
  await phone.locator(".cm-content").getByText("print(a * b)  # not yet").waitFor();
  await version(phone)
    .getByText(/^Draft saved (just now|1 min ago)\. Not submitted yet\.$/)
    .waitFor();
  await screenshotThemes(phone, "drafts-01-phone");
  await phone.context().close();

  // Logging out does not lose it.
  await laptop.getByRole("button", { name: "Log out" }).click();
  await laptop.waitForURL(/\/login/);
  await laptop.getByLabel("Username").fill("dora");
  await laptop.getByLabel("Password").fill(STRONG);
  await laptop.getByRole("button", { name: "Log in" }).click();
  await laptop.waitForURL(`${server.url}/`);
  await laptop.goto(url);
  await laptop.locator(".cm-content").getByText("print(a * b)  # not yet").waitFor();
  await screenshotThemes(laptop, "drafts-02-restored");

  // Offline: the page says the code is kept in this browser; the page is closed before Slate is back.
  await laptop.context().setOffline(true);
  await typeCode(laptop, "a = int(input())\nb = int(input())\nprint(a + b)  # typed offline");
  await version(laptop)
    .getByText(/Not saved to Slate yet/)
    .waitFor();
  await saveMark(laptop)
    .getByText(/Not saved/)
    .waitFor();
  await screenshotThemes(laptop, "drafts-03-offline");
  await laptop.goto("about:blank");
  await laptop.context().setOffline(false);

  // Back online, the same browser: its copy is newer than the server's draft, shown and saved.
  await laptop.goto(url);
  await laptop.locator(".cm-content").getByText("print(a + b)  # typed offline").waitFor();
  await version(laptop).getByText("Draft saved just now. Not submitted yet.").waitFor();
  const tablet = await loginElsewhere("dora");
  await tablet.goto(url);
  await tablet.locator(".cm-content").getByText("print(a + b)  # typed offline").waitFor();
  await tablet.context().close();

  // Offline with the page still open: saved by itself once the connection is back.
  await laptop.context().setOffline(true);
  await typeCode(laptop, "print('while the wifi was down')");
  await version(laptop)
    .getByText(/Not saved to Slate yet/)
    .waitFor();
  await laptop.context().setOffline(false);
  await version(laptop).getByText("Draft saved just now. Not submitted yet.").waitFor();
  const desktop = await loginElsewhere("dora");
  await desktop.goto(url);
  await desktop.locator(".cm-content").getByText("print('while the wifi was down')").waitFor();
  await desktop.context().close();

  expect(problems).toEqual([]);
  await laptop.context().close();

  // A teacher's preview: no draft line, and typing sends nothing to the draft address.
  const drafts: string[] = [];
  teacher.on("request", (r) => {
    if (r.url().endsWith("/draft")) drafts.push(`${r.method()} ${r.url()}`);
  });
  await teacher.goto(url);
  await teacher.getByText("This is a preview").waitFor();
  expect(await version(teacher).count()).toBe(0);
  await typeCode(teacher, "print('teacher was here')");
  await teacher.locator(".cm-content").getByText("print('teacher was here')").waitFor();
  await teacher.waitForTimeout(1500); // longer than the editor's save pause: a save would have gone out
  expect(drafts).toEqual([]);
  await teacher.context().close();
}, 180_000);
