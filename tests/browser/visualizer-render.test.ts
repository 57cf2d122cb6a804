// The visualizer's incremental renderer in real Chromium: between steps an object whose value changed
// is redrawn (patched in place), an unchanged object and an unchanged frame keep their DOM nodes, an
// object that moves in the Objects column is moved, not rebuilt, and every arrow starts at its pointer
// and ends at its object, also after a block above it grew and after the window was resized. The
// step-by-step result must equal a fresh drawing of the same step.
//
// The trace is a fixture (a compact trace written out below, served in place of /visualizer/trace) so
// that exactly one thing changes at each step; the tracer itself is tested against the real sandbox
// in tests/integration/visualizer/tracer.test.ts.
import { beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import type { CompactTrace, HeapObject } from "../../src/features/visualizer/codec.ts";
import { useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator, newPage, watchProblems } from "../helpers/browser-flows.ts";

// The server needs a sandbox configured for Visualize to be offered; this test never runs a job.
const { server, browser } = useBrowserServer({ env: { SLATE_SANDBOX: "true", SLATE_SANDBOX_MIN: "0" } });
let page: Page;
let problems: string[] = [];

const ref = (id: number) => ["REF", id] as ["REF", number];
const P = (x: number, ...more: [string, number][]): HeapObject => ["INSTANCE", "P", ["x", x], ...more];
const TRACE: CompactTrace = {
  v: 1,
  main: "main.py",
  files: [{ name: "main.py", content: "a = P(1)\nb = P(2)\na.x = 5\nc = [a, b]\nc[0] = b\na.y = 6\nd = 1" }],
  points: [
    { e: "step_line", l: 1, fn: "<module>" },
    { e: "step_line", l: 2, fn: "<module>", g: { a: ref(1) }, go: ["a"], h: { 1: P(1) } },
    { e: "step_line", l: 3, fn: "<module>", g: { b: ref(2) }, go: ["a", "b"], h: { 2: P(2) } },
    // step 3: only a.x changes
    { e: "step_line", l: 4, fn: "<module>", h: { 1: P(5) } },
    // step 4: a list of both
    {
      e: "step_line",
      l: 5,
      fn: "<module>",
      g: { c: ref(3) },
      go: ["a", "b", "c"],
      h: { 3: ["LIST", ref(1), ref(2)] },
    },
    // step 5: one cell of the list changes
    { e: "step_line", l: 6, fn: "<module>", h: { 3: ["LIST", ref(2), ref(2)] } },
    // step 6: a grows an attribute, so b and the list below it move down
    { e: "step_line", l: 7, fn: "<module>", h: { 1: P(5, ["y", 6], ["z", 7], ["w", 8]) } },
    // step 7: only a global number changes; every object stays as it is
    { e: "step_line", l: 7, fn: "<module>", g: { d: 1 }, go: ["a", "b", "c", "d"] },
  ],
};

beforeAll(async () => {
  page = await newPage(browser, 1280, 860);
  problems = watchProblems(page);
  await page.route("**/visualizer/trace", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(TRACE) }),
  );
  await page.goto(server.url);
  await createAdministrator(page, server, "Ada Lovelace");
}, 240_000);

type Viz = {
  go(i: number): void;
  index: number;
  setOptions(o: unknown): void;
  options: Record<string, unknown>;
};

const go = (i: number) =>
  page.evaluate(async (i) => {
    (window as never as { __slateVisualizer: Viz }).__slateVisualizer.go(i);
    // Let frames render: objects are laid out for real when first painted, and a column that
    // changes size then has its arrows redrawn in the frame after.
    for (let k = 0; k < 3; k++) await new Promise((r) => requestAnimationFrame(r));
  }, i);

/** Marks the current nodes of the objects and frames, to tell later whether they were kept. */
const tag = () =>
  page.evaluate(() => {
    let n = 0;
    for (const el of document.querySelectorAll<HTMLElement>("dialog.viz [data-obj], dialog.viz [data-frame]"))
      (el as unknown as { __tag: number }).__tag = ++n;
  });
const kept = (selector: string) =>
  page.evaluate(
    (s) =>
      (document.querySelector(`dialog.viz ${s}`) as unknown as { __tag?: number } | null)?.__tag !==
      undefined,
    selector,
  );

/**
 * Each arrow against the layout: it starts at the centre of its pointer (in document order) and ends
 * at the top-left or top-right corner of its object. Returns the largest difference in px.
 */
const arrowError = () =>
  page.evaluate(() => {
    const host = document.querySelector<HTMLElement>("dialog.viz [data-state]")!;
    const d = host.querySelector("svg .viz-arrow-lines")!.getAttribute("d") ?? "";
    const segments = [...d.matchAll(/M(-?[\d.]+),(-?[\d.]+)C[^ ]+ [^ ]+ (-?[\d.]+),(-?[\d.]+)/g)].map((m) =>
      m.slice(1).map(Number),
    );
    const o = host.getBoundingClientRect();
    const pointers = [...host.querySelectorAll<HTMLElement>("[data-ref]")];
    let worst = pointers.length === segments.length ? 0 : 1000;
    pointers.forEach((p, i) => {
      const [x1, y1, xe, ye] = segments[i] ?? [0, 0, 0, 0];
      const s = p.getBoundingClientRect();
      const t = host.querySelector(`#viz-o-${p.dataset.ref}`)!.getBoundingClientRect();
      const cx = s.left + s.width / 2 - o.left + host.scrollLeft;
      const cy = s.top + s.height / 2 - o.top + host.scrollTop;
      const ends = [t.left - 9, t.right + 9].map((x) => Math.abs(x - o.left + host.scrollLeft - xe!));
      worst = Math.max(
        worst,
        Math.abs(cx - x1!),
        Math.abs(cy - y1!),
        Math.min(...ends),
        Math.abs(t.top + 12 - o.top + host.scrollTop - ye!),
      );
    });
    return worst;
  });

const stateHtml = () =>
  page.evaluate(() => {
    const q = (s: string) => document.querySelector(`dialog.viz ${s}`)!.innerHTML;
    return { frames: q("[data-frames]"), objects: q("[data-objects]") };
  });

test("kept, patched and moved objects; arrows follow moves and a resize; equal to a fresh drawing", async () => {
  await page.getByRole("link", { name: "Playground" }).click();
  await page.locator(".cm-content").first().click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText("a = 1"); // no input(): the trace is requested at once
  await page.getByRole("button", { name: "Visualize", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: /Visualize/ });
  await dialog.locator("[data-counter]").filter({ hasText: "Step 1 / 8" }).waitFor();
  const objects = dialog.locator("[data-objects]");

  // Step 3 changes a.x only: a is redrawn with the new value, b and the global frame keep their nodes.
  await go(2);
  await tag();
  await go(3);
  expect(await objects.locator("#viz-o-1").textContent()).toContain("5");
  expect(await objects.locator("#viz-o-1").textContent()).not.toContain("1");
  expect(await kept("#viz-o-2")).toBe(true);
  expect(await kept('[data-frame="global"]')).toBe(true);
  expect(await arrowError()).toBeLessThan(0.2);

  // Step 5 rewrites one cell of the list: the list keeps its node, its first arrow now goes to b.
  await go(4);
  await tag();
  await go(5);
  expect(await kept("#viz-o-3")).toBe(true);
  expect(
    await objects
      .locator("#viz-o-3 [data-ref]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-ref"))),
  ).toEqual(["2", "2"]);
  expect(await arrowError()).toBeLessThan(0.2);

  // Step 6: a grows, so b and the list move down; they keep their nodes and the arrows follow them
  // (the list's pointers were measured at step 5 and are kept with it).
  await tag();
  const listTop = () => objects.locator("#viz-o-3").evaluate((e) => e.getBoundingClientRect().top);
  const before = await listTop();
  await go(6);
  expect(await listTop()).toBeGreaterThan(before + 20);
  expect(await kept("#viz-o-2")).toBe(true);
  expect(await kept("#viz-o-3")).toBe(true);
  expect(await arrowError()).toBeLessThan(0.2);

  // Step 7 changes a global number only: every object keeps its node.
  await tag();
  await go(7);
  for (const id of [1, 2, 3]) expect(await kept(`#viz-o-${id}`)).toBe(true);
  expect(await arrowError()).toBeLessThan(0.2);

  // A narrower window: the columns change width, the pointers are measured anew.
  await page.setViewportSize({ width: 900, height: 860 });
  await go(7);
  expect(await arrowError()).toBeLessThan(0.2);
  await page.setViewportSize({ width: 1280, height: 860 });
  await go(7);
  expect(await arrowError()).toBeLessThan(0.2);

  // Every step drawn incrementally (forwards, backwards, jumping) equals a fresh drawing of it.
  const incremental: Record<number, { frames: string; objects: string }> = {};
  for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1, 0, 7, 3, 5, 1, 6]) {
    await go(i);
    const html = await stateHtml();
    if (incremental[i]) expect(html).toEqual(incremental[i]!);
    incremental[i] = html;
    expect(await arrowError()).toBeLessThan(0.2);
  }
  for (let i = 0; i < 8; i++) {
    // Nested mode draws everything from scratch and drops the kept elements; so step i drawn in
    // nested mode and then again with arrows is a fresh drawing of it.
    await go(i);
    await page.evaluate(() => {
      const viz = (window as never as { __slateVisualizer: Viz }).__slateVisualizer;
      viz.setOptions({ ...viz.options, nest: true });
      viz.setOptions({ ...viz.options, nest: false });
    });
    await go(i);
    expect(await stateHtml()).toEqual(incremental[i]!);
    expect(await arrowError()).toBeLessThan(0.2);
  }
  expect(problems).toEqual([]);
}, 120_000);
