import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { exportAiken, fitsAiken, parseAiken } from "../../src/features/assessments/formats/aiken.ts";
import type { ImportedQuestion } from "../../src/features/assessments/formats/types.ts";

const fixture = (name: string) => readFileSync(`tests/fixtures/assessments/${name}`, "utf8");

describe("Aiken", () => {
  test("reads single-answer questions with ) or . labels and multi-line text", () => {
    const { items, errors } = parseAiken(fixture("basic.aiken.txt"));
    expect(errors).toEqual([]);
    expect(items.map((i) => i.line)).toEqual([1, 7]);
    const [a, b] = items.map((i) => i.item as ImportedQuestion);
    expect(a).toMatchObject({
      qtype: "multichoice",
      single: 1,
      questiontext: 'What does len("abc") return?',
      answer: ["2", "3", "4"],
      fraction: [0, 1, 0],
      feedback: ["", "", ""],
    });
    expect(b!.questiontext).toBe("Which keyword starts a loop\nthat repeats while a condition holds?");
    expect(b!.fraction).toEqual([0, 1, 0, 0]);
  });

  test("every error of the malformed fixture with its line", () => {
    const { items, errors } = parseAiken(fixture("malformed.aiken.txt"));
    expect(items).toHaveLength(1);
    expect(errors.map((e) => e.line)).toEqual([6, 12, 17, 19]);
    expect(errors[2]!.message).toContain("E is not one of the choices");
    expect(errors[3]!.message).toContain("no ANSWER");
  });

  test("duplicate letters, text after choices and a stray ANSWER are errors", () => {
    expect(parseAiken("Q?\nA) x\nA) y\nANSWER: A").errors[0]!.line).toBe(3);
    expect(parseAiken("Q?\nA) x\nB) y\nmore text\nANSWER: A").errors[0]!.line).toBe(4);
    expect(parseAiken("ANSWER: A").errors[0]!.message).toContain("without a question");
  });

  test("export writes what fits and reads back the same", () => {
    const { items } = parseAiken(fixture("basic.aiken.txt"));
    const qs = items.map((i) => i.item as ImportedQuestion);
    const essay = { ...qs[0]!, qtype: "essay" } as ImportedQuestion;
    const partial = { ...qs[0]!, fraction: [0.5, 0.5, 0] };
    expect(fitsAiken(essay)).toBe(false);
    expect(fitsAiken(partial)).toBe(false);
    const again = parseAiken(exportAiken([...qs, essay, partial]));
    expect(again.errors).toEqual([]);
    expect(again.items).toHaveLength(2);
    expect((again.items[0]!.item as ImportedQuestion).answer).toEqual(qs[0]!.answer);
  });
});
