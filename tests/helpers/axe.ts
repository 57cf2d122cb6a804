// The accessibility audit of the browser tests: axe-core, run in the page with the WCAG 2.0/2.1 A and
// AA rules, reporting each violation as its rule id and the selectors of the elements that fail it.
// screenshotThemes (tests/helpers/browser.ts) runs it on every page a browser test photographs, in
// light and dark, so every page the tests visit is checked.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Rules switched off in every audit, each with the reason. This is the ONE place to disable a rule;
 * keep it empty unless a rule is wrong about Slate (never to hide a real defect).
 */
export const DISABLED_RULES: Record<string, string> = {};

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeNode {
  target: unknown[];
  any: { message: string }[];
  all: { message: string }[];
  none: { message: string }[];
}
interface AxeViolation {
  id: string;
  help: string;
  nodes: AxeNode[];
}

/**
 * Puts axe into the page unless it is already there. Slate's CSP refuses inline scripts without its
 * nonce, so a <script> tag (page.addScriptTag) would be blocked; page.evaluate goes through the
 * DevTools protocol, which the page's CSP does not govern, and needs no bypassCSP context.
 */
async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => "axe" in window);
  if (!present) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
}

/**
 * Waits (at most 3 s) for the page's finite CSS animations, such as the gradebook's row flash, to end:
 * colours caught mid-animation (a light flash fading on a page just switched to dark) are not what
 * anyone reads, and would make the contrast checks depend on timing.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => {
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY);
    const done = Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    return Promise.race([done, new Promise((r) => setTimeout(r, 3000))]);
  });
}

/** Runs the audit; returns one line per violation: "rule-id (help): selector, selector (why)". */
export async function auditPage(page: Page): Promise<string[]> {
  await settle(page);
  await injectAxe(page);
  const options = {
    runOnly: { type: "tag", values: AXE_TAGS },
    rules: Object.fromEntries(Object.keys(DISABLED_RULES).map((id) => [id, { enabled: false }])),
    resultTypes: ["violations"],
  };
  const violations = await page.evaluate(async (opts) => {
    const axe = (window as unknown as { axe: { run(c: Document, o: unknown): Promise<unknown> } }).axe;
    const result = (await axe.run(document, opts)) as { violations: unknown[] };
    return result.violations;
  }, options);
  return (violations as AxeViolation[]).map(describe);
}

function describe(v: AxeViolation): string {
  const nodes = v.nodes.map((n) => {
    const why = [...n.any, ...n.all, ...n.none].map((c) => c.message)[0];
    return `${n.target.map(String).join(" >> ")}${why ? ` (${why})` : ""}`;
  });
  return `${v.id} (${v.help}): ${nodes.join("; ")}`;
}

/** Fails with every violation on the page, labelled with where the test was (page name, theme). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const found = await auditPage(page);
  if (found.length > 0) throw new Error(axeFailure([`${label} (${page.url()})`, ...found]));
}

export function axeFailure(lines: string[]): string {
  return `Accessibility violations (axe-core, ${AXE_TAGS.join(", ")}):\n  ${lines.join("\n  ")}`;
}
