// AI benchmark. Three processes, as in a school: the AI provider (bench/ai-provider.ts, the local
// OpenAI-compatible test server answering after a fixed 200 ms), Slate (src/main.ts, as deployed,
// with a seeded database) and this one, which plays the students' browsers and the naive baseline.
//   overhead: 60 "AI Analysis" requests one after another (different code each, so none comes from
//             the cache), each timed from Slate's POST to the end of its stream, minus the 200 ms;
//   stream first chunk: 60 tutor questions, timed to the first piece of the reply, minus the 200 ms;
//   concurrent60: 60 students asking the tutor at once with SLATE_AI_MAX_CONCURRENT=8: requests
//             that did not end in a reply.
// The naive way beside them: the openai SDK called directly against the same provider process,
// with the same warm-up, the same number of samples, taken in turns with Slate's (so a load spike
// from other work on the machine hits both alike), and 60 at once through 8 slots.
// CPU ms per request (Slate's process; this process for the SDK) do not swing with the load the
// way wall times do as much; compare them within one run. BENCH_SLATE_ARGS passes options to
// Slate's bun (e.g. "--cpu-prof-md --cpu-prof-dir=/tmp/prof" profiles it).
// Prints figures; asserts nothing. The last line is the one the issue asks for.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import pino from "pino";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { saveSectionAi, saveTaskAi } from "../src/features/ai/switches.ts";
import { randomToken, sha256 } from "../src/lib/tokens.ts";
import { insertEnrollment, insertSection } from "../src/models/section.ts";
import { insertSession } from "../src/models/session.ts";
import { insertTask } from "../src/models/task.ts";
import { insertUser } from "../src/models/user.ts";
import { percentile } from "../src/sandbox/metrics.ts";

const PROVIDER_MS = 200;
const SEQUENTIAL = 60;
const WARM_UP = 5;
const STUDENTS = 60;
const MAX_CONCURRENT = 8;
const SECTIONS = 3; // every student is in 3 sections: the playground checks each one's switches
const TASKS_PER_SECTION = 30; // ...and its open tasks (a few had the AI off, for an exam now over)
const OLD_USAGE_ROWS = 20_000; // earlier days' requests: the daily limits count today's only
const DAY = 86_400_000;

const children: Bun.Subprocess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-ai-"));
process.on("exit", () => {
  for (const child of children) child.kill(); // also when the benchmark fails
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

function finish(code: number): never {
  for (const child of children) child.kill();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

/** The first line a child prints that contains `marker`; the rest of its output is drained. */
async function lineWith(child: Bun.Subprocess<"ignore", "pipe", "inherit">, marker: string): Promise<string> {
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const line = text.split("\n").find((l, i, all) => i < all.length - 1 && l.includes(marker));
    if (line) {
      reader.releaseLock();
      void child.stdout.pipeTo(new WritableStream());
      return line;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error(`a benchmark process ended before it printed ${marker}`);
    text += decoder.decode(value, { stream: true });
  }
}

async function startProvider(): Promise<{ url: string; control: string }> {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "ai-provider.ts")], {
    env: { ...process.env, BENCH_PROVIDER_MS: String(PROVIDER_MS) },
    stdout: "pipe",
    stderr: "inherit",
  });
  children.push(child);
  return JSON.parse(await lineWith(child, '"control"'));
}

const provider = await startProvider();

function slateEnv(): Record<string, string> {
  return {
    SLATE_DATA_DIR: dataDir,
    SLATE_SANDBOX: "false", // the playground's tutor runs no leak guard: the figures are the AI path's own
    SLATE_LOG_LEVEL: "info", // as deployed: one line per request
    SLATE_HOST: "127.0.0.1",
    SLATE_AI_BASE_URL: provider.url,
    SLATE_AI_MODEL: "bench-model",
    SLATE_AI_MAX_CONCURRENT: String(MAX_CONCURRENT),
    SLATE_AI_RETRIES: "0",
    SLATE_AI_DAILY_LIMIT: "10000000",
  };
}

/** The database a school has after a few weeks; one session per student. */
async function seed(): Promise<string[]> {
  const ctx = createContext(loadConfig(slateEnv()), pino({ level: "silent" }));
  const now = Date.now();
  const admin = await insertUser(ctx.db, {
    username: "admin",
    display_name: "Admin", // an admin exists, so the first-run gate lets requests through
    email: null,
    password_hash: "not-a-hash",
    role: "admin",
    created_at: now,
  });
  const sections: number[] = [];
  for (let s = 0; s < SECTIONS; s++) {
    const section = await insertSection(
      ctx.db,
      {
        name: `Bench ${s}`,
        enroll_code: randomToken(8),
        created_by: admin.id,
        created_at: now,
        updated_at: now,
      },
      admin.id,
      now,
    );
    await saveSectionAi(ctx.db, section.id, { tutor: true, complexity: true, dailyLimit: 10000 }, now);
    for (let t = 0; t < TASKS_PER_SECTION; t++) {
      const task = await insertTask(ctx.db, {
        section_id: section.id,
        title: `Task ${t}`,
        published: 1,
        starts_at: now - 30 * DAY + t * DAY,
        due_at: now - 29 * DAY + t * DAY + (t >= TASKS_PER_SECTION - 10 ? 30 * DAY : 0),
        position: t,
        created_at: now,
        updated_at: now,
      });
      if (t % 6 === 0 && t < TASKS_PER_SECTION - 10)
        await saveTaskAi(ctx.db, task.id, { tutor: false, complexity: false }, now);
    }
    sections.push(section.id);
  }
  const cookies: string[] = [];
  const ids: number[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const user = await insertUser(ctx.db, {
      username: `student${i}`,
      display_name: `Student ${i}`,
      email: null,
      password_hash: "not-a-hash",
      role: "student",
      created_at: now,
    });
    ids.push(user.id);
    for (const id of sections) await insertEnrollment(ctx.db, id, user.id, now);
    const token = randomToken();
    await insertSession(ctx.db, { idHash: sha256(token), userId: user.id, now, expiresAt: now + DAY });
    cookies.push(`slate_session=${token}`);
  }
  const insert = ctx.sqlite.query(
    `INSERT INTO ai_usage (user_id, feature, section_id, model, day, outcome, created_at)
     VALUES (?, 'tutor', ?, 'bench-model', ?, 'ok', ?)`,
  );
  ctx.sqlite.transaction(() => {
    for (let i = 0; i < OLD_USAGE_ROWS; i++) {
      const at = now - (1 + (i % 14)) * DAY;
      insert.run(ids[i % STUDENTS]!, sections[0]!, new Date(at).toISOString().slice(0, 10), at);
    }
  })();
  ctx.sqlite.close();
  return cookies;
}

const cookies = await seed();
const port = await freePort();
const slate = Bun.spawn(
  [
    process.execPath,
    ...(process.env.BENCH_SLATE_ARGS?.split(" ") ?? []),
    join(import.meta.dir, "..", "src", "main.ts"),
  ],
  {
    env: { ...process.env, ...slateEnv(), SLATE_PORT: String(port) },
    stdout: "pipe",
    stderr: "inherit",
  },
);
children.push(slate);
await lineWith(slate, "Slate is listening");
const base = `http://127.0.0.1:${port}`;

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const p = probe.port;
  await probe.stop(true);
  return p!;
}

/** CPU ms (user + system) Slate's process has used so far. */
function slateCpuMs(): number {
  const fields = readFileSync(`/proc/${slate.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function form(code: string, question?: string): URLSearchParams {
  const body = new URLSearchParams({ "names[]": "main.py", "contents[]": code, main: "main.py" });
  if (question) body.set("question", question);
  return body;
}

/** Posts like the page script; ms to the first reply text and to the end; whether it ended in an answer. */
async function ask(
  cookie: string,
  path: string,
  body: URLSearchParams,
): Promise<{ first: number; total: number; ok: boolean }> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie,
      origin: base,
      accept: "text/event-stream",
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  });
  if (!res.ok || !res.body) return { first: 0, total: performance.now() - started, ok: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let first = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (!first && /event: (delta|result)\n/.test(text)) first = performance.now() - started;
  }
  const ok = /event: (done|result)\n/.test(text) && !/event: error\n/.test(text);
  return { first, total: performance.now() - started, ok };
}

// The naive baseline: the SDK called directly, no queue, no limits, no records, no HTTP in front.
const sdk = new OpenAI({ baseURL: provider.url, apiKey: "bench", maxRetries: 0 });

async function naiveComplete(i: number): Promise<number> {
  const started = performance.now();
  await sdk.chat.completions.create({ model: "bench-model", messages: [{ role: "user", content: `n${i}` }] });
  return performance.now() - started;
}

async function naiveFirstChunk(i: number): Promise<{ first: number; total: number }> {
  const started = performance.now();
  const stream = await sdk.chat.completions.create({
    model: "bench-model",
    messages: [{ role: "user", content: `s${i}` }],
    stream: true,
  });
  let first = 0;
  for await (const chunk of stream) {
    if (!first && chunk.choices[0]?.delta?.content) first = performance.now() - started;
  }
  return { first, total: performance.now() - started };
}

// Background work of the processes before any request (timers, the scheduler, the LMS outbox).
const idleStart = { slate: slateCpuMs(), own: ownCpuMs() };
await Bun.sleep(2000);
const idle = { slate: (slateCpuMs() - idleStart.slate) / 2, own: (ownCpuMs() - idleStart.own) / 2 };

const one = cookies[0]!;
const analysisForm = (i: number) => form(`total = 0\nfor i in range(${i}):\n    total += i\n`);
const tutorForm = (i: number) => form(`print(${i})\n`, `Why does it print ${i}?`);

// Warm-up, the same for both: connections, prepared statements, JIT.
for (let i = 0; i < WARM_UP; i++) {
  await ask(one, "/ai/playground/complexity", analysisForm(-1 - i));
  await ask(one, "/ai/playground/tutor", tutorForm(-1 - i));
  await naiveComplete(-1 - i);
  await naiveFirstChunk(-1 - i);
}

const overhead: number[] = [];
const firstChunk: number[] = [];
const naive: number[] = [];
const naiveFirst: number[] = [];
let slateCpu = 0;
let naiveCpu = 0;
for (let i = 0; i < SEQUENTIAL; i++) {
  let cpu = slateCpuMs();
  const a = await ask(one, "/ai/playground/complexity", analysisForm(i));
  if (!a.ok) throw new Error("an analysis failed");
  overhead.push(a.total - PROVIDER_MS);
  const t = await ask(one, "/ai/playground/tutor", tutorForm(i));
  if (!t.ok) throw new Error("a tutor reply failed");
  firstChunk.push(t.first - PROVIDER_MS);
  slateCpu += slateCpuMs() - cpu;

  cpu = ownCpuMs();
  naive.push((await naiveComplete(i)) - PROVIDER_MS);
  naiveFirst.push((await naiveFirstChunk(i)).first - PROVIDER_MS);
  naiveCpu += ownCpuMs() - cpu;
}

async function maxInFlight(): Promise<number> {
  return ((await (await fetch(`${provider.control}/stats`)).json()) as { maxInFlight: number }).maxInFlight;
}

await fetch(`${provider.control}/reset`);
const concurrentStart = performance.now();
const all = await Promise.all(
  cookies.map((c, i) => ask(c, "/ai/playground/tutor", form(`y = ${i}\n`, "What is y?"))),
);
const concurrentMs = performance.now() - concurrentStart;
const errors = all.filter((r) => !r.ok).length;
const slateMaxInFlight = await maxInFlight();

// The same 60 at once, naive: the SDK behind a plain 8-slot queue.
await fetch(`${provider.control}/reset`);
let free = MAX_CONCURRENT;
const waiting: (() => void)[] = [];
const naiveStart = performance.now();
await Promise.all(
  cookies.map(async (_, i) => {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else free--;
    try {
      await naiveFirstChunk(1000 + i);
    } finally {
      const nextInLine = waiting.shift();
      if (nextInLine) nextInLine();
      else free++;
    }
  }),
);
const naiveConcurrentMs = performance.now() - naiveStart;
const naiveMaxInFlight = await maxInFlight();

const round = (n: number) => Math.round(n);
const p50 = (v: number[]) => round(percentile(v, 50));
const p95 = (v: number[]) => round(percentile(v, 95));
const perRequest = (ms: number) => (ms / (2 * SEQUENTIAL)).toFixed(1);
const ideal = Math.ceil(STUDENTS / MAX_CONCURRENT) * PROVIDER_MS;
console.log(
  `provider answers after ${PROVIDER_MS} ms (own process); ${SEQUENTIAL} sequential requests each, Slate's and the SDK's in turns; max concurrent ${MAX_CONCURRENT}`,
);
console.log(
  `slate  analysis overhead p50=${p50(overhead)} ms p95=${p95(overhead)} ms | tutor first chunk overhead p50=${p50(firstChunk)} ms p95=${p95(firstChunk)} ms | cpu ${perRequest(slateCpu)} ms/request`,
);
console.log(
  `naive  sdk direct overhead p50=${p50(naive)} ms p95=${p95(naive)} ms | sdk stream first chunk overhead p50=${p50(naiveFirst)} ms p95=${p95(naiveFirst)} ms | cpu ${perRequest(naiveCpu)} ms/request`,
);
console.log(
  `concurrent60: slate ${round(concurrentMs)} ms (provider saw at most ${slateMaxInFlight} at once), naive 8-slot queue ${round(naiveConcurrentMs)} ms (at most ${naiveMaxInFlight}), ideal ${ideal} ms`,
);
console.log(
  `idle cpu before the requests: slate ${round(idle.slate)} ms/s, this process ${round(idle.own)} ms/s`,
);
console.log(
  `ai overhead_p50_ms=${p50(overhead)} stream_first_chunk_overhead_ms=${p50(firstChunk)} concurrent60_errors=${errors}`,
);
finish(0);
