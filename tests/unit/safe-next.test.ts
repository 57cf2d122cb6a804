// The ?next= corpus: every form that a browser could turn into another origin goes home.
import { describe, expect, test } from "bun:test";
import { safeNext } from "../../src/lib/safe-next.ts";

export const OPEN_REDIRECTS = [
  "//evil.test",
  "//evil.test/phish",
  "///evil.test",
  "////evil.test",
  "/\\evil.test",
  "\\\\evil.test",
  "\\/evil.test",
  "/\t/evil.test/phish",
  "/\n/evil.test",
  "/\r/evil.test",
  "/\r\n/evil.test",
  "/ /evil.test",
  "/\u0000/evil.test",
  "/\u000b/evil.test",
  "/\u00a0/evil.test",
  "/\u2028/evil.test",
  "/\ufeff/evil.test",
  "/%2F/evil.test",
  "/%2f%2fevil.test",
  "/%5Cevil.test",
  "/%5c/evil.test",
  "/%09/evil.test",
  "/%0a/x",
  "/%0d%0aSet-Cookie:x=1",
  "/%E0%A4%A", // malformed escape
  "https://evil.test",
  "http:evil.test",
  "javascript:alert(1)",
  "evil.test",
  " /x",
  "",
  `/${"a".repeat(600)}`,
];

describe("safeNext", () => {
  test.each(OPEN_REDIRECTS)("%j goes home", (next) => {
    expect(safeNext(next)).toBe("/");
  });

  test.each([
    "/",
    "/sections/3",
    "/problems/1?tab=tests",
    "/playground#main.py",
    "/tasks/2/leaderboard",
    "/sections/3/students?q=ann",
  ])("%j is kept", (next) => {
    expect(safeNext(next)).toBe(next);
  });

  test("undefined goes home", () => {
    expect(safeNext(undefined)).toBe("/");
  });
});
