// A class assignment end to end in real browsers: a student solves a problem in the workspace
// (a wrong submission, then a right one, graded live), the teacher changes a test and regrades.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, seedSumTask, typeCode, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

const shoot = (page: Page, name: string) => screenshotThemes(page, `solve-${name}`);

test("a student solves a problem; the teacher changes a test and regrades", async () => {
  const { teacher, student, seeded } = await classWithStudent(browser, server, {
    section: "Intro to Python",
    student: ["linus", "Linus Student"],
    before: (section) =>
      seedSumTask(server, section.id, {
        task: { title: "Week 1: numbers", description: "Two warm-up problems. **Read carefully.**" },
        problem: {
          statement:
            "Read two integers, **one per line**, and print their sum.\n\n```\n2\n3\n```\nprints `5`.",
        },
        hiddenMessage: "Negative numbers count too.",
      }),
  });
  const { taskId, problemId, hiddenTestId } = seeded;
  const problems = watchProblems(teacher);
  const studentProblems = watchProblems(student);

  // The section lists the task; the task lists the problem.
  await student.getByRole("link", { name: /Week 1: numbers/ }).click();
  await student.getByRole("link", { name: "Sum of two numbers" }).click();
  await student.locator(".cm-content").first().waitFor();
  await shoot(student, "01-problem");

  // Run tests: only the visible one, nothing recorded.
  await typeCode(student, "a = int(input())\nb = int(input())\nprint(a + b if a > 0 else 0)");
  await student.getByRole("button", { name: "Run tests" }).click();
  await student.getByText("Visible tests (not recorded)").waitFor({ timeout: 60_000 });
  expect(await student.locator("#results").textContent()).toContain("1/1 tests");

  // A wrong submission: graded live, the hidden test fails with the teacher's message only.
  await student.getByRole("button", { name: "Submit" }).click();
  await student.getByText("1/2 tests").waitFor({ timeout: 60_000 });
  await student.getByText("Negative numbers count too.").waitFor();
  expect(await student.content()).not.toContain("-4\n1");
  await shoot(student, "02-wrong");

  // A right one; typed, then the page reloaded before submitting: the draft is still there.
  await typeCode(student, "a = int(input())\nb = int(input())\nprint(a + b)");
  await student.waitForTimeout(1200); // the editor saves after a short pause
  await student.reload();
  await student.locator(".cm-content").getByText("print(a + b)").waitFor();
  await student.getByRole("button", { name: "Submit" }).click();
  await student.getByText("2/2 tests").waitFor({ timeout: 60_000 });
  // The history below fills in without a reload.
  await student.locator("#history tbody tr").nth(1).waitFor();
  await student.locator("#history").getByText("3/3").waitFor();
  await shoot(student, "03-right");
  await student.goto(`${server.url}/tasks/${taskId}`);
  await student.getByText("solved").waitFor();
  await shoot(student, "04-task");

  // The teacher makes the hidden test stricter (more points) and regrades everything.
  await teacher.goto(`${server.url}/manage/problems/${problemId}/tests/${hiddenTestId}`);
  await teacher.getByLabel("Points").fill("4");
  await teacher.getByRole("button", { name: "Save test" }).click();
  await teacher.goto(`${server.url}/manage/tasks/${taskId}/submissions`);
  await teacher
    .getByRole("cell", { name: /Linus Student/ })
    .first()
    .waitFor();
  await shoot(teacher, "05-submissions");
  await teacher.getByLabel("Select all submissions").check();
  await teacher.getByRole("button", { name: "Regrade selected" }).click();
  await teacher.getByText(/Done\. Regraded 2 submissions/).waitFor({ timeout: 60_000 });
  await shoot(teacher, "06-regrade");
  await teacher.goto(`${server.url}/manage/tasks/${taskId}/submissions`);
  expect(await teacher.locator("tbody").textContent()).toContain("5/5");

  // The leaderboard shows the student first, by name for the teacher.
  await teacher.goto(`${server.url}/tasks/${taskId}/leaderboard`);
  await teacher.getByRole("cell", { name: "Linus Student" }).waitFor();
  await shoot(teacher, "07-leaderboard");
  expect([...problems, ...studentProblems]).toEqual([]);
}, 240_000);
