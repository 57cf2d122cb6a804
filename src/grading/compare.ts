// How an actual result is checked against the expected one. Pure functions, unit-tested.
import type { CompareMode } from "../db/tables/problems.ts";

/** Trailing whitespace of each line and trailing blank lines do not count. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .replace(/\n+$/, "");
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Token by token: numbers within the tolerance (absolute, or relative to large values), words equal. */
function withinTolerance(expected: string, actual: string, tolerance: number): boolean {
  const a = expected.split(/\s+/).filter(Boolean);
  const b = actual.split(/\s+/).filter(Boolean);
  if (a.length !== b.length) return false;
  return a.every((token, i) => {
    const other = b[i]!;
    if (NUMBER.test(token) && NUMBER.test(other))
      return numbersClose(Number(token), Number(other), tolerance);
    return token === other;
  });
}

export function numbersClose(expected: number, actual: number, tolerance: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return false;
  return Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected));
}

export function outputMatches(
  expected: string,
  actual: string,
  mode: CompareMode,
  tolerance: number | null,
): boolean {
  const e = normalizeOutput(expected);
  const a = normalizeOutput(actual);
  switch (mode) {
    case "trim":
      return e === a;
    case "ignore_case":
      return e.toLowerCase() === a.toLowerCase();
    case "tolerance":
      return withinTolerance(e, a, tolerance ?? 1e-6);
  }
}

/** Deep equality of JSON values; numbers within the tolerance when one is given. */
export function valueMatches(expected: unknown, actual: unknown, tolerance: number | null): boolean {
  if (typeof expected === "number" && typeof actual === "number") {
    return tolerance === null ? expected === actual : numbersClose(expected, actual, tolerance);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((v, i) => valueMatches(v, actual[i], tolerance))
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const ek = Object.keys(expected).sort();
    const ak = Object.keys(actual).sort();
    return (
      ek.length === ak.length &&
      ek.every(
        (k, i) =>
          k === ak[i] &&
          valueMatches(
            (expected as Record<string, unknown>)[k],
            (actual as Record<string, unknown>)[k],
            tolerance,
          ),
      )
    );
  }
  return expected === actual;
}

// ---------- typed Python values (issue 18) ----------
// The harness's typed encoding (see "typed values" in sandbox/slate_harness.py): ["N"], ["b", bool], ["i", "digits"],
// ["f", number | "inf" | "-inf" | "nan"], ["c", re, im], ["s", str], ["y", base64], ["l", [...]],
// ["t", [...]], ["S", [...]], ["F", [...]], ["d", [[k, v], ...]], ["o", type, repr] (no typed form).
// Equality follows Python's ==: a tuple is not a list, a set equals a frozenset of the same elements,
// 1 == 1.0 == True; floats (and numbers compared with a float) within the tolerance as today.

type Typed = [string, ...unknown[]];

const NUMERIC = new Set(["b", "i", "f", "c"]);

function floatOf(v: unknown): number {
  if (v === "inf") return Number.POSITIVE_INFINITY;
  if (v === "-inf") return Number.NEGATIVE_INFINITY;
  if (v === "nan") return Number.NaN;
  return typeof v === "number" ? v : Number.NaN;
}

/** A function test's value comes from the student's process, which can write anything: digits that are
 * not an int (BigInt would throw and fail the whole grading) equal nothing. */
function intOf(v: unknown): bigint | number {
  const text = String(v);
  return /^-?\d+$/.test(text) ? BigInt(text) : Number.NaN;
}

/** [real, imaginary] of a numeric value; an int stays exact as a bigint while it can. */
function complexOf(t: Typed): [number | bigint, number] {
  if (t[0] === "b") return [t[1] ? 1n : 0n, 0];
  if (t[0] === "i") return [intOf(t[1]), 0];
  if (t[0] === "f") return [floatOf(t[1]), 0];
  return [floatOf(t[1]), floatOf(t[2])];
}

function realsEqual(e: number | bigint, a: number | bigint, tolerance: number | null): boolean {
  if (typeof e === "bigint" && typeof a === "bigint" && tolerance === null) return e === a;
  const x = Number(e);
  const y = Number(a);
  if (tolerance === null || !Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return numbersClose(x, y, tolerance);
}

const isTyped = (v: unknown): v is Typed => Array.isArray(v) && typeof v[0] === "string";
const items = (t: Typed): Typed[] => (Array.isArray(t[1]) ? (t[1] as unknown[]).filter(isTyped) : []);

/** Each expected element matched to a different actual one (sets: any order). */
function sameMembers(expected: Typed[], actual: Typed[], tolerance: number | null): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Set<number>();
  return expected.every((e) => {
    const k = actual.findIndex((a, i) => !used.has(i) && typedMatches(e, a, tolerance));
    if (k === -1) return false;
    used.add(k);
    return true;
  });
}

export function typedMatches(expected: unknown, actual: unknown, tolerance: number | null): boolean {
  if (!isTyped(expected) || !isTyped(actual)) return false;
  const [et, at] = [expected[0], actual[0]];
  if (NUMERIC.has(et) && NUMERIC.has(at)) {
    const [er, ei] = complexOf(expected);
    const [ar, ai] = complexOf(actual);
    return realsEqual(er, ar, tolerance) && realsEqual(ei, ai, tolerance);
  }
  const setLike = (t: string) => t === "S" || t === "F";
  if (setLike(et) && setLike(at)) return sameMembers(items(expected), items(actual), tolerance);
  if (et !== at) return false;
  switch (et) {
    case "N":
      return true;
    case "s":
    case "y":
      return expected[1] === actual[1];
    case "l":
    case "t": {
      const e = items(expected);
      const a = items(actual);
      return e.length === a.length && e.every((x, i) => typedMatches(x, a[i], tolerance));
    }
    case "d": {
      const pairs = (t: Typed) => (Array.isArray(t[1]) ? (t[1] as [Typed, Typed][]) : []);
      const e = pairs(expected);
      const a = pairs(actual);
      if (e.length !== a.length) return false;
      return e.every(([k, v]) => {
        const hit = a.find(([ak]) => typedMatches(k, ak, null));
        return hit !== undefined && typedMatches(v, hit[1], tolerance);
      });
    }
    default:
      return false; // opaque values ("o") equal nothing: there is nothing to compare them by
  }
}
