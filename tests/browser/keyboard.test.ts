// Slate by keyboard only, in real Chromium with a real sandbox: Tab, Shift+Tab, Enter, Space, arrow
// keys and Escape; no clicks once the accounts exist. A teacher makes a section, a task and a problem;
// a student joins through the link, moves between file tabs, types in the editor and leaves it with
// Esc then Tab, opens the file menu, runs a program that reads input and submits; the teacher sorts
// the gradebook, opens and closes the notifications, switches the theme and uses the phone drawer,
// which holds the focus while open and gives it back when closed. Every place the focus lands must
// show it (an outline or a ring) and be on screen. Last, the axe audit itself is shown to catch
// defects on a page under Slate's CSP.
import { beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { auditPage } from "../helpers/axe.ts";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { newPage, STRONG, seedSumTask, setupTeacher, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });
let teacher: Page;
let student: Page;
const problems: string[] = [];
let sectionId = 0;
let enrollLink = "";

beforeAll(async () => {
  teacher = await setupTeacher(browser, server);
  problems.push(...watchProblems(teacher));
}, 120_000);

interface Focused {
  name: string;
  tag: string;
  ring: boolean;
  onScreen: boolean;
  inDrawer: boolean;
}

/** In the page: does the focused element show it, by its own outline or ring or (the code editor) its frame's? */
function focusShows(): boolean {
  const shows = (node: Element | null) => {
    if (!node) return false;
    // The final look, not a frame of the fade-in (a ring that grows from a transparent 0 px shadow).
    for (const a of node.getAnimations()) if (a.effect?.getComputedTiming().endTime !== Infinity) a.finish();
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) > 0;
    const ring = s.boxShadow !== "none" && !s.boxShadow.startsWith("rgba(0, 0, 0, 0)");
    return outline || ring;
  };
  const el = document.activeElement;
  return el !== null && (shows(el) || shows(el.closest(".cm-editor.cm-focused")));
}

/** What has the focus: its accessible name (roughly), whether it shows and is on screen. */
async function focused(page: Page): Promise<Focused> {
  const ring = await page.evaluate(focusShows);
  const where = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "", tag: "body", onScreen: false, inDrawer: false };
    const labelled = el.getAttribute("aria-labelledby");
    const name =
      el.getAttribute("aria-label") ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      (el as HTMLInputElement).labels?.[0]?.textContent ??
      el.textContent ??
      "";
    const r = el.getBoundingClientRect();
    return {
      name: name.replace(/\s+/g, " ").trim(),
      tag: el.tagName.toLowerCase(),
      onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth,
      inDrawer: el.closest("#sidebar") !== null,
    };
  });
  return { ...where, ring };
}

/**
 * Presses Tab (Shift+Tab with back) until the focused element's name matches. Every stop on the way
 * must show its focus and be on screen; more than `max` presses is a failure.
 */
async function tabTo(page: Page, name: string | RegExp, { back = false, max = 80 } = {}): Promise<void> {
  const wanted =
    typeof name === "string" ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : name;
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    let f = await focused(page);
    seen.push(f.name);
    if (f.tag === "body") continue; // past the last control, on the browser's own bar: Tab comes back
    if (!f.ring) {
      // The indicator may follow a moment later (CodeMirror marks its focus on the next frame).
      await page.waitForFunction(focusShows, null, { timeout: 1000 }).catch(() => undefined);
      f = await focused(page);
    }
    expect(f.onScreen, `focus went off screen, to ${f.tag} "${f.name}" on ${page.url()}`).toBe(true);
    expect(f.ring, `no visible focus on ${f.tag} "${f.name}" on ${page.url()}`).toBe(true);
    if (wanted.test(f.name)) return;
  }
  throw new Error(`Tab never reached ${wanted} on ${page.url()}; it went through: ${seen.join(" | ")}`);
}

/** Presses Enter on the focused link or button and waits for the page it leads to. */
async function enterTo(page: Page, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press("Enter")]);
}

/** Starts from the top of the page, as after a link was followed. */
async function fromTop(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test("a teacher makes a section, a task and a problem by keyboard", async () => {
  await teacher.goto(server.url);
  await fromTop(teacher);
  // The first stop is the skip link; it jumps over the navigation.
  await teacher.keyboard.press("Tab");
  expect((await focused(teacher)).name).toBe("Skip to content");
  await tabTo(teacher, "Sections");
  await enterTo(teacher, /\/sections$/);

  await tabTo(teacher, /New section/);
  await enterTo(teacher, /\/sections\/new$/);
  await tabTo(teacher, "Name");
  await teacher.keyboard.type("Period 2");
  await tabTo(teacher, "Create section");
  await teacher.keyboard.press("Enter");
  await teacher.getByText("Section created.").waitFor();
  sectionId = Number(new URL(teacher.url()).pathname.split("/").pop());
  enrollLink = await teacher.getByLabel("Enrollment link").inputValue();

  await tabTo(teacher, /New task/);
  await enterTo(teacher, /\/tasks\/new$/);
  await tabTo(teacher, "Title");
  await teacher.keyboard.type("Week 2: loops");
  await tabTo(teacher, "Published");
  await teacher.keyboard.press("Space");
  expect(await teacher.getByLabel("Published").isChecked()).toBe(true);
  await tabTo(teacher, "Create task");
  await teacher.keyboard.press("Enter");
  await teacher.getByText("Task created.").waitFor();

  await tabTo(teacher, /Add problem/);
  await enterTo(teacher, /\/problems\/new$/);
  await tabTo(teacher, "Title");
  await teacher.keyboard.type("Count down");
  await tabTo(teacher, "Statement (Markdown)");
  await teacher.keyboard.type("Print 3, 2, 1, one per line.");
  await tabTo(teacher, "Create problem");
  await teacher.keyboard.press("Enter");
  await teacher.getByText("Problem created.").waitFor();
  await screenshotThemes(teacher, "keyboard-01-problem-created");
}, 120_000);

test("a student joins, solves a problem and submits it by keyboard", async () => {
  // A problem with two files and tests, written into the database (the teacher's is still empty).
  const { problemId } = await seedSumTask(server, sectionId, {
    task: { title: "Week 1: numbers" },
    problem: {
      starter_files: JSON.stringify([
        { name: "main.py", content: "# read two numbers\n" },
        { name: "notes.txt", content: "input() returns text" },
      ]),
    },
  });
  student = await newPage(browser);
  problems.push(...watchProblems(student));
  await student.goto(enrollLink);
  await tabTo(student, "Full name");
  await student.keyboard.type("Linus Student");
  await tabTo(student, "Username");
  await student.keyboard.type("linus");
  await tabTo(student, "Password");
  await student.keyboard.type(STRONG);
  await tabTo(student, "Confirm password");
  await student.keyboard.type(STRONG);
  await student.keyboard.press("Enter");
  await student.waitForURL(/\/sections\/\d+$/);

  await tabTo(student, /Week 1: numbers/);
  await enterTo(student, /\/tasks\/\d+$/);
  await tabTo(student, "Sum of two numbers");
  await enterTo(student, new RegExp(`/problems/${problemId}$`));
  await student.locator(".cm-content").waitFor();

  // File tabs: one Tab stop; the arrow keys move between the files and open them.
  await tabTo(student, /main\.py/);
  await student.keyboard.press("ArrowRight");
  await student.getByRole("tab", { name: /notes\.txt/, selected: true }).waitFor();
  expect((await focused(student)).name).toContain("notes.txt");
  await student.keyboard.press("ArrowLeft");
  await student.getByRole("tab", { name: /main\.py/, selected: true }).waitFor();

  // The file menu: ArrowDown opens it on its first item, the arrows move, Escape gives the focus back.
  await tabTo(student, "File actions");
  await student.keyboard.press("ArrowDown");
  await student.getByRole("menu", { name: "File actions" }).waitFor();
  expect((await focused(student)).name).toBe("New file");
  await student.keyboard.press("ArrowDown");
  expect((await focused(student)).name).toBe("Upload a file…");
  await student.keyboard.press("Escape");
  await student.getByRole("menu", { name: "File actions" }).waitFor({ state: "hidden" });
  expect((await focused(student)).name).toBe("File actions");

  // The editor: Tab indents inside it; Esc then Tab leaves it for the next control.
  await tabTo(student, "Code editor");
  await student.keyboard.press("ControlOrMeta+a");
  await student.keyboard.press("Delete");
  for (const line of ["a = int(input())", "b = int(input())", "if True:"]) {
    await student.keyboard.type(line);
    await student.keyboard.press("Enter");
    await student.keyboard.press("Home");
  }
  await student.keyboard.press("Tab");
  expect((await focused(student)).name).toBe("Code editor");
  await student.keyboard.type("print(a + b)");
  // One Escape is enough, also right after typing (while a completion may be pending).
  await student.keyboard.press("Escape");
  await student.keyboard.press("Tab");
  expect((await focused(student)).name).not.toBe("Code editor");

  // Ctrl+Enter runs (from the editor). The program asks for input without a prompt, so the focus
  // stays in the editor: Esc, then Tab to the input line, and the answers go in by keyboard.
  await tabTo(student, "Code editor", { back: true });
  await student.keyboard.press("ControlOrMeta+Enter");
  await student.getByLabel("Input for your program").waitFor({ timeout: 90_000 });
  await student.keyboard.press("Escape");
  await tabTo(student, "Input for your program");
  await student.keyboard.type("2");
  await student.keyboard.press("Enter");
  await student.keyboard.type("3");
  await student.keyboard.press("Enter");
  await student.getByRole("log", { name: "Program output" }).getByText("5", { exact: true }).waitFor();

  // Submit, reached by Shift+Tab from the console, graded on every test.
  await tabTo(student, "Submit", { back: true, max: 40 });
  await student.keyboard.press("Enter");
  await student.getByText("2/2 tests").waitFor({ timeout: 90_000 });
  await screenshotThemes(student, "keyboard-02-submitted");
}, 240_000);

test("the teacher sorts the gradebook, reads notifications, switches theme and uses the phone drawer by keyboard", async () => {
  await teacher.goto(`${server.url}/sections/${sectionId}`);
  await fromTop(teacher);
  await tabTo(teacher, "Gradebook");
  await enterTo(teacher, /\/gradebook$/);
  await teacher.getByText("Linus Student").waitFor();
  // Column sorting: the headers are links.
  await tabTo(teacher, /^Student/);
  await enterTo(teacher, /sort=name/);
  expect(await teacher.locator("th[aria-sort]").textContent()).toContain("Student");

  // The notifications dropdown opens with Enter and closes with Escape, focus back on the bell.
  await fromTop(teacher);
  await tabTo(teacher, /^Notifications/);
  await teacher.keyboard.press("Enter");
  await teacher.locator(".bell[open] .bell-menu").waitFor();
  await teacher.keyboard.press("Escape");
  await teacher.locator(".bell[open]").waitFor({ state: "detached" });
  expect((await focused(teacher)).name).toMatch(/^Notifications/);

  // The theme toggle, by Space.
  await tabTo(teacher, "Dark mode");
  await teacher.keyboard.press("Space");
  expect(await teacher.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  await teacher.keyboard.press("Space");
  expect(await teacher.evaluate(() => document.documentElement.dataset.theme)).toBe("light");

  // Phone width: the closed drawer is out of the Tab order; open, it holds the focus; Escape closes it
  // and the focus is back on the menu button.
  await teacher.setViewportSize({ width: 390, height: 844 });
  await teacher.goto(`${server.url}/`);
  await fromTop(teacher);
  await tabTo(teacher, "Menu"); // fails if a Tab stop on the way is in the hidden drawer (off screen)
  await teacher.keyboard.press("Enter");
  await teacher.waitForFunction(() => document.activeElement?.closest("#sidebar") !== null);
  const inDrawer: boolean[] = [];
  for (let i = 0; i < 10; i++) {
    await teacher.keyboard.press("Tab");
    inDrawer.push((await focused(teacher)).inDrawer);
  }
  expect(inDrawer.every(Boolean)).toBe(true);
  await teacher.keyboard.press("Shift+Tab");
  expect((await focused(teacher)).inDrawer).toBe(true);
  await teacher.keyboard.press("Escape");
  expect((await focused(teacher)).name).toBe("Menu");
  expect(await teacher.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("false");
  // Open again, and follow a link from the drawer by keyboard.
  await teacher.keyboard.press("Enter");
  await tabTo(teacher, "Sections");
  await enterTo(teacher, /\/sections$/);
  await teacher.setViewportSize({ width: 1280, height: 900 });
  expect(problems).toEqual([]);
}, 120_000);

test("the accessibility audit runs under Slate's CSP and names the rule and the element", async () => {
  // The audit every screenshot runs (tests/helpers/axe.ts), on a real page with its strict CSP, given
  // two defects on purpose: a button without a name and grey-on-grey text.
  await teacher.goto(`${server.url}/sections`);
  expect(await auditPage(teacher)).toEqual([]);
  await teacher.evaluate(() => {
    const main = document.querySelector("main");
    main?.insertAdjacentHTML(
      "beforeend",
      '<button id="nameless" type="button"></button><p class="faint-on-purpose">barely there</p>',
    );
    const p = document.querySelector<HTMLElement>(".faint-on-purpose");
    if (p) Object.assign(p.style, { color: "#ccc", background: "#ddd" }); // CSSOM, which the CSP allows
  });
  const found = await auditPage(teacher);
  expect(found.some((v) => v.startsWith("button-name") && v.includes("#nameless"))).toBe(true);
  expect(found.some((v) => v.startsWith("color-contrast") && v.includes(".faint-on-purpose"))).toBe(true);
});
