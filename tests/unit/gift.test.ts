import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { exportGift, parseGift } from "../../src/features/assessments/formats/gift.ts";
import type { ImportedItem, ImportedQuestion } from "../../src/features/assessments/formats/types.ts";

const fixture = (name: string) => readFileSync(`tests/fixtures/assessments/${name}`, "utf8");

function questions(source: string): ImportedQuestion[] {
  const { items, errors } = parseGift(source);
  expect(errors).toEqual([]);
  return items.map((i) => i.item).filter((i): i is ImportedQuestion => i.qtype !== "category");
}

const one = (source: string) => questions(source)[0]!;

describe("GIFT fixture with every construct", () => {
  const { items, errors } = parseGift(fixture("every-construct.gift"));
  const byName = new Map(
    items.flatMap((i) => (i.item.qtype === "category" ? [] : [[i.item.name, i.item] as const])),
  );
  const q = (name: string) => byName.get(name)!;

  test("parses without errors, in file order, with categories where they appear", () => {
    expect(errors).toEqual([]);
    expect(items.map((i) => i.item.qtype)).toEqual([
      "category",
      "multichoice",
      "multichoice",
      "truefalse",
      "truefalse",
      "shortanswer",
      "shortanswer",
      "numerical",
      "numerical",
      "numerical",
      "match",
      "multichoice",
      "essay",
      "description",
      "category",
      "multichoice",
      "multichoice",
      "truefalse",
    ]);
    expect(items[0]!.item).toEqual({ qtype: "category", category: "$course$/Python/Basics" });
    expect(items[1]!.line).toBe(4); // the block starts with its tag comment
  });

  test("multiple choice: = is right, # is feedback, #### is general feedback, tags from comments", () => {
    expect(q("Loop count")).toMatchObject({
      single: 1,
      answer: ["three", "two", "four"],
      fraction: [1, 0, 0],
      feedback: ["Yes, 0, 1 and 2.", "range(3) starts at 0.", ""],
      generalfeedback: "range(n) yields n numbers.",
      tags: ["loops", "easy"],
      questiontextformat: 0,
    });
  });

  test("weights make a several-answer question; negative weights stay negative", () => {
    expect(q("Weighted")).toMatchObject({
      single: 0,
      fraction: [0.5, 0.5, -1],
      feedback: ["Right", "", "Tuples cannot change."],
    });
  });

  test("true/false: {T}, {FALSE#wrong#right} assign the feedback to the answers", () => {
    expect(q("TF true")).toMatchObject({ correctanswer: 1, feedbacktrue: "", feedbackfalse: "" });
    expect(q("TF false with feedback")).toMatchObject({
      correctanswer: 0,
      feedbacktrue: "It is a function now.",
      feedbackfalse: "Right: it is a function.",
    });
  });

  test("short answer: several answers with credit, wildcard kept, case insensitive by default", () => {
    expect(q("Short")).toMatchObject({
      answer: ["def", "define"],
      fraction: [1, 0.5],
      feedback: ["", "Close, but it is def."],
      usecase: 0,
      generalfeedback: "Functions start with def.",
    });
    expect(q("Wildcard")).toMatchObject({ answer: ["str*", "*"], fraction: [1, 0.25] });
  });

  test("numerical: tolerance, range as middle and half width, several answers and wrong feedback", () => {
    expect(q("Numeric tolerance")).toMatchObject({ answer: ["3.14"], tolerance: [0.005], fraction: [1] });
    expect(q("Numeric range")).toMatchObject({ answer: ["3"], tolerance: [2] });
    expect(q("Numeric several")).toMatchObject({
      answer: ["1994", "1994", "*"],
      tolerance: [0, 2, 0],
      fraction: [1, 0.5, 0],
      feedback: ["", "Close.", "Look it up."],
    });
  });

  test("matching: pairs, an empty left side is an extra answer", () => {
    expect(q("Match")).toMatchObject({
      subquestions: ["int", "str", "list", ""],
      subanswers: ["42", '"a"', "[1]", "(1,)"],
    });
  });

  test("missing word: the blank goes where the answers were, the name comes from the text", () => {
    const mw = items[11]!.item as ImportedQuestion;
    expect(mw.questiontext).toBe("Python's creator is _____ from the Netherlands.");
    expect(mw.name).toBe(mw.questiontext);
    expect(mw.fraction).toEqual([0, 1, 0]);
  });

  test("essay {} with general feedback, and a description (no braces) in markdown", () => {
    expect(q("Essay")).toMatchObject({ qtype: "essay", generalfeedback: "A good answer mentions yield." });
    expect(q("Intro")).toMatchObject({
      qtype: "description",
      questiontext: "This part is about **loops**.",
      questiontextformat: 4,
      defaultmark: 0,
    });
  });

  test("escapes protect the reserved characters everywhere", () => {
    expect(q("Escapes : all")).toMatchObject({
      questiontext: "Which is 1 = 1 in Python\\? Braces { } and ~ tilde and # hash.",
      answer: ["a=b", "a~b"],
      feedback: ["a #1", ""],
    });
  });

  test("[html] and [plain] set the format; answers inherit or set their own", () => {
    expect(q("HTML")).toMatchObject({
      questiontextformat: 1,
      questiontext: "<p>Pick <b>one</b></p>",
      answer: ["<i>yes</i>", "no"],
    });
    expect(q("Plain")).toMatchObject({ questiontextformat: 2, questiontext: "1 < 2 is plain text." });
  });
});

describe("GIFT details", () => {
  test("\\n is a line break; \\\\ is a backslash", () => {
    expect(one("A\\nB \\\\ C{T}").questiontext).toBe("A\nB \\ C");
  });

  test("comment lines inside a question are ignored, a comment-only block is nothing", () => {
    expect(parseGift("// just a comment\n// another").items).toEqual([]);
    expect(one("Q?\n// not text\n{T}").questiontext).toBe("Q?");
  });

  test("a question spans lines until a blank line", () => {
    const qs = questions("First\nline{T}\n\n\nSecond{F}\r\n\r\nThird{=x}");
    expect(qs.map((q) => q.questiontext)).toEqual(["First\nline", "Second", "Third"]);
  });

  test("a weight of 100% and decimal weights", () => {
    expect(one("Q{~%100%a ~%33.3%b ~c}").fraction).toEqual([1, 0.333, 0]);
  });

  test("{TRUE} and {F}", () => {
    expect(one("Q{TRUE}").correctanswer).toBe(1);
    expect(one("Q{F}").correctanswer).toBe(0);
  });

  test("a `::` without its closing pair is dropped (as in Moodle) and the name comes from the text", () => {
    expect(one("::No end Q{T}").name).toBe("No end Q");
  });

  test("long text makes a shortened default name", () => {
    const name = one(`${"word ".repeat(40)}{T}`).name;
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.endsWith("...")).toBe(true);
  });
});

describe("GIFT errors", () => {
  test("the malformed fixture: every error with its line, in order", () => {
    const { errors } = parseGift(fixture("malformed.gift"));
    expect(errors.map((e) => e.line)).toEqual([3, 5, 7, 9, 11]);
    expect(errors[0]!.message).toContain("{...}");
    expect(errors[1]!.message).toContain("Matching");
    expect(errors[2]!.message).toContain("not enough answers");
    expect(errors[3]!.message).toContain("numbers");
    expect(errors[4]!.message).toContain("No answers");
  });

  test("a } before the {, and a lone { are errors", () => {
    expect(parseGift("Q}{").errors).toHaveLength(1);
    expect(parseGift("\n\nQ{").errors).toEqual([
      { line: 3, message: "Could not find {...} around answers." },
    ]);
  });

  test("a bad tolerance or range is an error", () => {
    expect(parseGift("Q{#1:x}").errors).toHaveLength(1);
    expect(parseGift("Q{#1..b}").errors).toHaveLength(1);
  });
});

describe("GIFT export", () => {
  test("what is exported reads back to the same questions", () => {
    const original = parseGift(fixture("every-construct.gift")).items.map((i) => i.item);
    const again = parseGift(exportGift(original));
    expect(again.errors).toEqual([]);
    const strip = (items: ImportedItem[]) => items;
    expect(strip(again.items.map((i) => i.item))).toEqual(strip(original));
  });
});
