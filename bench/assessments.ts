// Assessment benchmark: a real Slate server (src/main.ts on loopback), a section of 60 students and a
// 20-question assessment (multiple choice, true/false, short answer, numerical, matching, an essay).
//   save:    every student saves one answer every second for BENCH_LOAD_SECONDS (default 20), on a
//            fixed schedule (open loop; latency counted from the scheduled send time)
//   submit:  then all 60 submit in the same instant (each grades 20 items in one transaction)
//   results: then the teacher's results page with the item analysis (median of 5 after the first)
// Beside them, in the same run, naive versions of the two heavy paths, timed in-process on the same
// data: submit grading with one autocommitted UPDATE per item, and item analysis with one query per
// attempt and one per item's question version (N+1). Prints figures, asserts nothing.
// Last line: assessments students=60 questions=20 save_p99_ms=N submit_p99_ms=N results_ms=N errors=N
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/connection.ts";
import { addSlot, createAssessment } from "../src/features/assessments/authoring.ts";
import { createBank, importItems } from "../src/features/assessments/banks.ts";
import { parseGift } from "../src/features/assessments/formats/gift.ts";
import { gradeResponse, type Response, responseLabel } from "../src/features/assessments/grading.ts";
import { analyseItems } from "../src/features/assessments/item-analysis.ts";
import { questionOf } from "../src/features/assessments/question.ts";
import { hashPassword } from "../src/lib/passwords.ts";
import { randomToken, sha256 } from "../src/lib/tokens.ts";
import { percentile } from "../src/sandbox/metrics.ts";

const STUDENTS = 60;
const QUESTIONS = 20;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const root = join(import.meta.dir, "..");
const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-assessments-"));
const log = (line: string) => console.log(line);

// ---------- seed ----------
const config = loadConfig({ SLATE_DATA_DIR: dataDir, SLATE_SANDBOX: "false", SLATE_LOG_LEVEL: "silent" });
const ctx = createContext(config, pino({ level: "silent" }));
const sqlite = ctx.sqlite;
const now = Date.now();
const hash = await hashPassword(randomToken(12));
const insertUser = sqlite.query<{ id: number }, [string, string, string, string]>(
  "INSERT INTO users (username, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, 0) RETURNING id",
);
insertUser.get("admin", "Admin", hash, "admin");
const teacherId = insertUser.get("teacher", "Teacher", hash, "teacher")!.id;
const sectionId = sqlite
  .query<{ id: number }, [number, number, number]>(
    "INSERT INTO sections (name, term, enroll_code, created_by, created_at, updated_at) VALUES ('Bench quiz', 'Bench', 'benchquiz1', ?, ?, ?) RETURNING id",
  )
  .get(teacherId, now, now)!.id;
sqlite
  .query("INSERT INTO section_teachers (section_id, user_id, role, added_at) VALUES (?, ?, 'owner', ?)")
  .run(sectionId, teacherId, now);
const studentIds: number[] = [];
for (let i = 1; i <= STUDENTS; i++) {
  const id = insertUser.get(`q${i}`, `Student ${i}`, hash, "student")!.id;
  sqlite
    .query("INSERT INTO enrollments (section_id, user_id, enrolled_at) VALUES (?, ?, ?)")
    .run(sectionId, id, now);
  studentIds.push(id);
}

const gift = Array.from({ length: QUESTIONS }, (_, i) => {
  const n = i + 1;
  if (n % 10 === 0) return `::Q${n}::Explain idea ${n}.{}`;
  if (n % 7 === 0) return `::Q${n}::Match ${n}.{=a -> 1 =b -> 2 =c -> 3}`;
  if (n % 5 === 0) return `::Q${n}::Number ${n}?{#${n}:0.5}`;
  if (n % 4 === 0) return `::Q${n}::Keyword ${n}?{=def =%50%define}`;
  if (n % 3 === 0) return `::Q${n}::Statement ${n}.{T}`;
  return `::Q${n}::Pick for ${n}.{=right#yes ~wrong one#no ~%-25%costly ~another}`;
}).join("\n\n");
const bankId = await createBank(ctx.db, teacherId, "Bench bank", now);
const rootCategory = sqlite
  .query<{ id: number }, [number]>("SELECT id FROM question_categories WHERE bank_id = ?")
  .get(bankId)!.id;
await importItems(
  ctx.db,
  bankId,
  rootCategory,
  parseGift(gift).items.map((i) => i.item),
  teacherId,
  now,
);
const form = {
  title: "Bench quiz",
  instructions: "",
  opens_at: null,
  closes_at: null,
  time_limit_min: null,
  password: "",
  max_attempts: null,
  grading_method: "highest",
  delivery: "all",
  sequential: false,
  shuffle_questions: true,
  shuffle_answers: true,
  published: true,
  practice_after_close: false,
} as const;
const assessmentId = await createAssessment(ctx.db, ctx.secret, sectionId, form as never, teacherId, now);
const partId = sqlite
  .query<{ id: number }, [number]>("SELECT id FROM assessment_parts WHERE assessment_id = ?")
  .get(assessmentId)!.id;
for (const q of sqlite
  .query<{ id: number }, [number]>("SELECT id FROM questions WHERE bank_id = ? ORDER BY id")
  .all(bankId)) {
  await addSlot(ctx.db, assessmentId, partId, { questionId: q.id, categoryId: null, count: 1, mark: null });
}

const addSession = sqlite.query(
  "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
);
function cookieFor(userId: number): string {
  const token = randomToken();
  addSession.run(sha256(token), userId, now, now, now + 86_400_000);
  return `slate_session=${token}`;
}
const studentCookies = studentIds.map(cookieFor);
const teacherCookie = cookieFor(teacherId);
sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
sqlite.close();
log(`seeded: ${STUDENTS} students, ${QUESTIONS} questions, assessment ${assessmentId}`);

// ---------- the real server ----------
const port = 21000 + Math.floor(Math.random() * 20000);
const server = Bun.spawn([process.execPath, "src/main.ts"], {
  cwd: root,
  env: {
    PATH: process.env.PATH ?? "",
    SLATE_DATA_DIR: dataDir,
    SLATE_PORT: String(port),
    SLATE_HOST: "127.0.0.1",
    SLATE_SANDBOX: "false",
    SLATE_LOG_LEVEL: "warn",
  },
  stdout: "inherit",
  stderr: "inherit",
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 150) throw new Error("the server did not start");
  await Bun.sleep(100);
}

let errors = 0;
const post = (path: string, cookie: string, body: URLSearchParams) =>
  fetch(`${base}${path}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
  });

// Every student starts and loads the attempt page (what a browser does); the item ids come from its form.
interface Taker {
  cookie: string;
  attempt: number;
  fields: { name: string; values: string[] }[];
}
const takers: Taker[] = await Promise.all(
  studentCookies.map(async (cookie) => {
    const started = await post(`/assessments/${assessmentId}/start`, cookie, new URLSearchParams());
    const attempt = Number(started.headers.get("location")?.split("/").pop());
    const html = await (await fetch(`${base}/attempts/${attempt}`, { headers: { cookie } })).text();
    // name -> the values its inputs (radio, checkbox) or menu options offer; empty for typed answers.
    const fields = new Map<string, string[]>();
    for (const m of html.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const name = /name="(q\d+(?:_\d+)?)"/.exec(m[2]!)?.[1];
      if (!name) continue;
      const list = fields.get(name) ?? [];
      const value = /value="([^"]*)"/.exec(m[2]!)?.[1];
      const type = /type="([^"]*)"/.exec(m[2]!)?.[1];
      if (m[1] === "input" && (type === "radio" || type === "checkbox") && value !== undefined)
        list.push(value);
      if (m[1] === "select") {
        const menu = html.slice(m.index!, html.indexOf("</select>", m.index));
        for (const o of menu.matchAll(/<option value="(\d+)"/g)) list.push(o[1]!);
      }
      fields.set(name, list);
    }
    return { cookie, attempt, fields: [...fields].map(([name, values]) => ({ name, values })) };
  }),
);
if (takers.some((t) => !Number.isFinite(t.attempt) || t.fields.length < QUESTIONS))
  throw new Error("an attempt did not start");
log(`started: ${takers.length} attempts, ${takers[0]!.fields.length} answer fields each`);

// ---------- save: one answer per student per second ----------
// Two seconds of the same load first, not counted: connections open and the server's code warms up.
const WARMUP_SECONDS = 2;
const saveMs: number[] = [];
const t0 = performance.now() + 200;
const sends: Promise<void>[] = [];
for (const [k, taker] of takers.entries()) {
  for (let s = 0; s < LOAD_SECONDS + WARMUP_SECONDS; s++) {
    const at = t0 + s * 1000 + (k * 1000) / STUDENTS; // spread evenly within each second
    sends.push(
      (async () => {
        await Bun.sleep(Math.max(0, at - performance.now()));
        const field = taker.fields[s % taker.fields.length]!;
        const value =
          field.values.length > 0
            ? field.values[Math.floor(Math.random() * field.values.length)]!
            : Math.random() < 0.5
              ? "def"
              : "12";
        const body = new URLSearchParams({ [field.name]: value });
        const res = await post(`/attempts/${taker.attempt}/save`, taker.cookie, body);
        await res.arrayBuffer();
        if (res.status !== 200) {
          errors++;
          if (errors <= 3) log(`save refused: ${res.status} ${field.name}=${value}`);
        }
        if (s >= WARMUP_SECONDS) saveMs.push(performance.now() - at);
        if (process.env.BENCH_DEBUG && performance.now() - at > 100)
          log(`slow save at ${Math.round(at - t0)} ms: ${Math.round(performance.now() - at)} ms`);
      })(),
    );
  }
}
await Promise.all(sends);

// ---------- submit: all at once ----------
const submitMs: number[] = [];
const go = performance.now();
await Promise.all(
  takers.map(async (taker) => {
    const res = await post(`/attempts/${taker.attempt}/submit`, taker.cookie, new URLSearchParams());
    await res.arrayBuffer();
    if (res.status !== 303) errors++;
    submitMs.push(performance.now() - go);
  }),
);

// ---------- the teacher's results with the item analysis ----------
async function resultsOnce(): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${base}/assessments/${assessmentId}/results?tab=items`, {
    headers: { cookie: teacherCookie },
  });
  const html = await res.text();
  if (res.status !== 200 || !html.includes("Facility")) errors++;
  return performance.now() - start;
}
const firstResults = await resultsOnce();
const runs: number[] = [];
for (let i = 0; i < 5; i++) runs.push(await resultsOnce());
const resultsMs = runs.sort((a, b) => a - b)[2]!;
server.kill("SIGTERM");
await server.exited;

// ---------- naive baselines, in-process on the same data ----------
const { openSqlite } = await import("../src/db/connection.ts");
const raw = openSqlite(join(dataDir, "slate.db"));
const db = createDb(raw);
const attemptIds = takers.map((t) => t.attempt);

async function ourAnalysis() {
  const { itemAnalysis } = await import("../src/features/assessments/results.ts");
  const a = (await db
    .selectFrom("assessments")
    .selectAll()
    .where("id", "=", assessmentId)
    .executeTakeFirst())!;
  return itemAnalysis(db, a);
}
async function naiveAnalysis() {
  // One query per attempt for its items, one per item for its question version.
  const items = [];
  const totals = [];
  for (const id of attemptIds) {
    const attempt = (await db
      .selectFrom("assessment_attempts")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst())!;
    totals.push({ attemptId: id, score: attempt.score ?? 0 });
    for (const it of await db
      .selectFrom("attempt_items")
      .selectAll()
      .where("attempt_id", "=", id)
      .execute()) {
      const v = (await db
        .selectFrom("question_versions")
        .selectAll()
        .where("id", "=", it.version_id)
        .executeTakeFirst())!;
      const q = questionOf(v);
      items.push({
        attemptId: id,
        questionId: it.question_id,
        fraction: it.fraction,
        score: it.score ?? 0,
        label: responseLabel(q, it.response ? (JSON.parse(it.response) as Response) : null),
      });
    }
  }
  return analyseItems(items, totals);
}
async function timeIt(fn: () => Promise<unknown>, runs = 10): Promise<number> {
  await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - start) / runs;
}
const oursAnalysisMs = await timeIt(ourAnalysis);
const naiveAnalysisMs = await timeIt(naiveAnalysis);

/**
 * Writes one attempt's grades as the submit does (one UPDATE ... FROM VALUES for all items, in a
 * transaction), or naively (one autocommitted UPDATE per item). Both through Kysely, both grading.
 */
async function regradeItems(id: number, oneStatement: boolean) {
  const rows = await db
    .selectFrom("attempt_items as i")
    .innerJoin("question_versions as v", "v.id", "i.version_id")
    .selectAll("v")
    .select(["i.id as item_id", "i.response", "i.max_mark"])
    .where("i.attempt_id", "=", id)
    .execute();
  const graded = rows.map((r) => {
    const f = gradeResponse(questionOf(r), r.response ? (JSON.parse(r.response) as Response) : null);
    return { id: r.item_id, fraction: f, score: f === null ? null : f * r.max_mark };
  });
  if (oneStatement) {
    const values = sql.join(graded.map((g) => sql`(${g.id}, ${g.fraction}, ${g.score})`));
    await db
      .transaction()
      .execute((tx) =>
        sql`UPDATE attempt_items SET fraction = v.column2, score = v.column3 FROM (VALUES ${values}) AS v WHERE attempt_items.id = v.column1`.execute(
          tx,
        ),
      );
  } else {
    for (const g of graded) {
      await db
        .updateTable("attempt_items")
        .set({ fraction: g.fraction, score: g.score })
        .where("id", "=", g.id)
        .execute();
    }
  }
}
const oursSubmitMs = await timeIt(async () => {
  for (const id of attemptIds) await regradeItems(id, true);
}, 3);
const naiveSubmitMs = await timeIt(async () => {
  for (const id of attemptIds) await regradeItems(id, false);
}, 3);
raw.close();
rmSync(dataDir, { recursive: true, force: true });

log(
  `save: ${saveMs.length} saves, p50 ${percentile(saveMs, 50).toFixed(1)} ms, p99 ${percentile(saveMs, 99).toFixed(1)} ms`,
);
log(
  `submit: ${submitMs.length} at once, p50 ${percentile(submitMs, 50).toFixed(1)} ms, p99 ${percentile(submitMs, 99).toFixed(1)} ms`,
);
log(
  `results with item analysis: first ${firstResults.toFixed(1)} ms, median of 5 ${resultsMs.toFixed(1)} ms`,
);
log(
  `item analysis data, ${STUDENTS} attempts: aggregated 3 queries ${oursAnalysisMs.toFixed(2)} ms | naive N+1 (${STUDENTS * (QUESTIONS + 1)} queries) ${naiveAnalysisMs.toFixed(2)} ms`,
);
log(
  `grading ${STUDENTS} submissions x ${QUESTIONS} items: one statement each ${oursSubmitMs.toFixed(1)} ms | naive UPDATE per item ${naiveSubmitMs.toFixed(1)} ms`,
);
log(
  `assessments students=${STUDENTS} questions=${QUESTIONS} save_p99_ms=${Math.round(percentile(saveMs, 99))} submit_p99_ms=${Math.round(percentile(submitMs, 99))} results_ms=${Math.round(resultsMs)} errors=${errors}`,
);
