// The dashboards' charts with a realistic term (issue 10, item 10): 30 problems with long titles, a
// student with 30 graded submissions. In real Chromium at desktop and phone width, every x label
// that a chart draws on its canvas lies inside the canvas and overlaps no other label. The labels are
// read from the canvas calls themselves (fillText, with the transform in force), not from Slate's
// code, so the test sees what a reader would. Screenshots: tests/.artifacts/screenshots/charts-*.png.
import { beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { createDb, openSqlite } from "../../src/db/connection.ts";
import { screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { createSection, newPage, STRONG, setupTeacher, watchProblems } from "../helpers/browser-flows.ts";
import {
  DAY,
  enroll,
  insertProblemRow,
  insertStudent,
  insertSubmission,
  insertTaskRow,
} from "../helpers/class-fixture.ts";

const PROBLEMS = 30;
const SIZES = [
  ["desktop", { width: 1280, height: 900 }],
  ["phone", { width: 390, height: 844 }],
] as const;

const { server, browser } = useBrowserServer();
let teacher: Page;
let sectionId: number;

beforeAll(async () => {
  teacher = await setupTeacher(browser, server);
  sectionId = (await createSection(teacher, server, "A long term")).id;
  await seedTerm(sectionId);
}, 240_000);

/** 30 problems with long titles; four students, one of whom (sam) submitted to every problem. */
async function seedTerm(section: number): Promise<void> {
  const db = createDb(openSqlite(join(server.dataDir, "slate.db")));
  const now = Date.now();
  try {
    const students = [];
    for (const name of ["sam", "ria", "tom", "uma"]) {
      const id = await insertStudent(
        db,
        name,
        now - 40 * DAY,
        `${name[0]!.toUpperCase()}${name.slice(1)} Student`,
      );
      await enroll(db, section, id, now - 35 * DAY);
      students.push(id);
    }
    const task = await insertTaskRow(db, section, "The whole term", now - 40 * DAY);
    for (let i = 0; i < PROBLEMS; i++) {
      const title = `Problem ${i + 1}: reading numbers from a file and printing their running average`;
      const problem = await insertProblemRow(db, task, title, [{ name: "t", points: 4 }], now, i);
      for (const [k, userId] of students.entries()) {
        if (k > 0 && (i + k) % 3 !== 0) continue; // classmates tried about a third each
        const status = (i + k) % 4 === 0 ? "fail" : "pass";
        await insertSubmission(db, {
          problemId: problem.id,
          userId,
          at: now - (PROBLEMS - i) * DAY + k * 60_000,
          tests: [{ id: problem.testIds[0]!, points: 4, status }],
        });
      }
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Records, per canvas inside a chart, the box of every text drawn since the canvas was last cleared,
 * as four corners in canvas pixels (after the transform, so turned labels are turned boxes).
 */
function recordCanvasText(): void {
  const drawn = new Map<HTMLCanvasElement, { text: string; corners: [number, number][] }[]>();
  (window as unknown as { chartTexts: typeof drawn }).chartTexts = drawn;
  const proto = CanvasRenderingContext2D.prototype;
  const { fillText, clearRect } = proto;
  proto.clearRect = function (x, y, w, h) {
    if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) drawn.set(this.canvas, []);
    return clearRect.call(this, x, y, w, h);
  };
  proto.fillText = function (text, x, y, maxWidth) {
    const m = this.measureText(text);
    const t = this.getTransform();
    const box: [number, number][] = [
      [x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent],
      [x + m.actualBoundingBoxRight, y - m.actualBoundingBoxAscent],
      [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent],
      [x - m.actualBoundingBoxLeft, y + m.actualBoundingBoxDescent],
    ];
    const corners = box.map(([px, py]): [number, number] => {
      const p = t.transformPoint(new DOMPoint(px, py));
      return [p.x, p.y];
    });
    if (!drawn.has(this.canvas)) drawn.set(this.canvas, []);
    drawn.get(this.canvas)?.push({ text: String(text), corners });
    return fillText.call(this, text, x, y, maxWidth);
  };
}

interface ChartLabels {
  chart: string;
  labels: number;
  canvas: { width: number; height: number };
  drawn: { text: string; corners: [number, number][] }[];
}

/** Each chart on the page: how many labels it has, and the x labels its canvas shows now. */
async function chartLabels(page: Page): Promise<ChartLabels[]> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>("[data-chart]")].every((el) => el.querySelector("canvas")),
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const drawn = (window as unknown as { chartTexts: Map<HTMLCanvasElement, ChartLabels["drawn"]> })
      .chartTexts;
    return [...document.querySelectorAll<HTMLElement>("[data-chart]")].map((el) => {
      const labels: string[] = JSON.parse(el.dataset.chart ?? "{}").labels ?? [];
      const canvas = el.querySelector("canvas") as HTMLCanvasElement;
      // An x label is one of the chart's labels, whole or cut short with "…".
      const isLabel = (t: string) =>
        labels.some((l) => l === t || (t.endsWith("…") && l.startsWith(t.slice(0, -1))));
      return {
        chart: el.id,
        labels: labels.length,
        canvas: { width: canvas.width, height: canvas.height },
        drawn: (drawn.get(canvas) ?? []).filter((d) => isLabel(d.text)),
      };
    });
  });
}

type Quad = [number, number][];

/** Whether two convex quadrilaterals overlap (separating axis test; touching is not overlapping). */
function overlap(a: Quad, b: Quad): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < 4; i++) {
      const [x1, y1] = poly[i]!;
      const [x2, y2] = poly[(i + 1) % 4]!;
      const axis = [y1 - y2, x2 - x1] as const;
      const project = (q: Quad) => q.map(([x, y]) => x * axis[0] + y * axis[1]);
      const pa = project(a);
      const pb = project(b);
      if (Math.max(...pa) <= Math.min(...pb) + 0.5 || Math.max(...pb) <= Math.min(...pa) + 0.5) return false;
    }
  }
  return true;
}

function expectReadable(charts: ChartLabels[], where: string): void {
  expect(charts.length, where).toBeGreaterThan(0);
  for (const c of charts) {
    if (c.labels === 0) continue;
    const at = `${where}, ${c.chart}`;
    expect(c.drawn.length, `${at}: labels drawn`).toBeGreaterThanOrEqual(Math.min(c.labels, 3));
    for (const d of c.drawn) {
      for (const [x, y] of d.corners) {
        expect(x, `${at}: "${d.text}" inside the canvas`).toBeGreaterThanOrEqual(-1);
        expect(x, `${at}: "${d.text}" inside the canvas`).toBeLessThanOrEqual(c.canvas.width + 1);
        expect(y, `${at}: "${d.text}" inside the canvas`).toBeGreaterThanOrEqual(-1);
        expect(y, `${at}: "${d.text}" inside the canvas`).toBeLessThanOrEqual(c.canvas.height + 1);
      }
    }
    const clashes = [];
    for (let i = 0; i < c.drawn.length; i++) {
      for (let j = i + 1; j < c.drawn.length; j++) {
        if (overlap(c.drawn[i]!.corners, c.drawn[j]!.corners)) {
          clashes.push(`"${c.drawn[i]!.text}" / "${c.drawn[j]!.text}"`);
        }
      }
    }
    expect(clashes, `${at}: overlapping labels`).toEqual([]);
  }
}

async function checkAtBothSizes(page: Page, name: string, charts: string[]): Promise<void> {
  const problems = watchProblems(page);
  for (const [form, size] of SIZES) {
    await page.setViewportSize(size);
    await page.reload();
    const found = await chartLabels(page);
    expect(found.map((c) => c.chart)).toEqual(expect.arrayContaining(charts));
    expectReadable(found, `${name} at ${size.width} px`);
    await screenshotThemes(page, `charts-${name}-${form}`);
    expectReadable(await chartLabels(page), `${name} at ${size.width} px after the theme changed`);
  }
  expect(problems).toEqual([]);
}

test("the teacher's class charts: 30 long problem titles neither overlap nor run off", async () => {
  await teacher.context().addInitScript(recordCanvasText);
  await teacher.goto(`${server.url}/sections/${sectionId}/dashboard`);
  await checkAtBothSizes(teacher, "teacher", ["chart-completion", "chart-grades", "chart-activity"]);
}, 120_000);

test("the student's score trend over 30 submissions with long titles neither overlaps nor runs off", async () => {
  const page = await newPage(browser);
  await page.context().addInitScript(recordCanvasText);
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Username").fill("sam");
  await page.getByLabel("Password").fill(STRONG);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${server.url}/`);
  await checkAtBothSizes(page, "student", ["chart-trend", "chart-submissions"]);
  await page.context().close();
}, 120_000);
