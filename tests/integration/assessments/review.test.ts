// Review options per phase: for every phase and every option, an assessment that shows only that
// option in only that phase. In each phase the pages and responses a student can get (attempt page,
// autosave answer, review page, start page) contain exactly what is allowed, and no right answer,
// feedback, mark or correctness that the phase hides.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import type { Client } from "../../helpers/client.ts";
import {
  addQuestions,
  bankFromGift,
  createAssessment,
  item,
  joinedStudent,
  questionId,
  save,
  start,
  submit,
} from "./helpers.ts";

const GIFT = `
::short::Name a striped horse.{=zebra*#RIGHTFB ####GFSECRET}

::num::The magic number?{#4242:0#NUMFB}
`;

const PHASES = ["during", "immediately", "open", "closed"] as const;
const SHOWS = ["marks", "correct", "answer", "feedback", "general"] as const;
type Phase = (typeof PHASES)[number];
type Show = (typeof SHOWS)[number];

/** What each option puts on a page; none of these strings is anywhere else. */
const MARKERS: Record<Show, RegExp> = {
  marks: /out of 1|Not marked yet/,
  correct: /badge-(success|danger|warning)">(Correct|Incorrect|Partly correct)/,
  answer: /The right answer|4242/,
  feedback: /RIGHTFB|NUMFB/,
  general: /GFSECRET/,
};

const { t, teacher, section } = useClassroom({ section: "Review" });
let bank: number;
const DAY = 86_400_000;

const local = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

beforeAll(async () => {
  bank = await bankFromGift(teacher, t, GIFT);
});

function shown(html: string): Show[] {
  return SHOWS.filter((s) => MARKERS[s].test(html));
}

interface Run {
  student: Client;
  attempt: number;
  assessment: number;
}

/** An assessment showing `show` in `phase` only, closing in a day; a student answers and (unless during) submits. */
async function runWith(phase: Phase, show: Show | null, opts: { practice?: boolean } = {}): Promise<Run> {
  const fields: Record<string, string> = { closes_at: local(t.clock.now() + DAY), max_attempts: "" };
  if (show) fields[`review_${phase}_${show}`] = "on";
  if (opts.practice) fields.practice_after_close = "on";
  const assessment = await createAssessment(teacher, section.id, fields);
  await addQuestions(teacher, t, assessment, [questionId(t, bank, "short"), questionId(t, bank, "num")]);
  const student = await joinedStudent(t, section.code);
  const attempt = await start(student, assessment);
  const res = await save(student, attempt, {
    [`q${item(t, attempt, "short").id}`]: "zebras",
    [`q${item(t, attempt, "num").id}`]: "1",
  });
  expect(await res.text()).not.toMatch(/zebra\*|4242|FB|GFSECRET|fraction|score/);
  return { student, attempt, assessment };
}

async function reviewHtml(r: Run): Promise<string> {
  const res = await r.student.get(`/attempts/${r.attempt}/review`);
  expect(res.status).toBe(200);
  return res.text();
}

describe("during the attempt", () => {
  for (const show of [null, ...SHOWS]) {
    test(`shows ${show ?? "nothing"}`, async () => {
      const r = await runWith("during", show);
      const html = await (await r.student.get(`/attempts/${r.attempt}`)).text();
      expect(shown(html)).toEqual(show ? [show] : []);
    });
  }
});

describe("after the attempt", () => {
  const moveTo: Record<Exclude<Phase, "during">, () => void> = {
    immediately: () => undefined,
    open: () => t.clock.advance(3 * 60_000),
    closed: () => t.clock.advance(DAY + 60_000),
  };
  for (const phase of ["immediately", "open", "closed"] as const) {
    for (const show of [null, ...SHOWS]) {
      test(`${phase}: shows ${show ?? "nothing"}, and the other phases show nothing`, async () => {
        const r = await runWith(phase, show);
        await submit(r.student, r.attempt);
        for (const p of ["immediately", "open", "closed"] as const) {
          if (p === "open") moveTo.open();
          if (p === "closed") moveTo.closed();
          const html = await reviewHtml(r);
          expect({ phase: p, shown: shown(html) }).toEqual({
            phase: p,
            shown: p === phase && show ? [show] : [],
          });
          const startPage = await (await r.student.get(`/assessments/${r.assessment}`)).text();
          // The attempt history shows marks only when the phase does.
          expect(/\d \/ 2/.test(startPage)).toBe(p === phase && show === "marks");
        }
      });
    }
  }

  test("the teacher sees everything in any phase", async () => {
    const r = await runWith("immediately", null);
    await submit(r.student, r.attempt);
    const html = await (await teacher.get(`/attempts/${r.attempt}/review`)).text();
    expect(shown(html)).toEqual([...SHOWS]);
  });

  test("practice attempts after the close are reviewed with the after-close options and leave the grade alone", async () => {
    const r = await runWith("closed", "answer", { practice: true });
    await submit(r.student, r.attempt);
    const before = t.ctx.sqlite
      .query<{ score: number }, [number]>("SELECT score FROM assessment_attempts WHERE id = ?")
      .get(r.attempt)!.score;
    t.clock.advance(DAY + 60_000);
    const again = await start(r.student, r.assessment);
    expect(again).not.toBe(r.attempt);
    const row = t.ctx.sqlite
      .query<{ practice: number; deadline_at: number | null }, [number]>(
        "SELECT practice, deadline_at FROM assessment_attempts WHERE id = ?",
      )
      .get(again)!;
    expect(row).toEqual({ practice: 1, deadline_at: null });
    // answer it right this time
    await save(r.student, again, {
      [`q${item(t, again, "num").id}`]: "4242",
      [`q${item(t, again, "short").id}`]: "zebra",
    });
    const during = await (await r.student.get(`/attempts/${again}`)).text();
    expect(during).not.toContain("The right answer");
    await submit(r.student, again);
    expect(shown(await (await r.student.get(`/attempts/${again}/review`)).text())).toEqual(["answer"]);
    const page = await (await teacher.get(`/assessments/${r.assessment}/results`)).text();
    expect(page).toContain(`${before} / 2`);
    expect(page).not.toContain("2 / 2");
  });
});
