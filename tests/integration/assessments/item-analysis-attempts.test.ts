// Item analysis over all submitted attempts (the default) or each student's first attempt only, as
// Moodle offers: a retake that fixes a wrong answer counts in one and not the other. Practice
// attempts never count; a bad choice is refused; only the section's teachers see it.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createTeacher } from "../../helpers/client.ts";
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
::q1::First?{T}

::q2::Second?{T}
`;

const { t, teacher, section, admin } = useClassroom({ section: "Item analysis" });
let quiz: number;
let ann: Client;

async function take(student: Client, right: [boolean, boolean]) {
  const attempt = await start(student, quiz);
  await save(student, attempt, {
    [`q${item(t, attempt, "q1").id}`]: right[0] ? "1" : "0",
    [`q${item(t, attempt, "q2").id}`]: right[1] ? "1" : "0",
  });
  await submit(student, attempt);
}

beforeAll(async () => {
  const bank = await bankFromGift(teacher, t, GIFT);
  quiz = await createAssessment(teacher, section.id, { title: "Retake quiz", max_attempts: "" });
  await addQuestions(
    teacher,
    t,
    quiz,
    ["q1", "q2"].map((n) => questionId(t, bank, n)),
  );
  ann = await joinedStudent(t, section.code, "ann");
  const ben = await joinedStudent(t, section.code, "ben");
  await take(ann, [false, false]); // ann's first attempt: both wrong
  await take(ann, [true, true]); // her retake: both right
  await take(ben, [true, false]); // ben's only attempt
});

/** Attempts and facility of a question's row on the item analysis tab. */
async function row(query: string, name: string) {
  const html = await (await teacher.get(`/assessments/${quiz}/results?tab=items${query}`)).text();
  const tr = html.split("<tr").find((r) => r.includes(`>${name}</a>`))!;
  const nums = [...tr.matchAll(/<td class="num">([^<]*)/g)].map((m) => m[1]);
  return { attempts: Number(nums[0]), facility: nums[1], html };
}

describe("item analysis attempts", () => {
  test("all attempts by default", async () => {
    const q1 = await row("", "q1");
    expect(q1.attempts).toBe(3);
    expect(q1.facility).toBe("66.7%");
    expect(q1.html).toContain('aria-current="page" class="btn btn-sm btn-primary">All attempts');
    const q2 = await row("&attempts=all", "q2");
    expect(q2.attempts).toBe(3);
    expect(q2.facility).toBe("33.3%");
  });

  test("first attempts only leaves out the retake", async () => {
    const q1 = await row("&attempts=first", "q1");
    expect(q1.attempts).toBe(2);
    expect(q1.facility).toBe("50%");
    expect(q1.html).toContain('aria-current="page" class="btn btn-sm btn-primary">First attempts only');
    const q2 = await row("&attempts=first", "q2");
    expect(q2.attempts).toBe(2);
    expect(q2.facility).toBe("0%");
  });

  test("a bad choice is refused; students and other teachers see nothing", async () => {
    expect((await teacher.get(`/assessments/${quiz}/results?tab=items&attempts=best`)).status).toBe(400);
    expect((await ann.get(`/assessments/${quiz}/results?tab=items&attempts=first`)).status).toBe(404);
    const other = await createTeacher(t, admin, "otis");
    expect((await other.get(`/assessments/${quiz}/results?tab=items&attempts=first`)).status).toBe(404);
  });
});
