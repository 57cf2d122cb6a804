import { describe, expect, test } from "bun:test";
import { emptyQuestion } from "../../src/features/assessments/formats/types.ts";
import { gradeOf } from "../../src/features/assessments/grade-method.ts";
import {
  gradeResponse,
  parseNumber,
  rightAnswer,
  wildcardMatch,
} from "../../src/features/assessments/grading.ts";
import { analyseItems, correlation } from "../../src/features/assessments/item-analysis.ts";
import { IMMEDIATELY_MS, phaseOf } from "../../src/features/assessments/review.ts";

describe("wildcards and numbers", () => {
  test("* matches any run, spaces are collapsed, case only when asked", () => {
    expect(wildcardMatch("str*", "string", false)).toBe(true);
    expect(wildcardMatch("*ing", "STRING", false)).toBe(true);
    expect(wildcardMatch("*ing", "STRING", true)).toBe(false);
    expect(wildcardMatch("a.b", "axb", false)).toBe(false); // regex characters are literal
    expect(wildcardMatch("new  york", " New York ", false)).toBe(true);
    expect(wildcardMatch("*", "", false)).toBe(true);
  });
  test("numbers with a comma or exponent; words are not numbers", () => {
    expect(parseNumber("3,5")).toBe(3.5);
    expect(parseNumber(" -2e3 ")).toBe(-2000);
    expect(parseNumber("pi")).toBeNull();
    expect(parseNumber("")).toBeNull();
  });
  test("numerical tolerance is inclusive at both ends", () => {
    const q = { ...emptyQuestion("numerical"), answer: ["10"], tolerance: [0.5], fraction: [1] };
    expect(gradeResponse(q, { text: "10.5" })).toBe(1);
    expect(gradeResponse(q, { text: "9.5" })).toBe(1);
    expect(gradeResponse(q, { text: "10.51" })).toBe(0);
    expect(rightAnswer(q)).toBe("10 ± 0.5");
  });
});

describe("grading methods", () => {
  const a = (number: number, score: number, pending = 0) => ({
    number,
    score,
    max_score: 10,
    pending_manual: pending,
  });
  test("highest, average, first, last; provisional when a counted attempt waits", () => {
    const attempts = [a(2, 8), a(1, 4), a(3, 6, 1)];
    expect(gradeOf("highest", attempts)).toEqual({ score: 8, max: 10, provisional: false });
    expect(gradeOf("average", attempts)).toEqual({ score: 6, max: 10, provisional: true });
    expect(gradeOf("first", attempts)).toEqual({ score: 4, max: 10, provisional: false });
    expect(gradeOf("last", attempts)).toEqual({ score: 6, max: 10, provisional: true });
    expect(gradeOf("highest", [])).toBeNull();
  });
});

describe("item analysis", () => {
  test("Pearson correlation, and null when nothing varies", () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 10);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(correlation([1, 2], [1, 2])).toBeNull();
  });
  test("facility and discrimination against the rest of the score; frequencies sorted", () => {
    const items = [
      [1, 1],
      [2, 1],
      [3, 0],
      [4, 0],
    ].map(([attemptId, f]) => ({
      attemptId: attemptId!,
      questionId: 7,
      fraction: f!,
      score: f!,
      label: f ? "yes" : "no",
    }));
    const totals = [
      { attemptId: 1, score: 3 },
      { attemptId: 2, score: 2 },
      { attemptId: 3, score: 1 },
      { attemptId: 4, score: 1 },
    ];
    const [s] = analyseItems(items, totals);
    expect(s!.facility).toBe(50);
    expect(s!.discrimination).toBe(57.7);
    expect(s!.frequencies).toEqual([
      { label: "no", count: 2 },
      { label: "yes", count: 2 },
    ]);
  });
});

describe("review phases", () => {
  const closes = 1_000_000;
  test("during, immediately (two minutes), open, closed; practice reviews as closed while closed", () => {
    const a = { closes_at: closes };
    expect(phaseOf(a, { state: "open", submitted_at: null, practice: 0 }, 0)).toBe("during");
    expect(phaseOf(a, { state: "submitted", submitted_at: 100, practice: 0 }, 100 + IMMEDIATELY_MS - 1)).toBe(
      "immediately",
    );
    expect(phaseOf(a, { state: "submitted", submitted_at: 100, practice: 0 }, 100 + IMMEDIATELY_MS)).toBe(
      "open",
    );
    expect(phaseOf(a, { state: "submitted", submitted_at: 100, practice: 0 }, closes)).toBe("closed");
    expect(phaseOf(a, { state: "submitted", submitted_at: 100, practice: 1 }, closes)).toBe("closed");
    // a practice attempt of an assessment reopened by its teacher is reviewed as any attempt
    expect(phaseOf(a, { state: "submitted", submitted_at: 100, practice: 1 }, 100 + IMMEDIATELY_MS)).toBe(
      "open",
    );
    expect(phaseOf({ closes_at: null }, { state: "submitted", submitted_at: 0, practice: 0 }, 1e12)).toBe(
      "open",
    );
  });
});
