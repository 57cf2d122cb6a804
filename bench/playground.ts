// Playground benchmark, over real HTTP against the app served in this process with a real sandbox:
//   http: 100 runs of print("hi"), each timed from the POST that starts it to its final SSE event
//         (the POST's own response is the event stream), after a short warm-up;
//   concurrent40: 40 students at once, each running a program that reads two input() lines, the
//         answers sent over the HTTP API as soon as each prompt arrives; time until all have finished.
// Beside them, the naive way: `docker run --rm` per run on the same image. Prints figures; asserts
// nothing. Pool size from SLATE_SANDBOX_* (else the app's defaults: 2 warm, at most 6).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "../src/app.tsx";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { randomToken, sha256 } from "../src/lib/tokens.ts";
import { insertSession } from "../src/models/session.ts";
import { insertUser } from "../src/models/user.ts";
import { percentile } from "../src/sandbox/metrics.ts";

const HTTP_RUNS = 100;
const WARM_UP = 15;
const STUDENTS = 40;
const DOCKER_RUNS = 5;

const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-playground-"));
const config = loadConfig({
  ...process.env,
  SLATE_DATA_DIR: dataDir,
  SLATE_SANDBOX: "true",
  SLATE_LOG_LEVEL: "silent",
  SLATE_RUNS_PER_MINUTE: "10000", // the benchmark is one user running 100+ programs in a minute
});
const ctx = createContext(config, pino({ level: "silent" }));
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createApp(ctx).fetch, idleTimeout: 30 });
const base = `http://127.0.0.1:${server.port}`;
const round = (n: number) => Math.round(n);

async function finish(code: number): Promise<never> {
  await ctx.sandbox?.stop();
  server.stop(true);
  ctx.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

/** A user with a live session, made directly in the database (logging in 41 times would test argon2). */
async function student(n: number): Promise<string> {
  const now = Date.now();
  const user = await insertUser(ctx.db, {
    username: `student${n}`,
    display_name: `Student ${n}`,
    email: null,
    password_hash: "not-a-hash",
    role: n === 0 ? "admin" : "student",
    created_at: now,
  });
  const token = randomToken();
  await insertSession(ctx.db, { idHash: sha256(token), userId: user.id, now, expiresAt: now + 86_400_000 });
  return `slate_session=${token}`;
}

interface RunOutcome {
  stdout: string;
  exit: { exitCode: number | null; error?: string } | null;
}

/** Starts a run and reads its stream to the end; `answer` may reply to what the program printed. */
async function run(
  cookie: string,
  code: string,
  answer?: (stdout: string, send: (line: string) => Promise<void>) => Promise<void>,
): Promise<RunOutcome> {
  const res = await fetch(`${base}/playground/runs`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", accept: "text/event-stream, application/json" },
    body: JSON.stringify({ files: [{ name: "main.py", content: code }], main: "main.py" }),
  });
  if (res.status !== 200 || !res.body)
    throw new Error(`POST /playground/runs: ${res.status} ${await res.text()}`);
  let id = "";
  const send = async (line: string) => {
    const r = await fetch(`${base}/playground/runs/${id}/stdin`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ text: `${line}\n` }),
    });
    if (r.status !== 204) throw new Error(`stdin: ${r.status}`);
  };
  const out: RunOutcome = { stdout: "", exit: null };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue;
      if (event === "run") id = JSON.parse(data).id;
      else if (event === "stdout") {
        out.stdout += JSON.parse(data);
        await answer?.(out.stdout, send);
      } else if (event === "exit") out.exit = JSON.parse(data);
    }
  }
  return out;
}

async function docker(...args: string[]): Promise<void> {
  const proc = Bun.spawn(["docker", ...args], { stdout: "ignore", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`docker ${args[0]} failed: ${err.trim()}`);
}

const sandbox = ctx.sandbox!;
console.log(`playground bench: sandbox min=${config.sandbox.min} max=${config.sandbox.max}; starting…`);
await sandbox.start();
const status = sandbox.status();
if (status.state !== "ready") {
  console.error(`the sandbox is not ready: ${status.reason}`);
  await finish(1);
}
const cookies = await Promise.all(Array.from({ length: STUDENTS + 1 }, (_, i) => student(i)));

// --- http: print("hi") from the starting request to the final event
const hi = cookies[0]!;
for (let i = 0; i < WARM_UP; i++) await run(hi, 'print("hi")');
const times: number[] = [];
let httpErrors = 0;
for (let i = 0; i < HTTP_RUNS; i++) {
  const started = performance.now();
  const r = await run(hi, 'print("hi")');
  times.push(performance.now() - started);
  if (r.stdout !== "hi\n" || r.exit?.exitCode !== 0) httpErrors++;
}
const p50 = percentile(times, 50);
const p95 = percentile(times, 95);

// --- concurrent40: two input() lines each, answered over HTTP
const PROGRAM = 'a = input("a? ")\nb = input("b? ")\nprint(f"{a}+{b}={int(a) + int(b)}")\n';
let errors = 0;
const started = performance.now();
await Promise.all(
  cookies.slice(1).map(async (cookie, i) => {
    try {
      const r = await run(cookie, PROGRAM, async (stdout, send) => {
        if (stdout.endsWith("a? ") && !stdout.includes("b? ")) await send(String(i));
        else if (stdout.endsWith("b? ")) await send("100");
      });
      if (!r.stdout.endsWith(`${i}+100=${i + 100}\n`) || r.exit?.exitCode !== 0) {
        errors++;
        console.error(`student ${i}: ${JSON.stringify(r).slice(0, 300)}`);
      }
    } catch (error) {
      errors++;
      console.error(`student ${i}: ${(error as Error).message}`);
    }
  }),
);
const concurrent = performance.now() - started;

// --- the naive way: a fresh container per run
const dockerTimes: number[] = [];
const args = [
  "run",
  "--rm",
  "--network",
  "none",
  "--entrypoint",
  "python3",
  status.image,
  "-c",
  'print("hi")',
];
await docker(...args);
for (let i = 0; i < DOCKER_RUNS; i++) {
  const t0 = performance.now();
  await docker(...args);
  dockerTimes.push(performance.now() - t0);
}
const naive = percentile(dockerTimes, 50);

console.log("");
console.log(
  `                                      Slate (HTTP + SSE + pool)    naive (docker run --rm per run)`,
);
console.log(
  `print("hi"), request → final event   p50 ${round(p50)} ms, p95 ${round(p95)} ms`.padEnd(67) +
    `p50 ${round(naive)} ms (no HTTP)`,
);
console.log(
  `${STUDENTS} students, 2 inputs each, at once  ${round(concurrent)} ms, ${errors} errors`.padEnd(67) +
    `~${round((naive * STUDENTS) / config.sandbox.max)} ms (${STUDENTS} × p50 / ${config.sandbox.max} in parallel, estimated)`,
);
if (httpErrors > 0) console.log(`print("hi") runs with wrong output: ${httpErrors}`);
const m = sandbox.status().metrics;
console.log(
  `pool: done ${m.done}, failed ${m.failed}, recycled ${m.recycled}, pool p50 ${round(m.p50Ms)} ms`,
);
console.log(
  `playground http_p50_ms=${round(p50)} http_p95_ms=${round(p95)} concurrent40_ms=${round(concurrent)} concurrent40_errors=${errors}`,
);
await finish(0);
