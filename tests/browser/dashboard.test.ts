// Following a class live in real browsers: a student submits in one page while the teacher's
// gradebook in another updates without a reload; an announcement arrives at once as a notification;
// the class dashboard shows who is online and draws its charts (uPlot, under the strict CSP).
// Screenshots of both dashboards, the gradebook and notifications, light and dark, desktop and phone.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  createSection,
  seedSumTask,
  typeCode,
  watchProblems,
  withServerDb,
} from "../helpers/browser-flows.ts";
import { seedClass } from "../helpers/class-fixture.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

/** Light and dark, desktop and phone. */
const shoot = (page: Page, name: string) => screenshotSizes(page, `dash-${name}`);

async function seed(sectionId: number, otherId: number): Promise<{ taskId: number; problemId: number }> {
  // Classmates with a history, so the charts and the gradebook have something to show.
  const now = Date.now();
  await withServerDb(server, (db) =>
    seedClass({ ctx: { db }, clock: { now: () => now } }, sectionId, otherId, { queued: false }),
  );
  return seedSumTask(server, sectionId, {
    task: { title: "Week 3", position: 5, due_at: now + 3 * 86_400_000 },
    problem: { title: "Add up" },
  });
}

const bellCount = (page: Page) => page.locator("#bell-count").getAttribute("data-count");

test("the teacher follows a class live: gradebook, presence, announcements, charts", async () => {
  const {
    teacher,
    section,
    student,
    seeded: { problemId },
  } = await classWithStudent(browser, server, {
    section: "Python A",
    student: ["linus", "Linus Student"],
    before: async (section, teacher) =>
      seed(section.id, (await createSection(teacher, server, "Python B")).id),
  });
  const problems = [...watchProblems(teacher), ...watchProblems(student)];
  const linusId = Number(
    await student.evaluate(async () => {
      const res = await fetch("/notifications/menu");
      return res.ok ? 1 : 0;
    }),
  );
  expect(linusId).toBe(1);

  // The teacher opens the gradebook; the student is in it without a grade (last).
  await teacher.goto(`${server.url}/sections/${section.id}/gradebook`);
  const row = teacher.locator("tr", { has: teacher.getByText("Linus Student") });
  await expect(row.locator("td.gb-grade").textContent()).resolves.toBe("–");
  expect(await teacher.locator("#gb-rows tr").last().textContent()).toContain("Linus Student");
  await teacher.evaluate(() => {
    (window as unknown as { sameGradebook: boolean }).sameGradebook = true;
  });

  // The student submits in their page; the grading finishes in the sandbox.
  await student.goto(`${server.url}/problems/${problemId}`);
  await typeCode(student, "a = int(input())\nb = int(input())\nprint(a + b)");
  await student.getByRole("button", { name: "Submit" }).click();
  await student.getByText("2/2 tests").waitFor({ timeout: 90_000 });

  // The teacher's gradebook shows it without a reload: the row was replaced in place.
  await teacher
    .locator("tr.gb-updated", { has: teacher.getByText("Linus Student") })
    .waitFor({ timeout: 15_000 });
  expect(await row.locator("td.gb-grade").textContent()).not.toBe("–");
  expect(await row.locator("td.gb-full").count()).toBe(1);
  expect(await teacher.evaluate(() => (window as unknown as { sameGradebook?: boolean }).sameGradebook)).toBe(
    true,
  );
  await shoot(teacher, "gradebook");

  // The class dashboard: Linus is online (his page is open), charts are drawn, each with a table.
  await teacher.goto(`${server.url}/sections/${section.id}/dashboard`);
  await teacher.locator("#presence").getByText("Linus Student").waitFor();
  for (const id of ["chart-grades", "chart-completion", "chart-activity", "chart-compare"]) {
    await teacher.locator(`#${id} canvas`).waitFor();
    expect(await teacher.locator(`#${id}`).getAttribute("role")).toBe("img");
  }
  await teacher.getByText("Show as a table").first().click();
  await expect(teacher.locator(".chart-table[open] tbody tr").count()).resolves.toBe(10); // grade bins
  await teacher.getByText("Show as a table").first().click();
  expect(await teacher.getByRole("heading", { name: /Students at risk/ }).count()).toBe(1);
  await shoot(teacher, "class-dashboard");

  // Solving a problem unlocked the First Steps achievement (src/features/practice), a notification
  // too: read it first, so the count below is the announcement's alone.
  await student.goto(`${server.url}/notifications`);
  await student.getByRole("button", { name: "Mark all as read" }).click();
  await student.waitForURL(`${server.url}/notifications`);
  // An announcement reaches the student's open page at once: a toast and the bell's count.
  await student.goto(`${server.url}/`);
  await student.locator("#chart-submissions canvas").waitFor();
  expect(await bellCount(student)).toBe("0");
  const poster = await teacher.context().newPage();
  await poster.goto(`${server.url}/sections/${section.id}/announcements`);
  await poster.getByLabel("Title").fill("Quiz on Friday");
  await poster.getByLabel("Message").fill("Chapters 1 to 3. Bring a laptop.");
  await poster.getByRole("button", { name: /Post to/ }).click();
  await poster.getByText(/Posted and sent to/).waitFor();
  await student.locator(".toast", { hasText: "Quiz on Friday" }).waitFor({ timeout: 10_000 });
  await expect(bellCount(student)).resolves.toBe("1");
  await student.locator("#home-notices").getByText("Quiz on Friday").waitFor(); // the home list too
  await shoot(student, "student-dashboard");

  // The bell's dropdown lists it; the notifications page marks it read.
  await student.locator(".bell:not(.messages-menu) > summary").click();
  await student.locator(".bell-list").getByText("Quiz on Friday").waitFor();
  await student.keyboard.press("Escape");
  await student.goto(`${server.url}/notifications`);
  await student.getByText("Chapters 1 to 3. Bring a laptop.").waitFor();
  await shoot(student, "notifications");
  await student.getByRole("button", { name: /Mark as read/ }).click();
  await student.waitForURL(`${server.url}/notifications`);
  await expect(bellCount(student)).resolves.toBe("0");

  // The teacher's home compares their sections.
  await teacher.goto(`${server.url}/`);
  await teacher.getByRole("heading", { name: "Your classes at a glance" }).waitFor();
  await shoot(teacher, "teacher-home");
  expect(problems).toEqual([]);
}, 300_000);
