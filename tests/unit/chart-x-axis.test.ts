// The x labels of the dashboards' charts (issue 10, item 10), with a fixed-width "font" of 7 px per
// character: labels never overlap and never run off the canvas, however many or however long.
import { describe, expect, test } from "bun:test";
import { layoutXAxis, MAX_LABEL_PX, shorten, type XAxisLayout } from "../../src/client/charts/x-axis.ts";

const measure = (s: string) => Array.from(s).length * 7;
const LINE = 15;
const metrics = (width: number) => ({ plotWidth: width - 73, leftRoom: 48, rightRoom: 25, lineHeight: LINE });
const titles = (n: number) =>
  Array.from({ length: n }, (_, i) => `Problem ${i + 1}: reading numbers and printing their running average`);
const days = (n: number) => Array.from({ length: n }, (_, i) => `${(i % 28) + 1} Sep`);

/** Where each drawn label's box lies, in CSS pixels from the canvas's left edge. */
function drawn(labels: string[], width: number, x: XAxisLayout) {
  const plotLeft = 48 + x.padLeft;
  const plotWidth = width - plotLeft - 25 - x.padRight;
  const slot = plotWidth / (labels.length + 0.2);
  const boxes: { i: number; left: number; right: number; tick: number }[] = [];
  for (let i = 0; i < labels.length; i += x.every) {
    const tick = plotLeft + (i + 0.6) * slot;
    const w = measure(x.texts[i]!);
    // Level labels are centred on their tick; turned ones end at it and run down to the left.
    const reach = x.rotate === 0 ? w / 2 : (w + LINE / 2) * Math.SQRT1_2;
    boxes.push({ i, tick, left: tick - reach, right: x.rotate === 0 ? tick + w / 2 : tick });
  }
  return { boxes, slot };
}

function expectReadable(labels: string[], width: number): XAxisLayout {
  const x = layoutXAxis(labels, metrics(width), measure);
  const { boxes, slot } = drawn(labels, width, x);
  expect(boxes.length).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(width);
  }
  for (const text of x.texts) expect(measure(text)).toBeLessThanOrEqual(MAX_LABEL_PX);
  const step = x.every * slot;
  if (x.rotate === 0) {
    for (let k = 1; k < boxes.length; k++) expect(boxes[k]!.left).toBeGreaterThan(boxes[k - 1]!.right);
  } else {
    expect(x.rotate).toBe(45);
    expect(step * Math.SQRT1_2).toBeGreaterThanOrEqual(LINE); // parallel lines a line of text apart
    expect(x.size).toBeGreaterThanOrEqual(Math.max(...x.texts.map(measure)) * Math.SQRT1_2);
  }
  return x;
}

describe("labels that fit", () => {
  test("a few short labels are all drawn, level", () => {
    const x = expectReadable(["Sum", "Max", "Loops"], 500);
    expect(x).toMatchObject({ every: 1, rotate: 0, texts: ["Sum", "Max", "Loops"] });
  });
});

describe("many labels", () => {
  test("30 days stay level and every n-th is drawn", () => {
    for (const width of [330, 560, 1100]) {
      const x = expectReadable(days(30), width);
      expect(x.rotate).toBe(0);
      expect(x.every).toBeGreaterThan(1);
    }
  });

  test("30 long problem titles are shortened and turned, at phone and desktop widths", () => {
    for (const width of [330, 560, 1100]) {
      const x = expectReadable(titles(30), width);
      expect(x.rotate).toBe(45);
      expect(x.texts[0]).toEndWith("…");
      expect(x.texts[0]).toStartWith("Problem 1:");
    }
    // Wide enough, more titles are shown than at phone width.
    expect(layoutXAxis(titles(30), metrics(1100), measure).every).toBeLessThan(
      layoutXAxis(titles(30), metrics(330), measure).every,
    );
  });

  test("one long title alone is shortened and fits", () => {
    expectReadable(titles(1), 330);
    expectReadable(["x".repeat(200)], 300);
  });
});

describe("shorten", () => {
  test("keeps what fits, else the longest start with an ellipsis", () => {
    expect(shorten("Sum", 50, measure)).toBe("Sum");
    expect(shorten("Sum of two numbers", 70, measure)).toBe("Sum of tw…"); // 10 characters of 7 px
    expect(measure(shorten("Sum of two numbers", 70, measure))).toBeLessThanOrEqual(70);
    expect(shorten("ééééé", 21, measure)).toBe("éé…");
  });
});
