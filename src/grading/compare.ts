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
