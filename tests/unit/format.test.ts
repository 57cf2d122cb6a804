// Python's repr() of values decoded from JSON, for function tests shown to teachers and students.
// Expected strings are what CPython 3 prints for the same values.
import { describe, expect, test } from "bun:test";
import { pythonArgs, pythonRepr, pythonReprOfJson } from "../../src/lib/format.ts";

describe("pythonRepr", () => {
  test("constants, numbers and strings", () => {
    expect(pythonRepr(true)).toBe("True");
    expect(pythonRepr(false)).toBe("False");
    expect(pythonRepr(null)).toBe("None");
    expect(pythonRepr(undefined)).toBe("None");
    expect(pythonRepr(42)).toBe("42");
    expect(pythonRepr(-7)).toBe("-7");
    expect(pythonRepr(2.5)).toBe("2.5");
    expect(pythonRepr(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(pythonRepr(-0.001)).toBe("-0.001");
    expect(pythonRepr(0.0001)).toBe("0.0001");
    expect(pythonRepr(123.456)).toBe("123.456");
    expect(pythonRepr(0.00001)).toBe("1e-05");
    expect(pythonRepr(1.5e-7)).toBe("1.5e-07");
    expect(pythonRepr(1e16)).toBe("1e+16"); // not a safe integer: a float in Python too
    expect(pythonRepr(1.2345678901234568e17)).toBe("1.2345678901234568e+17");
    expect(pythonRepr(Number.NaN)).toBe("nan");
    expect(pythonRepr(Number.NEGATIVE_INFINITY)).toBe("-inf");
    expect(pythonRepr("abc")).toBe("'abc'");
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(pythonRepr("a\nb\tc\\d")).toBe("'a\\nb\\tc\\\\d'");
    expect(pythonRepr("\u0007é€")).toBe("'\\x07é€'");
    expect(pythonRepr("")).toBe("''");
  });

  test("lists and dicts, nested", () => {
    expect(pythonRepr([1, 2])).toBe("[1, 2]");
    expect(pythonRepr([])).toBe("[]");
    expect(pythonRepr({})).toBe("{}");
    expect(pythonRepr({ a: 1, b: [true, null], "c d": { e: "f" } })).toBe(
      "{'a': 1, 'b': [True, None], 'c d': {'e': 'f'}}",
    );
    expect(pythonRepr([[1, "x"], [false]])).toBe("[[1, 'x'], [False]]");
  });
});

describe("pythonReprOfJson", () => {
  test("keeps what JSON.parse would lose: floats written as floats, long integers", () => {
    expect(pythonReprOfJson("1.0")).toBe("1.0");
    expect(pythonReprOfJson("1e15")).toBe("1000000000000000.0");
    expect(pythonReprOfJson("[1, 1.0, 2e3, -0.0, -0]")).toBe("[1, 1.0, 2000.0, -0.0, 0]");
    expect(pythonReprOfJson("123456789012345678901234567890")).toBe("123456789012345678901234567890");
    expect(pythonReprOfJson('{"ok": true, "v": null, "s": "x"}')).toBe("{'ok': True, 'v': None, 's': 'x'}");
  });

  test("text that is not JSON stays as it is", () => {
    expect(pythonReprOfJson("not json")).toBe("not json");
    expect(pythonReprOfJson("")).toBe("");
  });

  test("an argument list becomes the inside of a call", () => {
    expect(pythonArgs('[3, "abc", [1, 2], true]')).toBe("3, 'abc', [1, 2], True");
    expect(pythonArgs("[]")).toBe("");
    expect(pythonArgs(" [null] ")).toBe("None");
  });
});
