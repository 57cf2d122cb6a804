// Every route of the feature, asked by someone who may not use it: another teacher, a student of the
// section (teacher routes), a student of another section or of the same one but not the attempt's
// owner (student routes), and a signed-out visitor. Each is refused (404, 403, or sent to log in) and
// nothing changes.
import { beforeAll, describe, expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher } from "../../helpers/client.ts";
import {
  addQuestions,
  bankFromGift,
  categoryId,
  createAssessment,
  firstPart,
  item,
  joinedStudent,
  questionId,
  start,
} from "./helpers.ts";

const { t, teacher, section, admin } = useClassroom({ section: "Access" });
let ids: {
  bank: number;
  question: number;
  category: number;
  a: number;
  part: number;
  slot: number;
  attempt: number;
  item: number;
};
let owner: Client;
let classmate: Client;
let outsider: Client;
let otherTeacher: Client;

beforeAll(async () => {
  const bank = await bankFromGift(teacher, t, "::q::Q?{T}\n\n::e::Explain.{}");
  const a = await createAssessment(teacher, section.id);
  await addQuestions(teacher, t, a, [questionId(t, bank, "q"), questionId(t, bank, "e")]);
  owner = await joinedStudent(t, section.code);
  classmate = await joinedStudent(t, section.code);
  const other = await createSection(t, teacher, "Elsewhere");
  outsider = await joinedStudent(t, other.code);
  otherTeacher = await createTeacher(t, admin, "trudy");
  const attempt = await start(owner, a);
  ids = {
    bank,
    question: questionId(t, bank, "q"),
    category: categoryId(t, bank, "Default"),
    a,
    part: firstPart(t, a),
    slot: t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM assessment_slots WHERE assessment_id = ?")
      .get(a)!.id,
    attempt,
    item: item(t, attempt, "q").id,
  };
});

type Route = [method: "GET" | "POST", path: () => string, body?: () => Record<string, string>];

const teacherRoutes: Route[] = [
  ["GET", () => `/banks/${ids.bank}`],
  ["POST", () => `/banks/${ids.bank}/categories`, () => ({ name: "x" })],
  ["POST", () => `/banks/${ids.bank}/sharing`, () => ({})],
  ["GET", () => `/banks/${ids.bank}/import`],
  [
    "POST",
    () => `/banks/${ids.bank}/import`,
    () => ({ format: "gift", category_id: String(ids.category), text: "Q{T}", op: "import" }),
  ],
  ["GET", () => `/banks/${ids.bank}/export/gift`],
  ["GET", () => `/banks/${ids.bank}/export/csv`],
  ["GET", () => `/banks/${ids.bank}/questions/new?type=essay`],
  [
    "POST",
    () => `/banks/${ids.bank}/questions`,
    () => ({ qtype: "essay", name: "n", text: "t", category_id: String(ids.category) }),
  ],
  ["GET", () => `/questions/${ids.question}`],
  ["GET", () => `/questions/${ids.question}/edit`],
  [
    "POST",
    () => `/questions/${ids.question}`,
    () => ({ name: "n", text: "t", correct: "true", category_id: String(ids.category) }),
  ],
  ["GET", () => `/sections/${section.id}/assessments/new`],
  [
    "POST",
    () => `/sections/${section.id}/assessments`,
    () => ({ title: "x", grading_method: "highest", delivery: "all" }),
  ],
  ["GET", () => `/assessments/${ids.a}/edit`],
  [
    "POST",
    () => `/assessments/${ids.a}`,
    () => ({ title: "Hijacked", grading_method: "highest", delivery: "all" }),
  ],
  ["POST", () => `/assessments/${ids.a}/parts`, () => ({ title: "x" })],
  [
    "POST",
    () => `/assessments/${ids.a}/slots`,
    () => ({ kind: "question", question_id: String(ids.question), part_id: String(ids.part) }),
  ],
  ["POST", () => `/assessments/${ids.a}/slots/${ids.slot}/delete`],
  ["POST", () => `/assessments/${ids.a}/slots/${ids.slot}/move/down`],
  ["GET", () => `/assessments/${ids.a}/results`],
  ["GET", () => `/assessments/${ids.a}/results?tab=grading`],
  ["GET", () => `/assessments/${ids.a}/results/live`],
  ["GET", () => `/assessments/${ids.a}/export/xlsx`],
  ["POST", () => `/assessments/${ids.a}/grading`, () => ({ item_id: String(ids.item), mark: "1" })],
  ["POST", () => `/assessments/${ids.a}/regrade`],
];

const attemptRoutes: Route[] = [
  ["GET", () => `/attempts/${ids.attempt}`],
  ["POST", () => `/attempts/${ids.attempt}/save`, () => ({ [`q${ids.item}`]: "0" })],
  ["POST", () => `/attempts/${ids.attempt}/page`, () => ({ go: "submit" })],
  ["POST", () => `/attempts/${ids.attempt}/submit`],
  ["GET", () => `/attempts/${ids.attempt}/review`],
];

const send = (client: Client, [method, path, body]: Route) =>
  method === "GET" ? client.get(path()) : client.post(path(), body?.() ?? {});

function snapshot() {
  return [
    "question_banks",
    "question_categories",
    "questions",
    "question_versions",
    "assessments",
    "assessment_parts",
    "assessment_slots",
    "question_bank_sections",
  ]
    .map((table) => countRows(t, table))
    .concat(
      t.ctx.sqlite
        .query<{ n: number }, []>("SELECT count(*) AS n FROM attempt_items WHERE response IS NOT NULL")
        .get()!.n,
      t.ctx.sqlite
        .query<{ n: number }, []>("SELECT count(*) AS n FROM assessment_attempts WHERE state = 'open'")
        .get()!.n,
    );
}

describe("refusals", () => {
  test("teacher routes: another teacher and a student of the section are refused; nothing changes", async () => {
    const before = snapshot();
    for (const route of teacherRoutes) {
      for (const [who, client] of [
        ["another teacher", otherTeacher],
        ["a student", classmate],
      ] as const) {
        const res = await send(client, route);
        expect([403, 404], `${who}: ${route[0]} ${route[1]()}`).toContain(res.status);
      }
    }
    expect(snapshot()).toEqual(before);
    expect(
      t.ctx.sqlite
        .query<{ title: string }, [number]>("SELECT title FROM assessments WHERE id = ?")
        .get(ids.a)!.title,
    ).toBe("Quiz 1");
  });

  test("attempt routes: a classmate, a student of another section and another teacher are refused", async () => {
    const before = snapshot();
    for (const route of attemptRoutes) {
      for (const [who, client] of [
        ["a classmate", classmate],
        ["an outsider", outsider],
        ["another teacher", otherTeacher],
      ] as const) {
        const res = await send(client, route);
        expect(res.status, `${who}: ${route[0]} ${route[1]()}`).toBe(404);
      }
    }
    expect((await outsider.get(`/assessments/${ids.a}`)).status).toBe(404);
    expect((await outsider.post(`/assessments/${ids.a}/start`)).status).toBe(404);
    expect((await otherTeacher.get(`/assessments/${ids.a}`)).status).toBe(404);
    expect((await otherTeacher.post(`/assessments/${ids.a}/start`)).status).toBe(403); // only students start attempts
    expect(snapshot()).toEqual(before);
  });

  test("signed-out visitors are sent to log in from every route, and a cross-site post is refused", async () => {
    const anon = new Client(t);
    for (const route of [...teacherRoutes, ...attemptRoutes]) {
      const res = await send(anon, route);
      if (route[0] === "GET") {
        expect(res.status, route[1]()).toBe(303);
        expect(res.headers.get("location"), route[1]()).toStartWith("/login");
      } else expect([303, 401, 403], route[1]()).toContain(res.status);
    }
    const forged = await owner.request(`/attempts/${ids.attempt}/save`, {
      method: "POST",
      body: new URLSearchParams({ [`q${ids.item}`]: "0" }),
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.status).toBe(403);
    expect(
      t.ctx.sqlite
        .query<{ response: string | null }, [number]>("SELECT response FROM attempt_items WHERE id = ?")
        .get(ids.item)!.response,
    ).toBeNull();
  });

  test("the owner may do what the others could not", async () => {
    expect((await owner.get(`/attempts/${ids.attempt}`)).status).toBe(200);
    expect((await owner.post(`/attempts/${ids.attempt}/save`, { [`q${ids.item}`]: "1" })).status).toBe(200);
  });
});
