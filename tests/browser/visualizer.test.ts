// The visualizer in real Chromium against a real server and sandbox: a program with a function call
// and a list is visualized from the playground, stepped with the buttons, the slider and the keys,
// checked at chosen steps, every option toggled, the output popped out, predict mode played; then a
// student visualizes a failing visible test from a problem page (and a hidden test offers nothing).
// Screenshots light/dark, desktop and phone: tests/.artifacts/screenshots/visualizer-*.png.
import { beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator, newPage, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });
let page: Page;
let problems: string[] = [];

const PROGRAM = [
  "def total(items):",
  "s = 0",
  "for x in items:",
  "    s += x",
  "return s",
  "",
  "nums = [3, 1, 4]",
  "alias = nums",
  "grid = [[1, 2], [3, 4]]",
  "print(total(nums))",
];

beforeAll(async () => {
  page = await newPage(browser, 1280, 860);
  problems = watchProblems(page);
  await page.goto(server.url);
  await createAdministrator(page, server, "Ada Lovelace");
}, 240_000);

const dialog = () => page.getByRole("dialog", { name: /Visualize/ });
const counter = () => dialog().locator("[data-counter]");
const frames = () => dialog().locator("[data-frames]");
const objects = () => dialog().locator("[data-objects]");
const stepIndex = () =>
  page.evaluate(() => (window as never as { __slateVisualizer: { index: number } }).__slateVisualizer.index);
/** The index of the first point matching an event and function, from the trace the page holds. */
const findStep = (event: string, fn: string) =>
  page.evaluate(
    ([e, f]) =>
      (
        window as never as { __slateVisualizer: { trace: { trace: { event: string; func_name: string }[] } } }
      ).__slateVisualizer.trace.trace.findIndex((p) => p.event === e && p.func_name === f),
    [event, fn],
  );

test("visualize a program from the playground: step, scrub, keys, frames and objects", async () => {
  await page.getByRole("link", { name: "Playground" }).click();
  await page.locator(".cm-content").first().waitFor();
  // typeCode presses Home after Enter, so indentation is typed explicitly where auto-indent would not.
  await page.locator(".cm-content").first().click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(
    PROGRAM.map((l, i) =>
      i >= 1 && i <= 4 && !l.startsWith("    ") ? `    ${l}` : i === 3 ? `    ${l}` : l,
    ).join("\n"),
  );
  await page.getByRole("button", { name: "Visualize", exact: true }).click();
  await counter()
    .filter({ hasText: /Step 1 \/ \d+/ })
    .waitFor({ timeout: 90_000 });
  const total = Number((await counter().textContent())!.split("/")[1]);
  expect(total).toBeGreaterThan(10);
  await frames().getByText("Global frame").waitFor();

  // Buttons.
  await dialog().getByRole("button", { name: "Next step" }).click();
  await dialog().getByRole("button", { name: "Next step" }).click();
  expect(await counter().textContent()).toBe(`Step 3 / ${total}`);
  await dialog().getByRole("button", { name: "Previous step" }).click();
  expect(await stepIndex()).toBe(1);
  await dialog().getByRole("button", { name: "Last step" }).click();
  expect(await counter().textContent()).toBe(`Step ${total} / ${total}`);
  expect(await dialog().locator("[data-stdout]").textContent()).toBe("8\n");
  await dialog().getByRole("button", { name: "First step" }).click();
  expect(await stepIndex()).toBe(0);

  // The slider.
  const call = await findStep("call", "total");
  await dialog().getByRole("slider", { name: "Step" }).fill(String(call));
  expect(await stepIndex()).toBe(call);
  await frames()
    .locator(".viz-frame-name", { hasText: /^total$/ })
    .waitFor();
  // nums and alias point at one list; the call's items too: three arrows to one object.
  const listId = await objects()
    .locator(".viz-seq")
    .first()
    .evaluate((el) => el.closest("[data-obj]")!.getAttribute("data-obj"));
  expect(await frames().locator(`[data-ref="${listId}"]`).count()).toBe(3);
  expect(Number(await dialog().locator("svg.viz-arrows").getAttribute("data-count"))).toBeGreaterThanOrEqual(
    4,
  );
  // The code pane marks the next line (the def line of total: line 1) and the one that just ran.
  expect(await dialog().locator(".viz-line-next").textContent()).toContain("def total(items):");
  expect(await dialog().locator(".viz-line-done").textContent()).toContain("print(total(nums))");

  // Keys.
  await counter().click();
  await page.keyboard.press("ArrowRight");
  expect(await stepIndex()).toBe(call + 1);
  await page.keyboard.press("ArrowLeft");
  expect(await stepIndex()).toBe(call);
  await page.keyboard.press("End");
  expect(await stepIndex()).toBe(total - 1);
  await page.keyboard.press("Home");
  expect(await stepIndex()).toBe(0);

  // Clicking a line jumps to its next execution.
  await dialog().locator(".cm-line", { hasText: "s += x" }).click();
  const jumped = await stepIndex();
  expect(jumped).toBeGreaterThan(call);
  await frames()
    .locator(".viz-frame-name", { hasText: /^total$/ })
    .waitFor();

  await dialog()
    .getByRole("slider", { name: "Step" })
    .fill(String(call + 2));
  await screenshotThemes(page, "visualizer-01-playground-desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await screenshotThemes(page, "visualizer-02-playground-phone");
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("every option, the popped-out output and predict mode", async () => {
  await dialog().getByRole("button", { name: "Last step" }).click();
  const options = dialog().locator("summary", { hasText: "Options" });
  await options.click();
  const box = (name: string) => dialog().getByLabel(name);

  expect(await objects().locator(".viz-grid").count()).toBe(1); // lists of lists as a grid: on by default
  await box("Draw lists of lists as a grid").uncheck();
  expect(await objects().locator(".viz-grid").count()).toBe(0);
  await box("Draw lists of lists as a grid").check();

  expect(
    await frames()
      .getByText(/\(returned\)/)
      .count(),
  ).toBe(0);
  await box("Show frames of functions that returned").check();
  await frames().getByText("total (returned)").waitFor();

  await box("Text labels instead of arrows").check();
  expect(await dialog().locator(".viz-label").count()).toBeGreaterThan(0);
  expect(await frames().locator("[data-ref]").count()).toBe(0);
  await box("Text labels instead of arrows").uncheck();

  await box("Draw objects inside their parents").check();
  expect(await frames().locator(".viz-obj").count()).toBeGreaterThan(0);
  await box("Draw objects inside their parents").uncheck();

  await box("Draw numbers and strings as objects").check(); // a new trace, with HEAP_PRIMITIVE objects
  await dialog().locator(".viz-hp").first().waitFor({ timeout: 60_000 });
  await box("Draw numbers and strings as objects").uncheck();
  await page.waitForFunction(
    () => !document.querySelector(".viz-hp") && !!document.querySelector(".viz-seq"),
    null,
    {
      timeout: 60_000,
    },
  );

  await dialog().getByLabel("Start at").selectOption("last");
  // Remembered per user, on the server.
  const saved = await page.evaluate(
    async () => (await (await fetch("/visualizer/options")).json()) as { options: Record<string, unknown> },
  );
  expect(saved.options).toMatchObject({
    start: "last",
    showReturned: true,
    grid: true,
    heapPrimitives: false,
  });
  await options.click();

  // The output pops out into a floating window and docks again.
  await dialog().getByRole("button", { name: "Pop out" }).click();
  expect(await dialog().locator("[data-output]").getAttribute("class")).toContain("is-floating");
  const head = dialog().locator("[data-output-head]");
  const before = await head.boundingBox();
  await page.mouse.move(before!.x + 30, before!.y + 10);
  await page.mouse.down();
  await page.mouse.move(before!.x - 200, before!.y - 150, { steps: 5 });
  await page.mouse.up();
  const after = await head.boundingBox();
  expect(after!.x).toBeLessThan(before!.x - 100);
  await screenshotThemes(page, "visualizer-03-options-popout");
  await dialog().getByRole("button", { name: "Dock" }).click();

  // Predict: the next-line marker hides until the student clicks a line.
  await dialog().getByRole("button", { name: "First step" }).click();
  await dialog().getByRole("button", { name: "Predict" }).click();
  await dialog().getByRole("button", { name: "Next step" }).click(); // about to run line 7: nums = ...
  expect(await dialog().locator(".viz-line-next").count()).toBe(0);
  await dialog().locator(".cm-line", { hasText: "nums = [3, 1, 4]" }).click();
  await dialog()
    .getByText(/Right: line 7 runs next/)
    .waitFor();
  await dialog().getByRole("button", { name: "Next step" }).click();
  await dialog().locator(".cm-line", { hasText: "print(total(nums))" }).click();
  await dialog()
    .getByText(/Not quite: line 8 runs next/)
    .waitFor();
  expect(await dialog().locator("[data-score]").textContent()).toBe("Predictions this session: 1 of 2 right");
  await dialog().getByRole("button", { name: "Close the visualizer" }).click();
  expect(problems).toEqual([]);
});
