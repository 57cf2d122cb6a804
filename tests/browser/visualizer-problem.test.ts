// The problem page's "Visualize this test" in real Chromium against a real server and sandbox: a
// student's failing visible test is traced with its input and opens at its last step; a hidden test
// never offers it. Screenshots: tests/.artifacts/screenshots/visualizer-04-test-*.png.
import { expect, test } from "bun:test";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, seedSumTask, typeCode, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

test("a student visualizes a failing visible test from the problem page; the hidden test offers nothing", async () => {
  const { student } = await classWithStudent(browser, server, {
    section: "Intro to Python",
    student: ["linus", "Linus Student"],
    before: (section) => seedSumTask(server, section.id),
  });
  const studentProblems = watchProblems(student);
  await student.getByRole("link", { name: /Week 1/ }).click();
  await student.getByRole("link", { name: "Sum of two numbers" }).click();
  await student.locator(".cm-content").first().waitFor();
  await typeCode(student, "a = int(input())\nb = int(input())\nprint(a - b)");
  await student.getByRole("button", { name: "Run tests" }).click();
  await student.getByText("Visible tests (not recorded)").waitFor({ timeout: 60_000 });
  await student.getByRole("button", { name: "Visualize this test" }).click();
  const viz = student.getByRole("dialog", { name: "Visualize test: small" });
  // It opens at the last step (the program raised nothing), with the test's input echoed.
  await viz.locator("[data-stdout]").filter({ hasText: "-1" }).waitFor({ timeout: 90_000 });
  expect(await viz.locator("[data-stdout]").textContent()).toBe("2\n3\n-1\n");
  const [shown, total] = (await viz.locator("[data-counter]").textContent())!.match(/\d+/g)!;
  expect(shown).toBe(total as string);
  await viz.locator("[data-frames]").getByText("Global frame").waitFor();
  await screenshotThemes(student, "visualizer-04-test");
  await viz.getByRole("button", { name: "Close the visualizer" }).click();

  // A submission's hidden test: no button, and the route refuses it.
  await student.getByRole("button", { name: "Submit" }).click();
  await student.getByText("0/2 tests").waitFor({ timeout: 60_000 });
  const buttons = await student.getByRole("button", { name: "Visualize this test" }).count();
  expect(buttons).toBeLessThanOrEqual(2); // Run tests' panel and the submission's visible test
  expect(studentProblems).toEqual([]);
});
