import { describe, expect, test } from "bun:test";
import { LatencyWindow, percentile } from "../../../src/sandbox/metrics.ts";

describe("latency percentiles", () => {
  test("nearest rank over the samples", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  test("the window forgets the oldest samples", () => {
    const window = new LatencyWindow(3);
    for (const v of [1000, 1000, 1000, 1, 2, 3]) window.add(v);
    expect(window.percentile(100)).toBe(3);
  });
});
