import { describe, expect, test } from "bun:test";
import { passwordProblem, temporaryPassword } from "../../src/lib/passwords.ts";
import { enrollCode } from "../../src/lib/tokens.ts";

describe("password policy", () => {
  test.each(["short1A", "alllowercase1", "ALLUPPERCASE1", "NoDigitsHere", ""])("refuses %p", (pw) => {
    expect(passwordProblem(pw)).not.toBeNull();
  });
  test.each(["Abcdefg1", "Correct-Horse-9", "ÜberSicher2026"])("accepts %p", (pw) => {
    expect(passwordProblem(pw)).toBeNull();
  });
  test("temporary passwords always satisfy the policy and differ", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const pw = temporaryPassword();
      expect(passwordProblem(pw)).toBeNull();
      expect(pw).not.toMatch(/[0O1lI]/);
      seen.add(pw);
    }
    expect(seen.size).toBe(500);
  });
  test("enrollment codes are 10 unambiguous characters", () => {
    for (let i = 0; i < 200; i++) expect(enrollCode()).toMatch(/^[a-hjkmnp-z2-9]{10}$/);
  });
});
