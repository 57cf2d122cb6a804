// A teacher authors a task in a real browser: the task form with its live Markdown preview, a problem
// with starter and solution files, a visible and a hidden test, the reference-solution run, the student
// preview and a refused import. Screenshots (light and dark) land in tests/.artifacts/screenshots.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { setupTeacher, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

const shoot = (page: Page, name: string) => screenshotThemes(page, `authoring-${name}`);

test("a teacher creates a task and a problem with a hidden test, and runs the reference solution", async () => {
  const page = await setupTeacher(browser, server);
  const problems = watchProblems(page);

  await page.goto(`${server.url}/sections/new`);
  await page.getByLabel("Name").fill("Intro to Python");
  await page.getByRole("button", { name: "Create section" }).click();
  await page.getByText("Section created.").waitFor();
  const sectionId = Number(page.url().split("/").pop());

  // The task form: the live preview renders as the teacher types; penalty fields appear with "penalty".
  await page.goto(`${server.url}/manage/sections/${sectionId}/tasks/new`);
  await page.getByLabel("Title").fill("Week 1: input and output");
  await page.getByLabel("Penalty (%)").waitFor({ state: "hidden" });
  await page
    .getByLabel("Description")
    .pressSequentially("## Goals\n\nRead *numbers* with `input()`.", { delay: 5 });
  await page.locator("#f-description-preview h2").getByText("Goals").waitFor();
  await page.getByLabel("Due (UTC)").fill("2026-12-18T23:59");
  await page.getByText("Accepted with a penalty").click();
  await page.getByLabel("Penalty (%)").fill("10");
  await page.getByLabel("Access code").fill("loops-42");
  await page.getByLabel("Published").check();
  await shoot(page, "01-task-form");
  await page.getByRole("button", { name: "Create task" }).click();
  await page.getByText("Task created.").waitFor();
  expect(await page.getByText("loops-42").isVisible()).toBe(true);
  await shoot(page, "02-task-empty");

  // A problem: statement with a live preview, starter and solution files.
  await page.getByRole("link", { name: "Add problem" }).click();
  await page.getByLabel("Title").fill("Sum of two numbers");
  await page
    .getByLabel("Statement (Markdown)")
    .pressSequentially("Read two integers, one per line, and print their **sum**.", { delay: 2 });
  await page.locator("#f-statement-preview strong").getByText("sum").waitFor();
  await page
    .getByLabel("Starter file main.py content")
    .fill("a = int(input())\nb = int(input())\n# print the sum\n");
  await page
    .getByLabel("Solution file main.py content")
    .fill("a = int(input())\nb = int(input())\nprint(a + b)\n");
  // Adding a file re-renders the form, keeping what was typed.
  await page.getByRole("button", { name: "Add starter file" }).click();
  await page.getByText("Not saved yet").waitFor();
  expect(await page.getByLabel("Title").inputValue()).toBe("Sum of two numbers");
  await page.getByLabel("Starter file 2 name").fill("notes.txt");
  await page.getByLabel("Starter file 2 content").fill("Remember: input() returns text.");
  await page.getByRole("button", { name: "Create problem" }).click();
  await page.getByText("Problem created.").waitFor();
  const problemUrl = page.url().replace(/#.*$/, "");

  // A visible test, and a hidden one with a message.
  await page.getByRole("link", { name: "Add test" }).click();
  await page.getByLabel("Name", { exact: true }).fill("small numbers");
  await page.getByLabel("Input", { exact: true }).fill("2\n3\n");
  await page.getByLabel("Expected output", { exact: true }).fill("5\n");
  await shoot(page, "04-test-form");
  await page.getByRole("button", { name: "Add test" }).click();
  await page.getByText('Test "small numbers" added.').waitFor();
  await page.getByRole("link", { name: "Add test" }).click();
  await page.getByLabel("Name", { exact: true }).fill("huge numbers");
  await page.getByLabel("Points", { exact: true }).fill("2");
  await page.getByLabel("Hidden test").check();
  await page.getByLabel("Input", { exact: true }).fill("123456789012345678901234567890\n1\n");
  await page.getByLabel("Expected output", { exact: true }).fill("123456789012345678901234567892\n"); // wrong on purpose
  await page.getByLabel("Message when it fails (optional)").fill("Python integers have no size limit.");
  await page.getByRole("button", { name: "Add test" }).click();
  await page.getByText('Test "huge numbers" added.').waitFor();

  // The reference run names the failing test; fixing the test makes everything pass.
  await page.getByRole("button", { name: "Run reference solution" }).click();
  await page
    .getByText("1 of 2 tests fail with the reference solution: huge numbers.")
    .waitFor({ timeout: 60_000 });
  await page.locator("#reference-result").scrollIntoViewIfNeeded();
  await shoot(page, "03-problem-editor");
  await page.getByRole("link", { name: "Edit test huge numbers" }).click();
  await page.getByLabel("Expected output", { exact: true }).fill("123456789012345678901234567891\n");
  await page.getByRole("button", { name: "Save test" }).click();
  await page.getByRole("button", { name: "Run reference solution" }).click();
  await page
    .getByText("All 2 tests pass with the reference solution (3/3 points).")
    .waitFor({ timeout: 60_000 });

  // Enter in a text field saves the problem (it does not remove a file).
  await page.goto(problemUrl);
  await page.getByLabel("Title").fill("Sum of two integers");
  await page.getByLabel("Title").press("Enter");
  await page.getByText("Problem saved.").waitFor();
  expect(await page.getByLabel("Starter file 2 name").inputValue()).toBe("notes.txt");

  // Preview as a student: the visible example only.
  await page.getByRole("link", { name: "Preview as a student" }).click();
  await page.getByRole("heading", { name: "Sum of two integers" }).waitFor();
  expect(await page.content()).not.toContain("123456789012345678901234567890");
  expect(await page.content()).not.toContain("print(a + b)");
  await shoot(page, "05-student-preview");

  // The task page lists the problem; an import with errors is refused with line numbers.
  await page.getByRole("link", { name: "Week 1: input and output" }).click();
  await page.getByRole("link", { name: "Sum of two integers", exact: true }).waitFor();
  await shoot(page, "06-task-page");
  await page.getByRole("link", { name: "Import problems from Markdown" }).click();
  await page
    .getByLabel("Or paste its text")
    .fill("---\ntitle: Broken\nkind: stdin\ntime_limit_ms: 5\ntests:\n  - name: t\n---\n");
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText("Nothing was imported").waitFor();
  expect(await page.locator(".error-lines li").count()).toBe(2);
  await shoot(page, "07-import-errors");

  // A function problem: its signature fields appear with the kind; leaving them empty is refused.
  await page.goto(`${server.url}/manage/tasks/1/problems/new`);
  await page.getByLabel("Function name").waitFor({ state: "hidden" });
  await page.getByLabel("Title").fill("Add");
  await page.getByLabel("Kind").selectOption("function");
  await page.getByLabel("Function name").waitFor({ state: "visible" });
  await page.getByRole("button", { name: "Create problem" }).click();
  await page.getByText("A function problem needs its function signature").waitFor();
  expect(await page.getByLabel("Title").inputValue()).toBe("Add");
  await shoot(page, "09-problem-refused");
  await page.getByLabel("Function name").fill("add");
  await page.getByLabel("Parameters").fill("a, b");
  await page.getByLabel("Solution file main.py content").fill("def add(a, b):\n    return a + b\n");
  await page.getByRole("button", { name: "Create problem" }).click();
  await page.getByText("Problem created.").waitFor();
  await page.getByRole("link", { name: "Add test" }).click();
  await page.getByLabel("Name", { exact: true }).fill("floats");
  await page.getByLabel("Arguments (JSON array, or Python values separated by commas)").fill("[0.1, 0.2");
  await page.getByLabel("Expected value (JSON or Python)").fill("0.3");
  await page.getByLabel("Float tolerance (optional)").fill("1e-9");
  await page.getByRole("button", { name: "Add test" }).click();
  await page.getByText("The arguments are not valid JSON").waitFor();
  await shoot(page, "10-function-test-refused");
  await page.getByLabel("Arguments (JSON array, or Python values separated by commas)").fill("[0.1, 0.2]");
  await page.getByRole("button", { name: "Add test" }).click();
  await page.getByText('Test "floats" added.').waitFor();
  await page.getByRole("button", { name: "Run reference solution" }).click();
  await page
    .getByText("The test passes with the reference solution (1/1 points).")
    .waitFor({ timeout: 60_000 });

  // The clone form.
  await page.goto(`${server.url}/manage/tasks/1/clone`);
  await shoot(page, "08-clone");

  expect(problems).toEqual([]);
}, 180_000);
