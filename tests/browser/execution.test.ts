// Pictures in the playground in real Chromium, real server, real sandbox (issue 18): a turtle drawing
// animates on a canvas and its final picture is not blank; a matplotlib plot appears inline between the
// lines printed before and after it. Screenshots light/dark, desktop and phone:
// tests/.artifacts/screenshots/execution-*.png.
import { beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { insertTest } from "../../src/models/problem.ts";
import { upsertDataFile } from "../../src/models/problem-data-files.ts";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator, createSection, seedSumTask, withServerDb } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(server.url);
  await createAdministrator(page, server, "Ada Lovelace");
  await page.getByRole("link", { name: "Playground" }).click();
  await page.getByRole("textbox", { name: "Code editor" }).waitFor();
}, 240_000);

async function run(code: string): Promise<void> {
  await page.getByRole("textbox", { name: "Code editor" }).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
  await page.keyboard.press("Control+Enter");
}

async function waitForState(state: string): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector("[data-run-state]")?.getAttribute("data-state") === s,
    state,
    { timeout: 90_000 },
  );
}

/** How many pixels of the canvas differ from its top-left pixel (the background). */
const inkedPixels = () =>
  page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>(".turtle-canvas")!;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) inked++;
    return inked;
  });

test("a turtle drawing animates step by step, and the final picture stays", async () => {
  await run(`import turtle
t = turtle.Turtle()
t.color("crimson", "gold")
t.pensize(3)
t.begin_fill()
for i in range(360):
    t.forward(120)
    t.left(170 + (i % 3))
t.end_fill()
print("star done")
turtle.done()
`);
  const canvas = page.locator(".turtle-canvas");
  await canvas.waitFor({ timeout: 90_000 });
  await page.getByRole("combobox", { name: "Drawing speed" }).selectOption({ label: "Slow" });
  const early = await inkedPixels();
  await page.waitForTimeout(400);
  const later = await inkedPixels();
  expect(later).toBeGreaterThan(early); // still drawing: it animates
  await waitForState("done");
  await page.getByRole("combobox", { name: "Drawing speed" }).selectOption({ label: "Instant" });
  await page.waitForTimeout(300);
  const final = await inkedPixels();
  expect(final).toBeGreaterThan(2000);
  await page.getByRole("log", { name: "Program output" }).getByText("star done").waitFor();
  expect(await page.getByRole("button", { name: "Download PNG" }).isVisible()).toBe(true);
  await screenshotSizes(page, "execution-turtle");
  expect(await inkedPixels()).toBeGreaterThan(2000); // kept through theme and size changes
}, 180_000);

test("a matplotlib plot appears inline between the text printed before and after it", async () => {
  await run(`import matplotlib.pyplot as plt
print("before the plot")
plt.plot([1, 4, 9, 16], marker="o")
plt.title("Squares")
plt.show()
print("after the plot")
`);
  await waitForState("done");
  const img = page.locator(".console-picture img");
  await img.waitFor();
  const order = await page.evaluate(() => {
    const out = document.querySelector('[role="log"]')!;
    const text = out.textContent ?? "";
    const figure = out.querySelector(".console-picture")!;
    const before = figure.previousElementSibling?.textContent ?? "";
    const after = figure.nextElementSibling?.textContent ?? "";
    return { text, before, after };
  });
  expect(order.before).toContain("before the plot");
  expect(order.after).toContain("after the plot");
  const size = await img.evaluate((i: HTMLImageElement) => ({ w: i.naturalWidth, h: i.naturalHeight }));
  expect(size).toEqual({ w: 614, h: 460 });
  await screenshotSizes(page, "execution-matplotlib");
  expect(problems).toEqual([]);
}, 180_000);

test("the problem editor: data files, a code test in the form, and each check in the reference run", async () => {
  const section = await createSection(page, server, "Period 3 · Introduction to Programming with Python");
  const { problemId } = await seedSumTask(server, section.id, {
    problem: {
      solution_files: JSON.stringify([
        {
          name: "main.py",
          content:
            "def add(a, b):\n    return a + b\n\nif __name__ == '__main__':\n    print(add(int(input()), int(input())))\n",
        },
      ]),
    },
  });
  await withServerDb(server, async (db) => {
    await upsertDataFile(
      db,
      problemId,
      "scores.csv",
      new TextEncoder().encode("name,score\nada,10\n"),
      Date.now(),
    );
    await upsertDataFile(db, problemId, "logo.png", new Uint8Array(2048), Date.now());
    await insertTest(db, {
      problem_id: problemId,
      name: "add() as a module",
      position: 2,
      kind: "code",
      input:
        "def test_adds():\n    assert add(2, 3) == 5\n\ndef test_fails():\n    assert [add(0, 1), 2] == [1, 3], 'lists differ'\n",
      expected: "",
      tolerance: null,
    });
  });
  await page.goto(`${server.url}/manage/problems/${problemId}`);
  await page.getByText("Data files (2)").waitFor();
  await page.locator("#data-files").scrollIntoViewIfNeeded();
  await screenshotSizes(page, "execution-editor-data-files");
  await page.goto(`${server.url}/manage/problems/${problemId}/tests/new`);
  await page.getByText("Python test code", { exact: true }).click();
  await page.getByLabel("Test code (Python)").waitFor();
  await screenshotSizes(page, "execution-test-form-code");
  await page.goto(`${server.url}/manage/problems/${problemId}`);
  await page.getByRole("button", { name: /Run reference solution/ }).click();
  await page.getByText("test_fails").first().waitFor({ timeout: 90_000 });
  await page.locator(".test-parts").first().scrollIntoViewIfNeeded();
  expect(await page.locator(".test-parts").first().textContent()).toContain("lists differ");
  await screenshotSizes(page, "execution-reference-code-test");
  expect(problems).toEqual([]);
}, 240_000);
