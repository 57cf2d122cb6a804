// A small class with hand-computed grades, inserted straight into SQLite (no sandbox), for the
// gradebook, analytics, export and live-update tests. Numbers every test relies on:
//
//   problems (visible):  P1 (tests a=1, b=2 -> 3 points), P2 (c=2 -> 2), P3 (d=5 -> 5); 10 points
//   P4 belongs to an unpublished task and never counts.
//
//   student  P1            P2        P3        points  grade   last submission
//   ann      3             2         5         10      100     today
//   ben      1 then 3      0         -         3       30      10 days ago
//   cat      1 (override 2) -        queued    2       20      2 days ago
//   fay      1             -         -         1       10      1 day ago
//   dan      -             queued    -         0       none    today
//   eve      -             -         -         0       none    never (joined 8 days ago)
import type { Db } from "../../src/db/connection.ts";
import type { EventBus } from "../../src/lib/events.ts";
import { hashPassword } from "../../src/lib/passwords.ts";
import { type Client, login, STRONG } from "./client.ts";

export const DAY = 86_400_000;

let strongHash: Promise<string> | undefined;
/** The hash of STRONG, computed once (argon2id is slow on purpose). */
export const strongPasswordHash = () => {
  strongHash ??= hashPassword(STRONG);
  return strongHash;
};

export async function insertStudent(db: Db, username: string, createdAt: number, displayName?: string) {
  return db
    .insertInto("users")
    .values({
      username,
      display_name: displayName ?? `Student ${username}`,
      email: `${username}@school.example`,
      password_hash: await strongPasswordHash(),
      role: "student",
      created_at: createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

export async function enroll(db: Db, sectionId: number, userId: number, at: number) {
  await db
    .insertInto("enrollments")
    .values({ section_id: sectionId, user_id: userId, enrolled_at: at })
    .execute();
}

export async function insertTaskRow(
  db: Db,
  sectionId: number,
  title: string,
  at: number,
  over: { published?: number; due_at?: number | null; position?: number } = {},
) {
  const r = await db
    .insertInto("tasks")
    .values({
      section_id: sectionId,
      title,
      starts_at: null,
      due_at: over.due_at ?? null,
      access_code_enc: null,
      max_submissions: null,
      published: over.published ?? 1,
      position: over.position ?? 0,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertProblemRow(
  db: Db,
  taskId: number,
  title: string,
  tests: { name: string; points: number }[],
  at: number,
  position = 0,
) {
  const p = await db
    .insertInto("problems")
    .values({ task_id: taskId, title, function_name: null, position, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const testIds: number[] = [];
  for (const [i, t] of tests.entries()) {
    const row = await db
      .insertInto("test_cases")
      .values({ problem_id: p.id, name: t.name, points: t.points, position: i, tolerance: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    testIds.push(row.id);
  }
  return { id: p.id, testIds };
}

type Outcome = "pass" | "fail" | "error" | "timeout" | "memory" | "skipped";

/** A submission row as grading leaves it; `tests` gives each test's outcome (pass earns its points). */
export async function insertSubmission(
  db: Db,
  s: {
    problemId: number;
    userId: number;
    at: number;
    status?: "graded" | "queued" | "running" | "error";
    tests?: { id: number; points: number; status: Outcome }[];
    score?: number;
    maxScore?: number;
    override?: number;
  },
) {
  const status = s.status ?? "graded";
  const tests = s.tests ?? [];
  const raw = tests.reduce((n, t) => n + (t.status === "pass" ? t.points : 0), 0);
  const max = tests.reduce((n, t) => n + t.points, 0);
  const graded = status === "graded";
  const results = graded
    ? JSON.stringify({
        check: null,
        rawScore: raw,
        maxScore: max,
        tests: tests.map((t) => ({
          testId: t.id,
          status: t.status,
          points: t.status === "pass" ? t.points : 0,
          maxPoints: t.points,
          actual: "",
          stderr: "",
          ms: 1,
        })),
      })
    : null;
  const r = await db
    .insertInto("submissions")
    .values({
      problem_id: s.problemId,
      user_id: s.userId,
      files: JSON.stringify([{ name: "main.py", content: "print(1)\n" }]),
      main_file: "main.py",
      submitted_at: s.at,
      status,
      regrade_id: null,
      claimed_at: null,
      graded_at: graded ? s.at + 1000 : null,
      raw_score: graded ? (s.score ?? raw) : null,
      max_score: graded ? (s.maxScore ?? max) : null,
      score: graded ? (s.score ?? raw) : null,
      results,
      error: null,
      override_score: s.override ?? null,
      override_comment: null,
      override_by: null,
      override_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface ClassFixture {
  sectionId: number;
  otherSectionId: number;
  users: Record<"ann" | "ben" | "cat" | "dan" | "eve" | "fay", number>;
  problems: { p1: number; p2: number; p3: number; p4: number };
  tests: { a: number; b: number; c: number; d: number };
  tasks: { t1: number; t2: number; t3: number };
}

/**
 * Builds the class above in `sectionId` (taught by the caller's teacher) and a second section
 * `otherSectionId` with one student who solved its one problem (100%, for the comparison).
 */
export async function seedClass(
  t: { ctx: { db: Db }; clock: { now(): number } },
  sectionId: number,
  otherSectionId: number,
  options: { queued?: boolean } = {},
): Promise<ClassFixture> {
  const db = t.ctx.db;
  const now = t.clock.now();
  const queued = options.queued ?? true; // a server with a sandbox would grade queued ones itself
  const names = ["ann", "ben", "cat", "dan", "eve", "fay"] as const;
  const users = {} as ClassFixture["users"];
  for (const n of names) {
    users[n] = await insertStudent(db, n, now - 30 * DAY, `${n[0]!.toUpperCase()}${n.slice(1)} Student`);
    await enroll(db, sectionId, users[n], now - (n === "eve" ? 8 : 20) * DAY);
  }
  const t1 = await insertTaskRow(db, sectionId, "Week 1", now - 30 * DAY, {
    due_at: now - 3 * DAY,
    position: 0,
  });
  const t2 = await insertTaskRow(db, sectionId, "Week 2", now - 30 * DAY, { position: 1 });
  const t3 = await insertTaskRow(db, sectionId, "Draft", now - 30 * DAY, { published: 0, position: 2 });
  const p1 = await insertProblemRow(
    db,
    t1,
    "Sum",
    [
      { name: "a", points: 1 },
      { name: "b", points: 2 },
    ],
    now,
    0,
  );
  const p2 = await insertProblemRow(db, t1, "Max", [{ name: "c", points: 2 }], now, 1);
  const p3 = await insertProblemRow(db, t2, "Loops", [{ name: "d", points: 5 }], now, 0);
  const p4 = await insertProblemRow(db, t3, "Hidden draft", [{ name: "e", points: 4 }], now, 0);
  const [a, b] = p1.testIds as [number, number];
  const [c] = p2.testIds as [number];
  const [d] = p3.testIds as [number];
  const [e] = p4.testIds as [number];
  const T = (id: number, points: number, status: Outcome) => ({ id, points, status });
  const sub = (
    problemId: number,
    user: number,
    at: number,
    extra: Parameters<typeof insertSubmission>[1] extends infer S ? Partial<S> : never,
  ) => insertSubmission(db, { problemId, userId: user, at, ...extra });

  await sub(p1.id, users.ann, now - 2 * 3_600_000, { tests: [T(a, 1, "pass"), T(b, 2, "pass")] });
  await sub(p2.id, users.ann, now - 3_600_000, { tests: [T(c, 2, "pass")] });
  await sub(p3.id, users.ann, now - 1_800_000, { tests: [T(d, 5, "pass")] });
  await sub(p4.id, users.ann, now - 1_700_000, { tests: [T(e, 4, "pass")] });

  await sub(p1.id, users.ben, now - 12 * DAY, { tests: [T(a, 1, "pass"), T(b, 2, "fail")] });
  await sub(p1.id, users.ben, now - 11 * DAY, { tests: [T(a, 1, "pass"), T(b, 2, "pass")] });
  await sub(p2.id, users.ben, now - 10 * DAY, { tests: [T(c, 2, "fail")] });

  await sub(p1.id, users.cat, now - 2 * DAY - 3_600_000, {
    tests: [T(a, 1, "pass"), T(b, 2, "fail")],
    override: 2,
  });
  if (queued) await sub(p3.id, users.cat, now - 2 * DAY, { status: "queued" });

  await sub(p1.id, users.fay, now - DAY, { tests: [T(a, 1, "pass"), T(b, 2, "timeout")] });

  if (queued) await sub(p2.id, users.dan, now - 600_000, { status: "queued" });

  // The other section: one student, one problem, solved.
  const zed = await insertStudent(db, "zed", now - 30 * DAY, "Zed Student");
  await enroll(db, otherSectionId, zed, now - 20 * DAY);
  const ot = await insertTaskRow(db, otherSectionId, "Only task", now - 30 * DAY);
  const op = await insertProblemRow(db, ot, "Only problem", [{ name: "z", points: 4 }], now);
  await sub(op.id, zed, now - DAY, { tests: [T(op.testIds[0]!, 4, "pass")] });

  return {
    sectionId,
    otherSectionId,
    users,
    problems: { p1: p1.id, p2: p2.id, p3: p3.id, p4: p4.id },
    tests: { a, b, c, d },
    tasks: { t1, t2, t3 },
  };
}

/** What the live-update tests need of an app: its database, event bus and clock. */
type LiveApp = { ctx: { db: Db; events: EventBus }; clock: { now(): number } };

/**
 * Announces a graded P3 (Week 2) submission on the app's event bus, as the grading queue does when it
 * has written the score; `sectionId` is the fixture's section unless given.
 */
export function announceGradedP3(
  t: LiveApp,
  f: ClassFixture,
  submissionId: number,
  userId: number,
  sectionId = f.sectionId,
): void {
  t.ctx.events.emit("submission:graded", {
    submissionId,
    problemId: f.problems.p3,
    taskId: f.tasks.t2,
    sectionId,
    userId,
  });
}

/** A graded submission to P3 (its one 5-point test passed or failed) made now, and announced. */
export async function gradeP3(t: LiveApp, f: ClassFixture, userId: number, test: "pass" | "fail") {
  const id = await insertSubmission(t.ctx.db, {
    problemId: f.problems.p3,
    userId,
    at: t.clock.now(),
    tests: [{ id: f.tests.d, points: 5, status: test }],
  });
  announceGradedP3(t, f, id, userId);
  return id;
}

/** A client logged in as a fixture student (their password is STRONG). */
export async function loginAs(client: Client, username: string): Promise<Client> {
  const res = await login(client, username);
  if (res.status !== 303) throw new Error(`login as ${username} failed: ${res.status}`);
  return client;
}
