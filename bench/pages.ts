// Page benchmark: a section of 100 students x 20 problems x ~5 submissions each, served by a real
// Slate server (src/main.ts, spawned on loopback) to logged-in clients.
//   class load:  open loop for 30 s on a fixed schedule: 60 students each request one of their pages
//                (dashboard, a task, a problem) every 2 s; 5 teachers the gradebook or the class
//                dashboard every 1 s. Latency is measured from the scheduled send time.
//   saturation:  the same page mix from 65 clients in a closed loop, no pause, for 10 s.
//   gradebook_queries: SQL statements one gradebook request runs (Kysely's log hook), for 10 and
//                for 100 students; beside it the naive gradebook (one query per student), timed.
// Prints figures; asserts nothing. Last line: pages p50_ms p99_ms errors saturation_rps gradebook_queries.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { assemble, type CellRow, loadSectionGrades, selectGradeProblems } from "../src/analytics/grades.ts";
import { createApp } from "../src/app.tsx";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/connection.ts";
import { hashPassword } from "../src/lib/passwords.ts";
import { randomToken, sha256 } from "../src/lib/tokens.ts";
import { selectRoster } from "../src/models/section.ts";
import { percentile } from "../src/sandbox/metrics.ts";
import { seedLargeClass } from "./_seed-class.ts";

const STUDENTS = 100;
const PROBLEMS = 20;
const PER_PROBLEM = 5;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const SATURATION_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? 10);
const STUDENT_CLIENTS = 60;
const TEACHER_CLIENTS = 5;

const root = join(import.meta.dir, "..");
const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-pages-"));
const log = (line: string) => console.log(line);

// ---------- seed ----------
const config = loadConfig({ SLATE_DATA_DIR: dataDir, SLATE_SANDBOX: "false", SLATE_LOG_LEVEL: "silent" });
const ctx = createContext(config, pino({ level: "silent" }));
const now = Date.now();
const hash = await hashPassword(randomToken(12));
const sqlite = ctx.sqlite;
const insertUser = sqlite.query<{ id: number }, [string, string, string, string]>(
  "INSERT INTO users (username, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, 0) RETURNING id",
);
insertUser.get("admin", "Admin", hash, "admin");
const teacherIds = Array.from(
  { length: TEACHER_CLIENTS },
  (_, i) => insertUser.get(`teacher${i + 1}`, `Teacher ${i + 1}`, hash, "teacher")!.id,
);
function section(name: string, code: string): number {
  const id = sqlite
    .query<{ id: number }, [string, string, number, number, number]>(
      "INSERT INTO sections (name, term, enroll_code, created_by, created_at, updated_at) VALUES (?, 'Bench', ?, ?, ?, ?) RETURNING id",
    )
    .get(name, code, teacherIds[0]!, now, now)!.id;
  for (const [i, t] of teacherIds.entries()) {
    sqlite
      .query("INSERT INTO section_teachers (section_id, user_id, role, added_at) VALUES (?, ?, ?, ?)")
      .run(id, t, i === 0 ? "owner" : "co", now);
  }
  return id;
}
const big = section("Bench 100", "benchbig01");
const small = section("Bench 10", "benchsmall");
const t0 = performance.now();
const seeded = seedLargeClass(sqlite, {
  sectionId: big,
  students: STUDENTS,
  problems: PROBLEMS,
  perProblem: PER_PROBLEM,
  now,
  passwordHash: hash,
  prefix: "b",
});
seedLargeClass(sqlite, {
  sectionId: small,
  students: 10,
  problems: PROBLEMS,
  perProblem: PER_PROBLEM,
  now,
  passwordHash: hash,
  prefix: "s",
});
log(
  `seeded: ${STUDENTS} students x ${PROBLEMS} problems, ${seeded.submissions} submissions in ${Math.round(performance.now() - t0)} ms`,
);

// Logged-in clients: a session row per user, exactly what /login creates.
const addSession = sqlite.query(
  "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
);
function cookieFor(userId: number): string {
  const token = randomToken();
  addSession.run(sha256(token), userId, now, now, now + 86_400_000);
  return `slate_session=${token}`;
}
const studentCookies = seeded.studentIds.slice(0, STUDENT_CLIENTS).map(cookieFor);
const teacherCookies = teacherIds.map(cookieFor);

// ---------- gradebook_queries, and the naive gradebook beside ours ----------
const statements: string[] = [];
ctx.db = createDb(sqlite, { onQuery: (s) => statements.push(s) });
const app = createApp(ctx);
async function countQueries(sectionId: number): Promise<number> {
  statements.length = 0;
  const res = await app.request(`http://127.0.0.1/sections/${sectionId}/gradebook`, {
    headers: { cookie: teacherCookies[0]! },
  });
  if (res.status !== 200) throw new Error(`gradebook answered ${res.status}`);
  await res.text();
  return statements.length;
}
await countQueries(small); // the first request of a process also checks once that setup is done
const q10 = await countQueries(small);
const q100 = await countQueries(big);
log(
  `gradebook_queries: ${q10} for 10 students, ${q100} for 100 students (session, access, problems, roster, cells, bell)`,
);

const quiet = createDb(sqlite);
async function naiveGradebook(sectionId: number) {
  // One query per student for their cells: what a straightforward loop over the roster does.
  const problems = await selectGradeProblems(quiet, sectionId, now);
  const roster = await selectRoster(quiet, sectionId);
  const cells: CellRow[] = [];
  for (const s of roster) {
    const rows = await quiet
      .selectFrom("submissions")
      .select((eb) => [
        "user_id",
        "problem_id",
        eb.fn.countAll<number>().as("attempts"),
        eb.fn.max(eb.fn.coalesce("override_score", "score")).as("best"),
        eb.fn.max("submitted_at").as("last_at"),
      ])
      .where("user_id", "=", s.id)
      .where("status", "=", "graded")
      .groupBy("problem_id")
      .execute();
    for (const r of rows) cells.push({ ...r, best: r.best === null ? null : Number(r.best), pending: 0 });
  }
  return { queries: 2 + roster.length, grades: assemble(problems, roster, cells) };
}
async function timeIt(fn: () => Promise<unknown>, runs = 60): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - start) / runs;
}
const naive = await naiveGradebook(big);
const naiveMs = await timeIt(() => naiveGradebook(big));
const oursMs = await timeIt(() => loadSectionGrades(quiet, big, now));
log(
  `gradebook data, 100 students: naive ${naive.queries} queries ${naiveMs.toFixed(2)} ms | aggregated 3 queries ${oursMs.toFixed(2)} ms`,
);
ctx.sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
ctx.sqlite.close();

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

const studentPages = [
  "/",
  ...seeded.taskIds.map((id) => `/tasks/${id}`),
  ...seeded.problemIds.map((id) => `/problems/${id}`),
];
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
/** A student's page: a third each dashboard, a task, a problem. */
function studentPath(): string {
  const r = Math.random();
  if (r < 1 / 3) return "/";
  if (r < 2 / 3) return `/tasks/${pick(seeded.taskIds)}`;
  return `/problems/${pick(seeded.problemIds)}`;
}
const teacherPath = () => (Math.random() < 0.5 ? `/sections/${big}/gradebook` : `/sections/${big}/dashboard`);

let errors = 0;
async function get(path: string, cookie: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
    const body = await res.text();
    if (res.status !== 200 || body.length < 200) {
      errors++;
      return false;
    }
    return true;
  } catch {
    errors++;
    return false;
  }
}

// warm-up: every page once
for (const p of studentPages) await get(p, studentCookies[0]!);
await get(`/sections/${big}/gradebook`, teacherCookies[0]!);
await get(`/sections/${big}/dashboard`, teacherCookies[0]!);
errors = 0;

// ---------- class load, open loop ----------
const latencies: number[] = [];
const perPage = new Map<string, number[]>();
const kindOf = (path: string) =>
  path === "/" ? "home" : path.split("/")[path.startsWith("/sections") ? 3 : 1]!;
async function scheduled(at: number, path: string, cookie: string) {
  const wait = at - performance.now();
  if (wait > 0) await Bun.sleep(wait);
  await get(path, cookie);
  const ms = performance.now() - at; // from the scheduled time: a late send counts as latency
  latencies.push(ms);
  const k = kindOf(path);
  perPage.set(k, [...(perPage.get(k) ?? []), ms]);
}
const loadStart = performance.now() + 100;
const jobs: Promise<void>[] = [];
for (let i = 0; i < STUDENT_CLIENTS; i++) {
  for (let at = (i / STUDENT_CLIENTS) * 2000; at < LOAD_SECONDS * 1000; at += 2000) {
    jobs.push(scheduled(loadStart + at, studentPath(), studentCookies[i]!));
  }
}
for (let j = 0; j < TEACHER_CLIENTS; j++) {
  for (let at = (j / TEACHER_CLIENTS) * 1000; at < LOAD_SECONDS * 1000; at += 1000) {
    jobs.push(scheduled(loadStart + at, teacherPath(), teacherCookies[j]!));
  }
}
await Promise.all(jobs);
const loadErrors = errors;
const p50 = percentile(latencies, 50);
const p99 = percentile(latencies, 99);
log(
  `class load (${LOAD_SECONDS} s open loop, ${latencies.length} requests): p50 ${p50} ms, p99 ${p99} ms, errors ${loadErrors}`,
);
for (const [k, v] of [...perPage].sort()) {
  log(
    `  ${k.padEnd(10)} n=${String(v.length).padStart(5)}  p50 ${percentile(v, 50)} ms  p99 ${percentile(v, 99)} ms`,
  );
}

// ---------- saturation, closed loop ----------
let done = 0;
const satEnd = performance.now() + SATURATION_SECONDS * 1000;
async function loop(teacher: boolean, cookie: string) {
  while (performance.now() < satEnd) {
    if (await get(teacher ? teacherPath() : studentPath(), cookie)) done++;
  }
}
await Promise.all([
  ...studentCookies.map((c) => loop(false, c)),
  ...teacherCookies.map((c) => loop(true, c)),
]);
const rps = Math.round(done / SATURATION_SECONDS);
log(
  `saturation (${STUDENT_CLIENTS + TEACHER_CLIENTS} clients, closed loop, ${SATURATION_SECONDS} s): ${rps} requests/s, errors ${errors - loadErrors}`,
);

server.kill("SIGTERM");
await server.exited;
rmSync(dataDir, { recursive: true, force: true });
console.log(
  `pages p50_ms=${Math.round(p50)} p99_ms=${Math.round(p99)} errors=${loadErrors} saturation_rps=${rps} gradebook_queries=${q100}`,
);
process.exit(0);
