// The playground in real Chromium against a real server with a real sandbox (Docker and Chromium are
// required: without them these tests fail). A student types a program that asks for input, runs it
// with Ctrl+Enter and answers; writes a two-file program; stops an infinite loop; meets a syntax
// error; and the page keeps its files, works by keyboard and under the strict CSP. Screenshots in
// light and dark, desktop and phone widths, land in tests/.artifacts/screenshots/playground-*.png.
import { beforeAll, expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { recordRequests, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
let requests: string[] = [];

beforeAll(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  requests = recordRequests(page);
  // What the playground is answerable for: CSP refusals, script errors, failed requests of its own.
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && /^\/(playground|static)\//.test(path)) {
      problems.push(`${r.status()} ${r.request().method()} ${path}`);
    }
  });
  // First-run setup makes the administrator, who then opens the playground.
  await page.goto(server.url);
  await createAdministrator(page, server, "Ada Lovelace");
}, 240_000);

const editor = () => page.getByRole("textbox", { name: "Code editor" });
const consoleLog = () => page.getByRole("log", { name: "Program output" });
const runState = () => page.locator("[data-run-state]");

/** Replaces the open file's text, as if typed (but without auto-closing brackets or auto-indent). */
async function setCode(code: string): Promise<void> {
  await editor().click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

async function waitForState(state: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector("[data-run-state]")?.getAttribute("data-state") === s,
    state,
    {
      timeout,
    },
  );
}

const shoot = (name: string) => screenshotThemes(page, `playground-${name}`);

test("a program with input(): run with Ctrl+Enter, answer the prompt, see the output", async () => {
  await page.getByRole("link", { name: "Playground" }).click();
  await page.waitForURL(`${server.url}/playground`);
  await editor().waitFor();
  expect(await page.getByRole("tab", { name: /main\.py/ }).getAttribute("aria-selected")).toBe("true");
  await shoot("01-start-desktop");

  await setCode('name = input("Your name? ")\ncolour = input("Favourite colour? ")\n');
  // The last line typed key by key: brackets and quotes close themselves and are stepped over.
  await page.keyboard.type('print(f"Hello, {name}! {colour} is a fine colour.")');
  expect(await editor().textContent()).toContain('print(f"Hello, {name}! {colour} is a fine colour.")');
  await page.keyboard.press("Control+Enter");

  await consoleLog().getByText("Your name?").waitFor({ timeout: 90_000 });
  const input = page.getByLabel("Input for your program");
  await input.waitFor();
  // The prompt moved the focus to the input line.
  await page.waitForFunction(
    () => document.activeElement?.getAttribute("aria-label") === "Input for your program",
  );
  await page.keyboard.type("Grace");
  await page.keyboard.press("Enter");
  await consoleLog().getByText("Favourite colour?").waitFor();
  await shoot("02-waiting-for-input-desktop");
  await input.fill("teal");
  await input.press("Enter");
  await consoleLog().getByText("Hello, Grace! teal is a fine colour.").waitFor();
  await waitForState("done");
  // The answers are echoed where the program read them.
  expect(await consoleLog().locator(".in").allTextContents()).toEqual(["Grace\n", "teal\n"]);
  expect(await page.locator("[data-console-status]").textContent()).toContain("exit code 0");
  expect(await input.isVisible()).toBe(false);
}, 180_000);

test("a two-file program: new file by the + button, import it, run; files are saved and come back", async () => {
  await page.getByRole("button", { name: "New file" }).click();
  const name = page.getByLabel("Name of the new file");
  // The whole suggested name is selected, so what is typed replaces it (not "helper.py.py").
  await page.waitForFunction(
    () => document.activeElement?.getAttribute("aria-label") === "Name of the new file",
  );
  const selected = await name.evaluate((i: HTMLInputElement) => [
    i.selectionStart,
    i.selectionEnd,
    i.value.length,
  ]);
  expect(selected).toEqual([0, "untitled.py".length, "untitled.py".length]);
  await page.keyboard.type("helper.py");
  await name.press("Enter");
  await page.getByRole("tab", { name: /helper\.py/ }).waitFor();
  expect(await page.getByRole("tab", { name: /\.py\.py/ }).count()).toBe(0);
  expect(await page.getByRole("tab", { name: /helper\.py/ }).getAttribute("aria-selected")).toBe("true");
  await setCode('def greet(who):\n    return f"Hello from helper, {who}!"\n');

  await page.getByRole("tab", { name: /main\.py/ }).click();
  await setCode("import helper\n\nprint(helper.greet('Slate'))\nprint(helper.greet('you') * 1)\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await consoleLog().getByText("Hello from helper, Slate!").waitFor({ timeout: 60_000 });
  await waitForState("done");

  // Autosave: the indicator settles on Saved, and a reload brings both files back.
  await page.waitForFunction(
    () => document.querySelector("[data-save-state]")?.getAttribute("data-state") === "saved",
  );
  await page.reload();
  await page.getByRole("tab", { name: /helper\.py/ }).click();
  expect(await editor().textContent()).toContain("Hello from helper");
  await page.getByRole("tab", { name: /main\.py/ }).click();
  expect(await editor().textContent()).toContain("print(helper.greet('Slate'))");

  // The main file is marked and can be changed from the file menu; Run then starts there.
  await page.getByRole("tab", { name: /helper\.py/ }).click();
  await page.getByRole("button", { name: "File actions" }).click();
  await page.getByRole("menuitem", { name: "Make this the main file" }).click();
  await page.getByRole("tab", { name: /helper\.py \(main file\)/ }).waitFor();
  await page.getByRole("button", { name: "File actions" }).click();
  await page.getByRole("menuitem", { name: "Make this the main file" }).waitFor();
  expect(
    await page.getByRole("menuitem", { name: "Make this the main file" }).getAttribute("aria-disabled"),
  ).toBe("true");
  await page.keyboard.press("Escape");
  await page.getByRole("tab", { name: /main\.py/ }).click();
  await page.getByRole("button", { name: "File actions" }).click();
  await page.getByRole("menuitem", { name: "Make this the main file" }).click();
  await page.getByRole("tab", { name: /main\.py \(main file\)/ }).waitFor();
  await shoot("03-two-files-desktop");
}, 120_000);

test("upload a .py file, rename it with F2, refuse a bad name, download all as .zip, delete", async () => {
  await page.locator("[data-upload]").setInputFiles({
    name: "greetings.py",
    mimeType: "text/x-python",
    buffer: Buffer.from('print("hi from an uploaded file")\r\n'),
  });
  const uploaded = page.getByRole("tab", { name: /greetings\.py/ });
  await uploaded.waitFor();
  expect(await uploaded.getAttribute("aria-selected")).toBe("true");
  expect(await editor().textContent()).toContain('print("hi from an uploaded file")');

  await uploaded.focus();
  await page.keyboard.press("F2");
  const rename = page.getByLabel("New name for greetings.py");
  await rename.waitFor();
  await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.selectionEnd === 9);
  await page.keyboard.type("hello.py"); // over "greetings" (the extension stays unselected): not doubled
  await rename.press("Enter");
  await page.getByRole("tab", { name: /hello\.py/ }).waitFor();
  expect(await page.getByRole("tab", { name: /\.py\.py/ }).count()).toBe(0);

  await page.getByRole("button", { name: "New file" }).click();
  const name = page.getByLabel("Name of the new file");
  await name.fill("bad/name.py");
  await name.press("Enter");
  await page.locator("[data-notice]").getByText("cannot contain / or \\").waitFor();
  expect(await name.isVisible()).toBe(true); // still there, to fix the name
  problems.splice(problems.indexOf("400 POST /playground/files"), 1); // that refusal was the point
  await name.press("Escape");
  expect(await page.getByRole("tablist", { name: "Files" }).getByRole("tab").count()).toBe(3);

  const zip = await page.request.get(`${server.url}/playground/files.zip`);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  const { unzipSync } = await import("fflate");
  const names = Object.keys(unzipSync(new Uint8Array(await zip.body()))).sort();
  expect(names).toEqual(["hello.py", "helper.py", "main.py"]);
  expect(
    await page
      .getByRole("menuitem", { name: "Download all (.zip)", includeHidden: true })
      .getAttribute("href"),
  ).toBe("/playground/files.zip");

  await page.getByRole("tab", { name: /hello\.py/ }).click();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "File actions" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("tab", { name: /hello\.py/ }).waitFor({ state: "detached" });
  expect(await page.getByRole("tab", { name: /main\.py/ }).getAttribute("aria-selected")).toBe("true");
});

test("Stop ends an infinite loop", async () => {
  await setCode('print("counting forever…")\nn = 0\nwhile True:\n    n += 1\n');
  await page.keyboard.press("Control+Enter");
  await consoleLog().getByText("counting forever…").waitFor({ timeout: 60_000 });
  await waitForState("running");
  const stop = page.getByRole("button", { name: "Stop" });
  expect(await stop.isEnabled()).toBe(true);
  await stop.click();
  await waitForState("stopped", 20_000);
  expect(await runState().textContent()).toBe("Stopped");
  expect(await page.locator("[data-console-status]").textContent()).toContain("Stopped");
  expect(await stop.isEnabled()).toBe(false);
}, 90_000);

test("a syntax error is explained and marked at its line; the traceback link jumps there", async () => {
  await setCode('x = 3\nif x = 3:\n    print("three")\n');
  await page.keyboard.press("Control+Enter");
  const card = page.locator(".console-notice.tone-error");
  await card.waitFor({ timeout: 60_000 });
  expect(await card.textContent()).toContain("SyntaxError in main.py, line 2");
  expect(await card.textContent()).toContain("==");
  await page.locator(".cm-lintRange-error").first().waitFor();
  await shoot("04-syntax-error-desktop");
  // The link in the traceback selects that line in the editor.
  await consoleLog().getByRole("link", { name: 'File "main.py", line 2' }).click();
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? "");
  expect(selected).toBe("if x = 3:");

  // A runtime error names the exception, its line and a hint.
  await setCode("total = 0\nprint(totl)\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .locator(".console-notice.tone-error")
    .getByText("NameError in main.py, line 2")
    .waitFor({ timeout: 60_000 });
  expect(await page.locator(".console-notice.tone-error").textContent()).toContain('"totl"');
}, 120_000);

test("keyboard: Esc then Tab leaves the editor; the divider resizes by arrow keys; the console enlarges", async () => {
  await editor().click();
  await page.keyboard.press("Tab"); // Tab indents inside the editor
  expect(await page.evaluate(() => document.activeElement?.classList.contains("cm-content"))).toBe(true);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.classList.contains("cm-content"))).toBe(false);

  const divider = page.getByRole("separator", { name: "Resize editor and console" });
  const before = Number(await divider.getAttribute("aria-valuenow"));
  await divider.focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  expect(Number(await divider.getAttribute("aria-valuenow"))).toBe(before - 4);
  await page.keyboard.press("Enter"); // back to the default split

  const enlarge = page.getByRole("button", { name: "Enlarge console" });
  await enlarge.click();
  expect(await enlarge.getAttribute("aria-pressed")).toBe("true");
  expect(await editor().isVisible()).toBe(false);
  await enlarge.click();
  expect(await editor().isVisible()).toBe(true);

  // The theme toggle recolours the editor (its colours are the app's custom properties).
  const background = () =>
    page.evaluate(() => getComputedStyle(document.querySelector(".cm-editor")!).backgroundColor);
  const light = await background();
  await page.getByRole("button", { name: "Dark mode" }).click();
  expect(await background()).not.toBe(light);
  await page.getByRole("button", { name: "Dark mode" }).click();
  expect(await background()).toBe(light);
});

test("on a phone the panes stack; screenshots at phone width", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await editor().waitFor();
  const editorBox = (await page.locator(".ide-editor").boundingBox())!;
  const consoleBox = (await page.locator(".ide-console").boundingBox())!;
  expect(consoleBox.y).toBeGreaterThanOrEqual(editorBox.y + editorBox.height - 1);
  expect(await page.getByRole("separator", { name: "Resize editor and console" }).isVisible()).toBe(false);
  await shoot("05-start-phone");
  await setCode('name = input("Your name? ")\nprint(f"Hi {name}!")\nprint(1 / 0)\n');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await consoleLog().getByText("Your name?").waitFor({ timeout: 60_000 });
  await page.getByLabel("Input for your program").fill("Linus");
  await page.getByLabel("Input for your program").press("Enter");
  await page.locator(".console-notice.tone-error").waitFor();
  await shoot("06-error-phone");
  await page.setViewportSize({ width: 1280, height: 800 });
}, 90_000);

test("nothing was refused by the CSP, nothing failed in the page, nothing loaded from elsewhere", () => {
  expect(problems, problems.join("\n")).toEqual([]);
  expect(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:"))).toEqual([]);
});
