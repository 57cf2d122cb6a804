// AI benchmark, over real HTTP against the app served in this process and the local
// OpenAI-compatible test server (tests/integration/ai/provider.ts) answering after a fixed 200 ms:
//   overhead: 60 "AI Analysis" requests one after another (different code each, so none comes from
//             the cache), each timed from Slate's POST to the end of its stream, minus the 200 ms;
//   stream first chunk: 60 tutor questions, timed to the first piece of the reply, minus the 200 ms;
//   concurrent60: 60 students asking the tutor at once with SLATE_AI_MAX_CONCURRENT=8: requests
//             that did not end in a reply.
// Beside them, the naive way: the openai SDK called directly against the same server. Prints
// figures; asserts nothing. The last line is the one the issue asks for.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import pino from "pino";
import { createApp } from "../src/app.tsx";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { saveSectionAi } from "../src/features/ai/switches.ts";
import { randomToken, sha256 } from "../src/lib/tokens.ts";
import { insertEnrollment, insertSection } from "../src/models/section.ts";
import { insertSession } from "../src/models/session.ts";
import { insertUser } from "../src/models/user.ts";
import { percentile } from "../src/sandbox/metrics.ts";
import { startTestProvider } from "../tests/integration/ai/provider.ts";

const PROVIDER_MS = 200;
const SEQUENTIAL = 60;
const WARM_UP = 5;
const STUDENTS = 60;

const provider = startTestProvider();
provider.fallback = () => ({
  text: ANALYSIS,
  delayMs: PROVIDER_MS,
  chunks: ["Think ", "about ", "the ", "loop."],
});
const ANALYSIS = JSON.stringify({
  time: "O(n)",
  space: "O(1)",
  explanation: "One loop over the input.",
  findings: [{ file: "main.py", line: 1, endLine: null, note: "the loop" }],
});

const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-ai-"));
const config = loadConfig({
  SLATE_DATA_DIR: dataDir,
  SLATE_SANDBOX: "false", // the playground's tutor runs no leak guard: the figures are the AI path's own
  SLATE_LOG_LEVEL: "silent",
  SLATE_AI_BASE_URL: provider.url,
  SLATE_AI_MODEL: "bench-model",
  SLATE_AI_MAX_CONCURRENT: "8",
  SLATE_AI_RETRIES: "0",
  SLATE_AI_DAILY_LIMIT: "10000000",
});
const ctx = createContext(config, pino({ level: "silent" }));
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createApp(ctx).fetch, idleTimeout: 60 });
const base = `http://127.0.0.1:${server.port}`;
const round = (n: number) => Math.round(n);

async function finish(code: number): Promise<never> {
  server.stop(true);
  await provider.stop();
  ctx.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

/** Students of one section with both AI features on, each with a live session. */
async function students(count: number): Promise<string[]> {
  const now = Date.now();
  const teacher = await insertUser(ctx.db, {
    username: "admin",
    display_name: "Admin", // an admin exists, so the first-run gate lets requests through
    email: null,
    password_hash: "not-a-hash",
    role: "admin",
    created_at: now,
  });
  const section = await insertSection(
    ctx.db,
    { name: "Bench", enroll_code: randomToken(8), created_by: teacher.id, created_at: now, updated_at: now },
    teacher.id,
    now,
  );
  await saveSectionAi(ctx.db, section.id, { tutor: true, complexity: true, dailyLimit: 10000 }, now);
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await insertUser(ctx.db, {
      username: `student${i}`,
      display_name: `Student ${i}`,
      email: null,
      password_hash: "not-a-hash",
      role: "student",
      created_at: now,
    });
    await insertEnrollment(ctx.db, section.id, user.id, now);
    const token = randomToken();
    await insertSession(ctx.db, { idHash: sha256(token), userId: user.id, now, expiresAt: now + 86_400_000 });
    cookies.push(`slate_session=${token}`);
  }
  return cookies;
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

const cookies = await students(STUDENTS);
const one = cookies[0]!;

// Warm-up: the SDK client, prepared statements, JIT.
for (let i = 0; i < WARM_UP; i++) {
  await ask(one, "/ai/playground/complexity", form(`warm = ${i}\n`));
  await ask(one, "/ai/playground/tutor", form("x = 1\n", "warm up?"));
}

const overhead: number[] = [];
for (let i = 0; i < SEQUENTIAL; i++) {
  const r = await ask(
    one,
    "/ai/playground/complexity",
    form(`total = 0\nfor i in range(${i}):\n    total += i\n`),
  );
  if (!r.ok) throw new Error("an analysis failed");
  overhead.push(r.total - PROVIDER_MS);
}
const firstChunk: number[] = [];
for (let i = 0; i < SEQUENTIAL; i++) {
  const r = await ask(one, "/ai/playground/tutor", form(`print(${i})\n`, `Why does it print ${i}?`));
  if (!r.ok) throw new Error("a tutor reply failed");
  firstChunk.push(r.first - PROVIDER_MS);
}

const concurrentStart = performance.now();
const all = await Promise.all(
  cookies.map((c, i) => ask(c, "/ai/playground/tutor", form(`y = ${i}\n`, "What is y?"))),
);
const concurrentMs = performance.now() - concurrentStart;
const errors = all.filter((r) => !r.ok).length;

// The naive baseline: the SDK called directly, no queue, no limits, no records, no HTTP in front.
const sdk = new OpenAI({ baseURL: provider.url, apiKey: "bench", maxRetries: 0 });
const naive: number[] = [];
const naiveFirst: number[] = [];
for (let i = 0; i < SEQUENTIAL; i++) {
  const started = performance.now();
  await sdk.chat.completions.create({ model: "bench-model", messages: [{ role: "user", content: `n${i}` }] });
  naive.push(performance.now() - started - PROVIDER_MS);
  const s2 = performance.now();
  const stream = await sdk.chat.completions.create({
    model: "bench-model",
    messages: [{ role: "user", content: `s${i}` }],
    stream: true,
  });
  let got = 0;
  for await (const chunk of stream) {
    if (!got && chunk.choices[0]?.delta?.content) got = performance.now() - s2 - PROVIDER_MS;
  }
  naiveFirst.push(got);
}

const p50 = (v: number[]) => round(percentile(v, 50));
const p95 = (v: number[]) => round(percentile(v, 95));
console.log(
  `provider answers after ${PROVIDER_MS} ms; ${SEQUENTIAL} sequential requests each; max concurrent 8`,
);
console.log(
  `slate  analysis overhead p50=${p50(overhead)} ms p95=${p95(overhead)} ms | tutor first chunk overhead p50=${p50(firstChunk)} ms p95=${p95(firstChunk)} ms`,
);
console.log(
  `naive  sdk direct overhead p50=${p50(naive)} ms p95=${p95(naive)} ms | sdk stream first chunk overhead p50=${p50(naiveFirst)} ms`,
);
console.log(
  `concurrent60: ${STUDENTS} students at once in ${round(concurrentMs)} ms (ideal ${Math.ceil(STUDENTS / 8) * PROVIDER_MS} ms), provider saw at most ${provider.maxInFlight} at once`,
);
console.log(
  `ai overhead_p50_ms=${p50(overhead)} stream_first_chunk_overhead_ms=${p50(firstChunk)} concurrent60_errors=${errors}`,
);
await finish(0);
