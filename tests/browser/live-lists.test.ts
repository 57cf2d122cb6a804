// Live student pages in real browsers: with the section page open, a task appears when its start
// time arrives and shows the due time the teacher just changed; with the leaderboard open, a
// classmate's accepted submission (graded in the sandbox) shows up. No reloads anywhere.
import { expect, test } from "bun:test";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  joinAsStudent,
  seedSumTask,
  typeCode,
  watchProblems,
} from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

test("open task lists and leaderboards update without a reload", async () => {
  const {
    teacher,
    section,
    student: alma,
  } = await classWithStudent(browser, server, { section: "Live class", student: ["alma", "Alma Live"] });
  const problems = watchProblems(alma);

  // A task that starts a few seconds from now: not there when the page opens, there when it starts.
  const startsAt = Date.now() + 8000;
  const { taskId, problemId } = await seedSumTask(server, section.id, {
    task: { title: "Starts soon", starts_at: startsAt, leaderboard: 1 },
  });
  await alma.goto(`${server.url}/sections/${section.id}`);
  expect(Date.now()).toBeLessThan(startsAt); // the page was loaded before the start
  expect(await alma.getByRole("link", { name: /Starts soon/ }).count()).toBe(0);
  await alma.getByRole("link", { name: /Starts soon/ }).waitFor({ timeout: 30_000 });

  // The teacher moves the due time; the student's open page shows it.
  await teacher.goto(`${server.url}/manage/tasks/${taskId}/edit`);
  await teacher.getByLabel(/^Due/).fill("2027-03-15T14:45");
  await teacher.getByRole("button", { name: "Save task" }).click();
  await teacher.getByText("Task saved.").waitFor();
  await alma.getByText("due 15 Mar 2027, 14:45").waitFor();
  await screenshotThemes(alma, "live-01-section");

  // Alma watches the leaderboard while Ben solves the problem.
  await alma.goto(`${server.url}/tasks/${taskId}/leaderboard`);
  await alma.getByText("No scores yet").waitFor();
  const ben = await joinAsStudent(browser, section.link, "ben", "Ben Live");
  await ben.goto(`${server.url}/problems/${problemId}`);
  await typeCode(ben, "a = int(input())\nb = int(input())\nprint(a + b)");
  await ben.getByRole("button", { name: "Submit" }).click();
  await ben.getByText("2/2 tests").waitFor({ timeout: 60_000 });
  await alma.locator("#leaderboard tbody tr").getByText("Student 1").waitFor({ timeout: 30_000 });
  expect(await alma.locator("#leaderboard").textContent()).not.toContain("Ben Live");
  await screenshotThemes(alma, "live-02-leaderboard");
  await alma.setViewportSize({ width: 390, height: 844 });
  await screenshotThemes(alma, "live-03-leaderboard-phone");
  await alma.goto(`${server.url}/sections/${section.id}`);
  await screenshotThemes(alma, "live-04-section-phone");
  expect(problems).toEqual([]);
}, 240_000);
