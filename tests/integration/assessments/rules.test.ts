// Every rule of taking an assessment, enforced on the server: drafts, open and close times, the
// password (stored sealed, read back by the teacher), attempt limits, one open attempt at a time,
// the time limit (auto-submitted by a request and by the scheduler's sweep), answers only for the
// attempt's own questions and pages, oversized answers, random blocks drawn per attempt, versions.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher } from "../../helpers/client.ts";
import {
  addQuestions,
  attemptRow,
  bankFromGift,
  categoryId,
  createAssessment,
  firstPart,
  item,
  itemsOf,
  joinedStudent,
  questionId,
  save,
  start,
  submit,
} from "./helpers.ts";

const GIFT = `
::q1::One?{=yes ~no}

::q2::Two?{T}

::q3::Three?{=three}

$CATEGORY: Pool

::p1::Pool one?{T}

::p2::Pool two?{F}

::p3::Pool three?{T}

::p4::Pool four?{=x ~y}

::intro::Only text.
`;

const { t, teacher, section, admin } = useClassroom({ section: "Rules" });
let bank: number;
const ids = (...names: string[]) => names.map((n) => questionId(t, bank, n));
const local = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

beforeAll(async () => {
  bank = await bankFromGift(teacher, t, GIFT);
});

async function quiz(fields: Record<string, string> = {}, questions = ["q1", "q2", "q3"]) {
  const id = await createAssessment(teacher, section.id, fields);
  await addQuestions(teacher, t, id, ids(...questions));
  return id;
}

const refusal = async (res: Response) => ({ status: res.status, text: await res.text() });

describe("who may see and start", () => {
  test("a draft is invisible to students; another section's student and signed-out users get nothing", async () => {
    const draft = await quiz({ published: "" });
    const student = await joinedStudent(t, section.code);
    expect((await student.get(`/assessments/${draft}`)).status).toBe(404);
    expect((await student.post(`/assessments/${draft}/start`)).status).toBe(404);
    const other = await createSection(t, teacher, "Other");
    const outsider = await joinedStudent(t, other.code);
    const open = await quiz();
    expect((await outsider.get(`/assessments/${open}`)).status).toBe(404);
    expect((await outsider.post(`/assessments/${open}/start`)).status).toBe(404);
    const anon = new Client(t);
    for (const path of [`/assessments/${open}`, `/banks`, `/attempts/1`, `/assessments/${open}/results`]) {
      const res = await anon.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toStartWith("/login");
    }
    // Students cannot reach the teacher's pages of an assessment.
    for (const path of [
      `/assessments/${open}/results`,
      `/assessments/${open}/edit`,
      `/assessments/${open}/export/csv`,
    ]) {
      expect((await student.get(path)).status).toBe(404);
    }
    expect((await student.post(`/assessments/${open}/slots`, { kind: "question" })).status).toBe(404);
  });

  test("another teacher sees neither the assessment, its results, nor the bank", async () => {
    const other = await createTeacher(t, admin, "otto");
    const a = await quiz();
    expect((await other.get(`/assessments/${a}`)).status).toBe(404);
    expect((await other.get(`/assessments/${a}/results`)).status).toBe(404);
    expect((await other.get(`/assessments/${a}/results/live`)).status).toBe(404);
    expect((await other.get(`/banks/${bank}`)).status).toBe(404);
    expect((await other.get(`/banks/${bank}/export/gift`)).status).toBe(404);
    expect((await other.get(`/questions/${ids("q1")[0]}`)).status).toBe(404);
  });

  test("not before the open time, not after the close", async () => {
    const now = t.clock.now();
    const later = await quiz({ opens_at: local(now + 3_600_000) });
    const student = await joinedStudent(t, section.code);
    expect(await refusal(await student.post(`/assessments/${later}/start`))).toMatchObject({ status: 409 });
    const closed = await quiz({ opens_at: local(now - 7_200_000), closes_at: local(now - 3_600_000) });
    const r = await refusal(await student.post(`/assessments/${closed}/start`));
    expect(r.status).toBe(409);
    expect(r.text).toContain("closed");
  });

  test("the password: refused when wrong, sealed at rest, read back by the teacher", async () => {
    const a = await quiz({ password: "open sesame" });
    const stored = t.ctx.sqlite
      .query<{ password_enc: string }, [number]>("SELECT password_enc FROM assessments WHERE id = ?")
      .get(a)!;
    expect(stored.password_enc.startsWith("v1.")).toBe(true);
    expect(stored.password_enc).not.toContain("sesame");
    expect(await (await teacher.get(`/assessments/${a}/edit`)).text()).toContain('value="open sesame"');
    const student = await joinedStudent(t, section.code);
    expect((await student.post(`/assessments/${a}/start`, { password: "wrong" })).status).toBe(403);
    expect((await student.post(`/assessments/${a}/start`)).status).toBe(403);
    await start(student, a, "open sesame");
  });
});

describe("attempts", () => {
  test("attempt limits count graded attempts; one open attempt at a time", async () => {
    const a = await quiz({ max_attempts: "2" });
    const student = await joinedStudent(t, section.code);
    const first = await start(student, a);
    expect(await start(student, a)).toBe(first); // starting again resumes the open one
    await submit(student, first);
    const second = await start(student, a);
    expect(second).not.toBe(first);
    await submit(student, second);
    const third = await refusal(await student.post(`/assessments/${a}/start`));
    expect(third.status).toBe(409);
    expect(third.text).toContain("all 2 attempts");
    const count = t.ctx.sqlite
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM assessment_attempts WHERE assessment_id = ?")
      .get(a)!.n;
    expect(count).toBe(2);
  });

  test("two starts at once make one attempt", async () => {
    const a = await quiz();
    const student = await joinedStudent(t, section.code);
    const [x, y] = await Promise.all([start(student, a), start(student, a)]);
    expect(x).toBe(y);
  });

  test("answers only for this attempt's questions, only while it is open, never oversized", async () => {
    const a = await quiz();
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const other = await joinedStudent(t, section.code);
    const theirs = await start(other, a);
    const foreign = itemsOf(t, theirs)[0]!.id;
    expect((await save(student, attempt, { [`q${foreign}`]: "0" })).status).toBe(422);
    expect((await save(student, attempt, { q999999: "0" })).status).toBe(422);
    // someone else's attempt is not found at all
    expect((await save(student, theirs, { [`q${foreign}`]: "0" })).status).toBe(404);
    const short = item(t, attempt, "q3").id;
    expect((await save(student, attempt, { [`q${short}`]: "x".repeat(501) })).status).toBe(422);
    const choice = item(t, attempt, "q1").id;
    expect((await save(student, attempt, { [`q${choice}`]: "7" })).status).toBe(422);
    expect((await save(student, attempt, { [`q${short}`]: "three" })).status).toBe(200);
    await submit(student, attempt);
    const late = await save(student, attempt, { [`q${short}`]: "changed" });
    expect(late.status).toBe(409);
    const stored = t.ctx.sqlite
      .query<{ response: string }, [number]>("SELECT response FROM attempt_items WHERE id = ?")
      .get(short)!;
    expect(JSON.parse(stored.response)).toEqual({ text: "three" });
    // a teacher cannot answer for a student
    expect((await save(teacher, theirs, { [`q${foreign}`]: "0" })).status).toBe(403);
  });

  test("the time limit: a request after the deadline submits the attempt with what was saved", async () => {
    const a = await quiz({ time_limit_min: "10" });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const row = attemptRow(t, attempt);
    expect(row.deadline_at).toBe(t.clock.now() + 600_000);
    const q3 = item(t, attempt, "q3").id;
    await save(student, attempt, { [`q${q3}`]: "three" });
    t.clock.advance(601_000 + 2_000);
    expect((await save(student, attempt, { [`q${q3}`]: "too late" })).status).toBe(409);
    const done = attemptRow(t, attempt);
    expect(done).toMatchObject({ state: "submitted", auto_submitted: 1, score: 1 });
    expect(done.submitted_at).toBe(done.deadline_at);
    const page = await student.get(`/attempts/${attempt}`);
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/attempts/${attempt}/review`);
  });

  test("the scheduler's sweep submits an expired attempt nobody looks at", async () => {
    const a = await quiz({ time_limit_min: "1" });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    await t.ctx.scheduler.runOnce();
    expect(attemptRow(t, attempt).state).toBe("open");
    t.clock.advance(63_000);
    await t.ctx.scheduler.runOnce();
    expect(attemptRow(t, attempt)).toMatchObject({ state: "submitted", auto_submitted: 1 });
  });

  test("the close time ends an attempt too, even without a time limit", async () => {
    const now = t.clock.now();
    const a = await quiz({ closes_at: local(now + 30 * 60_000) });
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    expect(attemptRow(t, attempt).deadline_at).toBe(Math.floor((now + 30 * 60_000) / 60_000) * 60_000);
  });

  test("page by page without going back: earlier pages refuse answers and navigation", async () => {
    const a = await createAssessment(teacher, section.id, { delivery: "one", sequential: "on" });
    await addQuestions(teacher, t, a, ids("q1", "q2", "q3"));
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const items = itemsOf(t, attempt);
    expect(items.map((i) => i.page)).toEqual([0, 1, 2]);
    const next = await student.post(`/attempts/${attempt}/page`, {
      from: "0",
      go: "1",
      [`q${items[0]!.id}`]: "0",
    });
    expect(next.headers.get("location")).toBe(`/attempts/${attempt}?page=1`);
    expect((await save(student, attempt, { [`q${items[0]!.id}`]: "1" })).status).toBe(409);
    expect((await student.post(`/attempts/${attempt}/page`, { go: "0" })).status).toBe(409);
    // asking for the earlier page shows the current one
    const html = await (await student.get(`/attempts/${attempt}?page=0`)).text();
    expect(html).toContain(`q${items[1]!.id}`);
    expect(html).not.toContain(`name="q${items[0]!.id}"`);
    expect((await student.post(`/attempts/${attempt}/page`, { go: "2" })).status).toBe(303);
  });
});

describe("random blocks and versions", () => {
  test("a random block draws N different questions per attempt, never descriptions or fixed ones", async () => {
    const a = await createAssessment(teacher, section.id);
    await addQuestions(teacher, t, a, ids("p1"));
    const res = await teacher.post(`/assessments/${a}/slots`, {
      kind: "random",
      category_id: String(categoryId(t, bank, "Pool")),
      count: "2",
      part_id: String(firstPart(t, a)),
      mark: "2",
    });
    expect(res.status).toBe(303);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const student = await joinedStudent(t, section.code);
      const items = itemsOf(t, await start(student, a));
      expect(items).toHaveLength(3);
      const drawn = items.slice(1);
      expect(new Set(drawn.map((d) => d.name)).size).toBe(2);
      for (const d of drawn) {
        expect(["p2", "p3", "p4"]).toContain(d.name);
        expect(d.max_mark).toBe(2);
        seen.add(d.name);
      }
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  test("a random block from another teacher's category is refused", async () => {
    const other = await createTeacher(t, admin, "olga");
    const theirs = await bankFromGift(other, t, "::x::X?{T}", "Theirs");
    const a = await createAssessment(teacher, section.id);
    const res = await teacher.post(`/assessments/${a}/slots`, {
      kind: "random",
      category_id: String(categoryId(t, theirs, "Default")),
      count: "1",
      part_id: String(firstPart(t, a)),
    });
    expect(res.status).toBe(422);
  });

  test("editing a question makes a new version; an attempt keeps the one it was taken with", async () => {
    const a = await quiz({}, ["q2"]);
    const student = await joinedStudent(t, section.code);
    const attempt = await start(student, a);
    const before = item(t, attempt, "q2");
    const qid = ids("q2")[0]!;
    const edit = await teacher.post(`/questions/${qid}`, {
      name: "q2",
      text: "Two, edited?",
      category_id: String(categoryId(t, bank, "Default")),
      default_mark: "1",
      correct: "false",
      general_feedback: "",
      tags: "",
    });
    expect(edit.status).toBe(303);
    const history = await (await teacher.get(`/questions/${qid}`)).text();
    expect(history).toContain("v2 (current)");
    expect(history).toContain("v1");
    expect(item(t, attempt, "q2").version_id).toBe(before.version_id);
    const page = await (await student.get(`/attempts/${attempt}`)).text();
    expect(page).toContain("Two?");
    expect(page).not.toContain("Two, edited?");
    await save(student, attempt, { [`q${before.id}`]: "1" });
    await submit(student, attempt);
    expect(item(t, attempt, "q2").fraction).toBe(1); // graded by version 1 (True is right)
    // A new attempt gets version 2.
    const fresh = await joinedStudent(t, section.code);
    const next = await start(fresh, a);
    expect(item(t, next, "q2").version_id).not.toBe(before.version_id);
  });

  test("shuffled answers differ between attempts, are kept with the attempt, and grade by the answer chosen", async () => {
    const a = await createAssessment(teacher, section.id, { shuffle_answers: "on", shuffle_questions: "on" });
    await addQuestions(teacher, t, a, ids("p4", "q1", "q2", "q3"));
    const orders = new Set<string>();
    const questionOrders = new Set<string>();
    // 16 attempts: both orders of two answers appear unless chance fails 1 time in 32768.
    for (let i = 0; i < 16; i++) {
      const student = await joinedStudent(t, section.code);
      const attempt = await start(student, a);
      const items = itemsOf(t, attempt);
      questionOrders.add(items.map((x) => x.name).join(","));
      const mc = item(t, attempt, "p4");
      const order = (JSON.parse(mc.choice_order) as { order: number[] }).order;
      orders.add(order.join(","));
      expect([...order].sort()).toEqual([0, 1]);
      // The page lists the answers in the stored order, their values the positions as shown (never
      // the answers' own indexes, which would tell the first-written, often right, answer).
      const html = await (await student.get(`/attempts/${attempt}`)).text();
      const text = (answer: number) =>
        html.indexOf(`</span><span class="inline-prose">${answer === 0 ? "x" : "y"}</span>`);
      expect(text(order[0]!)).toBeGreaterThan(0);
      expect(text(order[0]!)).toBeLessThan(text(order[1]!));
      expect(html.indexOf(`name="q${mc.id}" value="0"`)).toBeLessThan(
        html.indexOf(`name="q${mc.id}" value="1"`),
      );
      // The right one ("x", answer 0) earns the mark when its position is sent.
      await save(student, attempt, { [`q${mc.id}`]: String(order.indexOf(0)) });
      await submit(student, attempt);
      expect(item(t, attempt, "p4").fraction).toBe(1);
    }
    expect(orders.size).toBe(2);
    expect(questionOrders.size).toBeGreaterThan(1);
  });

  test("moving a question up changes the order new attempts get; the ends do not move", async () => {
    const a = await quiz({}, ["q1", "q2", "q3"]);
    const slots = t.ctx.sqlite
      .query<{ id: number }, [number]>(
        "SELECT id FROM assessment_slots WHERE assessment_id = ? ORDER BY position",
      )
      .all(a)
      .map((r) => r.id);
    expect((await teacher.post(`/assessments/${a}/slots/${slots[2]}/move/up`)).status).toBe(303);
    expect((await teacher.post(`/assessments/${a}/slots/${slots[2]}/move/up`)).status).toBe(303);
    expect((await teacher.post(`/assessments/${a}/slots/${slots[2]}/move/up`)).status).toBe(303); // already first
    expect((await teacher.post(`/assessments/${a}/slots/${slots[1]}/move/down`)).status).toBe(303);
    const student = await joinedStudent(t, section.code);
    expect(itemsOf(t, await start(student, a)).map((i) => i.name)).toEqual(["q3", "q1", "q2"]);
    const other = await joinedStudent(t, section.code);
    expect((await other.post(`/assessments/${a}/slots/${slots[0]}/move/down`)).status).toBe(404);
  });
});
