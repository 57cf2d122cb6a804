// Every question type graded through real attempts: partial credit, negative marks, tolerances and
// ranges, wildcards and case, matching, essays waiting for a mark; and the four grading methods.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  addQuestions,
  attemptRow,
  bankFromGift,
  createAssessment,
  item,
  itemsOf,
  joinedStudent,
  questionId,
  save,
  start,
  submit,
} from "./helpers.ts";

const GIFT = `
::single::Pick B.{=B ~%-50%A#Wrong, and costly. ~C}

::multi::Pick A and B, not C.{~%50%A ~%50%B ~%-100%C}

::tf::Python is fun.{T}

::short::Keyword for functions?{=def =%50%define}

::cased::Exact name.{=Python}

::wild::Any str type.{=str*}

::num::Pi?{#3.14:0.01}

::range::Between 1 and 5.{#1..5}

::match::Match.{=a -> 1 =b -> 2 =c -> 3 = -> 4}

::essay::Explain.{}
`;

const { t, teacher, section } = useClassroom({ section: "Quiz class" });
let bank: number;
let assessment: number;

beforeAll(async () => {
  bank = await bankFromGift(teacher, t, GIFT);
  t.ctx.sqlite.exec(
    "UPDATE question_versions SET data = json_set(data, '$.usecase', 1) WHERE name = 'cased'",
  );
  assessment = await createAssessment(teacher, section.id, { max_attempts: "" });
  await addQuestions(
    teacher,
    t,
    assessment,
    ["single", "multi", "tf", "short", "cased", "wild", "num", "range", "match", "essay"].map((n) =>
      questionId(t, bank, n),
    ),
  );
});

/**
 * Where answer `index` (of the distinct right-hand sides "1", "2", "3", "4") sits in the item's
 * shuffled menu: the form sends positions as shown, never the answers' own indexes.
 */
function shownAt(itemId: number, index: number): string {
  const row = t.ctx.sqlite
    .query<{ choice_order: string }, [number]>("SELECT choice_order FROM attempt_items WHERE id = ?")
    .get(itemId)!;
  return String((JSON.parse(row.choice_order) as { choices: number[] }).choices.indexOf(index));
}

/** One attempt with these answers (by question name); returns each item's fraction. */
async function attemptWith(answers: Record<string, (id: number) => Record<string, string | string[]>>) {
  const student = await joinedStudent(t, section.code);
  const attempt = await start(student, assessment);
  const form: Record<string, string | string[]> = {};
  for (const [name, build] of Object.entries(answers)) Object.assign(form, build(item(t, attempt, name).id));
  expect((await save(student, attempt, form)).status).toBe(200);
  await submit(student, attempt);
  return { attempt, fractions: Object.fromEntries(itemsOf(t, attempt).map((i) => [i.name, i.fraction])) };
}

describe("grading of every type", () => {
  test("right answers earn full marks; the essay waits for a teacher", async () => {
    const { attempt, fractions } = await attemptWith({
      single: (id) => ({ [`q${id}`]: "0" }),
      multi: (id) => ({ [`q${id}`]: ["0", "1"], [`present_${id}`]: "1" }),
      tf: (id) => ({ [`q${id}`]: "1" }),
      short: (id) => ({ [`q${id}`]: "  DEF " }),
      cased: (id) => ({ [`q${id}`]: "Python" }),
      wild: (id) => ({ [`q${id}`]: "string" }),
      num: (id) => ({ [`q${id}`]: "3,145" }),
      range: (id) => ({ [`q${id}`]: "5" }),
      match: (id) => ({
        [`q${id}_0`]: shownAt(id, 0),
        [`q${id}_1`]: shownAt(id, 1),
        [`q${id}_2`]: shownAt(id, 2),
        [`present_${id}`]: "1",
      }),
      essay: (id) => ({ [`q${id}`]: "Generators yield." }),
    });
    expect(fractions).toEqual({
      single: 1,
      multi: 1,
      tf: 1,
      short: 1,
      cased: 1,
      wild: 1,
      num: 1,
      range: 1,
      match: 1,
      essay: null,
    });
    const row = attemptRow(t, attempt);
    expect(row).toMatchObject({ state: "submitted", score: 9, max_score: 10, pending_manual: 1 });
  });

  test("partial credit, negative marks, case, tolerance and range edges", async () => {
    const { fractions, attempt } = await attemptWith({
      single: (id) => ({ [`q${id}`]: "1" }), // A: -50%
      multi: (id) => ({ [`q${id}`]: ["0", "2"], [`present_${id}`]: "1" }), // 50 - 100 -> 0 (kept within 0..1)
      tf: (id) => ({ [`q${id}`]: "0" }),
      short: (id) => ({ [`q${id}`]: "define" }), // 50%
      cased: (id) => ({ [`q${id}`]: "python" }), // case sensitive: wrong
      wild: (id) => ({ [`q${id}`]: "bytes" }),
      num: (id) => ({ [`q${id}`]: "3.16" }), // outside 3.14 ± 0.01
      range: (id) => ({ [`q${id}`]: "5.01" }),
      match: (id) => ({ [`q${id}_0`]: shownAt(id, 0), [`q${id}_1`]: shownAt(id, 3), [`present_${id}`]: "1" }), // 1 of 3
    });
    expect(fractions.single).toBe(-0.5);
    expect(fractions.multi).toBe(0);
    expect(fractions.tf).toBe(0);
    expect(fractions.short).toBe(0.5);
    expect(fractions.cased).toBe(0);
    expect(fractions.wild).toBe(0);
    expect(fractions.num).toBe(0);
    expect(fractions.range).toBe(0);
    expect(fractions.match).toBeCloseTo(1 / 3, 6);
    // -0.5 + 0.5 + 1/3 = 0.333...; the total is never below zero
    expect(attemptRow(t, attempt).score).toBeCloseTo(1 / 3, 5);
  });

  test("a total that would be negative is zero", async () => {
    const { attempt } = await attemptWith({ single: (id) => ({ [`q${id}`]: "1" }) });
    expect(attemptRow(t, attempt).score).toBe(0);
  });

  test("multi-answer with only the positive half, and an unanswered question, score as Moodle does", async () => {
    const { fractions } = await attemptWith({ multi: (id) => ({ [`q${id}`]: "1", [`present_${id}`]: "1" }) });
    expect(fractions.multi).toBe(0.5);
    expect(fractions.tf).toBe(0);
    expect(fractions.short).toBe(0);
  });
});
