// The playground's Shell tab in real Chromium, real server, real sandbox (issue 18): a program sets
// x = 41, "Continue in shell" switches to the Shell tab with x in scope, x + 1 shows 42; each tab keeps
// its content; ↑ brings back the last line; the tabs work from the keyboard (ARIA tabs pattern); a
// block continues at "..."; tracebacks show; Restart shell empties the scope; an idle shell ends with a
// note and Restart shell opens a new one. Screenshots light/dark,
// desktop and phone with the axe audit: tests/.artifacts/screenshots/shell-tab-*.png.
import { beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator } from "../helpers/browser-flows.ts";

// Shells end after 1 idle minute here (the shortest setting), so the last test sees the idle-end note.
const { server, browser } = useBrowserServer({ sandbox: true, env: { SLATE_SHELL_IDLE_MINUTES: "1" } });
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

const consoleLog = () => page.getByRole("log", { name: "Program output" });
const shellLog = () => page.getByRole("log", { name: "Shell transcript" });
const shellInput = () => page.getByRole("textbox", { name: /Python line for the shell/ });
const tab = (name: string) => page.getByRole("tab", { name });

async function waitForConsoleState(state: string): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector(".console-head [data-run-state]")?.getAttribute("data-state") === s,
    state,
    { timeout: 90_000 },
  );
}

/** Types a line at the shell prompt and waits until the shell has answered with its next prompt. */
async function typeInShell(line: string, expectText: string): Promise<void> {
  await shellInput().fill(line);
  await shellInput().press("Enter");
  await shellLog().getByText(expectText).first().waitFor({ timeout: 60_000 });
}

test("the output area has Console and Shell tabs, as ARIA tabs", async () => {
  const list = page.getByRole("tablist", { name: "Output" });
  await list.waitFor();
  expect(await tab("Console").getAttribute("aria-selected")).toBe("true");
  expect(await tab("Shell").getAttribute("aria-selected")).toBe("false");
  expect(await page.getByRole("tabpanel", { name: "Console" }).isVisible()).toBe(true);
  expect(await page.getByRole("tabpanel", { name: "Shell" }).isHidden()).toBe(true);
  expect(await tab("Shell").getAttribute("tabindex")).toBe("-1");
});

test("a run, then Continue in shell: the program's variables are in scope, x + 1 is 42", async () => {
  await page.getByRole("textbox", { name: "Code editor" }).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText('x = 41\nnames = ["Ada", "Grace"]\nprint("x is", x)\n');
  await page.keyboard.press("Control+Enter");
  await waitForConsoleState("done");
  await consoleLog().getByText("x is 41").waitFor();

  await page.getByRole("button", { name: "Continue in shell" }).click();
  expect(await tab("Shell").getAttribute("aria-selected")).toBe("true");
  expect(await consoleLog().isHidden()).toBe(true);
  await shellLog().getByText("its variables are in scope").waitFor({ timeout: 90_000 });
  await shellInput().waitFor();
  await typeInShell("x + 1", "42");
  // IDLE-like: the repr of a value, the prompt before what was typed.
  await typeInShell("names", "['Ada', 'Grace']");
  const transcript = (await shellLog().textContent()) ?? "";
  expect(transcript).toContain(">>> x + 1\n42\n>>> ");
  expect(transcript).toContain(">>> names\n['Ada', 'Grace']");
});

test("a block continues at ..., and an error prints its traceback", async () => {
  await shellInput().fill("for i in range(3):");
  await shellInput().press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-shell-prompt]")?.textContent === "...");
  await shellInput().fill("    print(i * x)");
  await shellInput().press("Enter");
  await shellInput().fill("");
  await shellInput().press("Enter");
  await shellLog().getByText("82").waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector("[data-shell-prompt]")?.textContent === ">>>");
  await typeInShell("1 / 0", "ZeroDivisionError: division by zero");
  await screenshotSizes(page, "shell-tab");
});

test("each tab keeps its content when switching", async () => {
  await tab("Console").click();
  expect(await consoleLog().isVisible()).toBe(true);
  expect(await consoleLog().textContent()).toContain("x is 41");
  await tab("Shell").click();
  expect(await shellLog().textContent()).toContain(">>> x + 1\n42");
  expect(await shellLog().textContent()).toContain("ZeroDivisionError");
});

test("↑ and ↓ walk the shell's history", async () => {
  await shellInput().click();
  await shellInput().fill("draft");
  await shellInput().press("ArrowUp");
  expect(await shellInput().inputValue()).toBe("1 / 0");
  await shellInput().press("ArrowUp");
  expect(await shellInput().inputValue()).toBe("    print(i * x)");
  await shellInput().press("ArrowDown");
  await shellInput().press("ArrowDown");
  expect(await shellInput().inputValue()).toBe("draft");
  // Run the remembered "x + 1" again: up five times from an empty line.
  await shellInput().fill("");
  for (let i = 0; i < 5; i++) await shellInput().press("ArrowUp");
  expect(await shellInput().inputValue()).toBe("x + 1");
});

test("the tabs switch from the keyboard: arrows, Home and End", async () => {
  await tab("Shell").focus();
  await page.keyboard.press("ArrowLeft");
  expect(await tab("Console").getAttribute("aria-selected")).toBe("true");
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Console");
  expect(await consoleLog().isVisible()).toBe(true);
  await page.keyboard.press("ArrowRight");
  expect(await tab("Shell").getAttribute("aria-selected")).toBe("true");
  expect(await shellLog().isVisible()).toBe(true);
  await page.keyboard.press("Home");
  expect(await tab("Console").getAttribute("aria-selected")).toBe("true");
  await page.keyboard.press("End");
  expect(await tab("Shell").getAttribute("aria-selected")).toBe("true");
  // Tab leaves the tab list for the panel's content (only the selected tab is in the Tab order).
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).not.toBe("tab");
});

test("Restart shell starts an empty one: x is gone", async () => {
  await page.getByRole("button", { name: "Restart shell" }).click();
  await shellLog().getByText("shell. Type Python").waitFor({ timeout: 90_000 });
  await shellInput().waitFor();
  await typeInShell("x", "NameError: name 'x' is not defined");
  expect(problems).toEqual([]);
});

test("phone width: the tabs fit and the shell input is usable", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = await page.evaluate(() => {
    const list = document.querySelector<HTMLElement>("[role=tablist][aria-label=Output]")!;
    const head = list.parentElement!;
    const input = document.querySelector<HTMLInputElement>("[data-shell-panel] input")!;
    return {
      tabsInside: list.getBoundingClientRect().right <= head.getBoundingClientRect().right + 0.5,
      headNoOverflow: head.scrollWidth <= head.clientWidth + 1,
      inputWidth: input.getBoundingClientRect().width,
      pageNoOverflow: document.documentElement.scrollWidth <= 390,
    };
  });
  expect(fits.tabsInside).toBe(true);
  expect(fits.headNoOverflow).toBe(true);
  expect(fits.inputWidth).toBeGreaterThan(180);
  expect(fits.pageNoOverflow).toBe(true);
  await shellInput().scrollIntoViewIfNeeded();
  await typeInShell("6 * 7", "42");
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("an idle shell ends with a note; Restart shell opens a new one", async () => {
  const panel = page.getByRole("tabpanel", { name: "Shell" });
  await panel.getByText("The shell was closed after").waitFor({ timeout: 120_000 });
  expect(await page.locator("[data-shell-state]").getAttribute("data-state")).toBe("stopped");
  expect(await shellInput().isHidden()).toBe(true);
  await page.getByRole("button", { name: "Restart shell" }).click();
  await shellInput().waitFor({ timeout: 90_000 });
  await typeInShell("'back' * 2", "'backback'");
  expect(problems).toEqual([]);
}, 180_000);
