// typedMatches: Python's == over the harness's typed encoding, floats within the tolerance (issue 18).
import { describe, expect, test } from "bun:test";
import { typedMatches } from "../../src/grading/compare.ts";

const i = (n: number | string) => ["i", String(n)];
const f = (n: number | string) => ["f", n];

describe("typedMatches", () => {
  test("a tuple is not a list; equal tuples and lists match", () => {
    expect(typedMatches(["t", [i(1), i(2)]], ["l", [i(1), i(2)]], null)).toBe(false);
    expect(typedMatches(["t", [i(1), i(2)]], ["t", [i(1), i(2)]], null)).toBe(true);
  });

  test("sets in any order, and a set equals a frozenset", () => {
    expect(typedMatches(["S", [i(1), i(2)]], ["S", [i(2), i(1)]], null)).toBe(true);
    expect(typedMatches(["S", [i(1), i(2)]], ["F", [i(1), i(2)]], null)).toBe(true);
    expect(typedMatches(["S", [i(1), i(2)]], ["S", [i(1), i(3)]], null)).toBe(false);
  });

  test("dicts with non-string keys, in any order", () => {
    const e = [
      "d",
      [
        [i(1), ["s", "a"]],
        [["t", [i(2), i(3)]], ["N"]],
      ],
    ];
    const a = [
      "d",
      [
        [["t", [i(2), i(3)]], ["N"]],
        [i(1), ["s", "a"]],
      ],
    ];
    expect(typedMatches(e, a, null)).toBe(true);
    expect(typedMatches(e, ["d", [[i(1), ["s", "a"]]]], null)).toBe(false);
  });

  test("big integers exactly; numbers as Python compares them", () => {
    expect(typedMatches(i("1180591620717411303424"), i("1180591620717411303424"), null)).toBe(true);
    expect(typedMatches(i("1180591620717411303424"), i("1180591620717411303425"), null)).toBe(false);
    expect(typedMatches(i(1), f(1), null)).toBe(true);
    expect(typedMatches(["b", true], i(1), null)).toBe(true);
    expect(typedMatches(["c", 1, 0], i(1), null)).toBe(true);
  });

  test("floats within the tolerance; inf equals inf, nan equals nothing", () => {
    expect(typedMatches(f(0.3), f(0.30000000000000004), null)).toBe(false);
    expect(typedMatches(f(0.3), f(0.30000000000000004), 1e-9)).toBe(true);
    expect(typedMatches(["t", [f(0.1), ["N"]]], ["t", [f(0.1000001), ["N"]]], 1e-3)).toBe(true);
    expect(typedMatches(f("inf"), f("inf"), null)).toBe(true);
    expect(typedMatches(f("nan"), f("nan"), null)).toBe(false);
  });

  test("opaque values and malformed input match nothing", () => {
    expect(typedMatches(["o", "A", "<A>"], ["o", "A", "<A>"], null)).toBe(false);
    expect(typedMatches(null, ["N"], null)).toBe(false);
    expect(typedMatches(["N"], "None", null)).toBe(false);
  });
});
