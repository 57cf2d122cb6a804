// Shared steps of the assessment tests, all through the app's own routes (what a browser does):
// a bank from GIFT text, an assessment with its settings and slots, students who join the section,
// attempts and their items read back from the database.
import { expect } from "bun:test";
import type { TestApp } from "../../helpers/app.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";

export async function bankFromGift(
  teacher: Client,
  t: TestApp,
  gift: string,
  name = "Bank",
): Promise<number> {
  const made = await teacher.post("/banks", { name });
  expect(made.status).toBe(303);
  const bankId = Number(made.headers.get("location")!.split("/").pop());
  const root = t.ctx.sqlite
    .query<{ id: number }, [number]>(
      "SELECT id FROM question_categories WHERE bank_id = ? AND parent_id IS NULL",
    )
    .get(bankId)!.id;
  const res = await teacher.post(`/banks/${bankId}/import`, {
    format: "gift",
    category_id: String(root),
    text: gift,
    op: "import",
  });
  expect(res.status, await res.clone().text()).toBe(303);
  return bankId;
}

export function questionId(t: TestApp, bankId: number, name: string): number {
  const row = t.ctx.sqlite
    .query<{ id: number }, [number, string]>(
      "SELECT q.id FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE q.bank_id = ? AND v.name = ?",
    )
    .get(bankId, name);
  if (!row) throw new Error(`no question ${name}`);
  return row.id;
}

export function categoryId(t: TestApp, bankId: number, name: string): number {
  return t.ctx.sqlite
    .query<{ id: number }, [number, string]>(
      "SELECT id FROM question_categories WHERE bank_id = ? AND name = ?",
    )
    .get(bankId, name)!.id;
}

/** Every review option on (or off), for the assessment form. */
export function reviewAll(
  on: boolean,
  phases = ["during", "immediately", "open", "closed"],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!on) return out;
  for (const p of phases)
    for (const s of ["marks", "correct", "answer", "feedback", "general"]) out[`review_${p}_${s}`] = "on";
  return out;
}

export async function createAssessment(
  teacher: Client,
  sectionId: number,
  fields: Record<string, string> = {},
): Promise<number> {
  const res = await teacher.post(`/sections/${sectionId}/assessments`, {
    title: "Quiz 1",
    instructions: "",
    opens_at: "",
    closes_at: "",
    time_limit_min: "",
    password: "",
    max_attempts: "",
    grading_method: "highest",
    delivery: "all",
    published: "on",
    ...fields,
  });
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get("location")!.split("/").pop());
}

export function firstPart(t: TestApp, assessmentId: number): number {
  return t.ctx.sqlite
    .query<{ id: number }, [number]>(
      "SELECT id FROM assessment_parts WHERE assessment_id = ? ORDER BY position",
    )
    .get(assessmentId)!.id;
}

export async function addQuestions(
  teacher: Client,
  t: TestApp,
  assessmentId: number,
  ids: number[],
  partId?: number,
) {
  for (const id of ids) {
    const res = await teacher.post(`/assessments/${assessmentId}/slots`, {
      kind: "question",
      question_id: String(id),
      part_id: String(partId ?? firstPart(t, assessmentId)),
      mark: "",
    });
    expect(res.status).toBe(303);
  }
}

let students = 0;
export async function joinedStudent(
  t: TestApp,
  code: string,
  name = `student${++students}`,
): Promise<Client> {
  const { client, res } = await registerStudent(t, code, name);
  expect(res.status).toBe(303);
  return client;
}

export async function start(student: Client, assessmentId: number, password?: string): Promise<number> {
  const res = await student.post(
    `/assessments/${assessmentId}/start`,
    password === undefined ? {} : { password },
  );
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get("location")!.split("/").pop());
}

export interface ItemRow {
  id: number;
  question_id: number;
  name: string;
  qtype: string;
  choice_order: string;
  page: number;
  score: number | null;
  fraction: number | null;
  max_mark: number;
  version_id: number;
}

export function itemsOf(t: TestApp, attemptId: number): ItemRow[] {
  return t.ctx.sqlite
    .query<ItemRow, [number]>(
      `SELECT i.id, i.question_id, v.name, v.qtype, i.choice_order, i.page, i.score, i.fraction, i.max_mark, i.version_id
       FROM attempt_items i JOIN question_versions v ON v.id = i.version_id WHERE attempt_id = ? ORDER BY position`,
    )
    .all(attemptId);
}

export const item = (t: TestApp, attemptId: number, name: string) =>
  itemsOf(t, attemptId).find((i) => i.name === name)!;

export function attemptRow(t: TestApp, id: number) {
  return t.ctx.sqlite
    .query<
      {
        state: string;
        score: number | null;
        max_score: number;
        pending_manual: number;
        auto_submitted: number;
        submitted_at: number | null;
        deadline_at: number | null;
      },
      [number]
    >(
      "SELECT state, score, max_score, pending_manual, auto_submitted, submitted_at, deadline_at FROM assessment_attempts WHERE id = ?",
    )
    .get(id)!;
}

export async function save(student: Client, attemptId: number, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return student.request(`/attempts/${attemptId}/save`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

export async function submit(student: Client, attemptId: number) {
  const res = await student.post(`/attempts/${attemptId}/submit`);
  expect(res.status).toBe(303);
  return res;
}
