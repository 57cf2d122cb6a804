// Sandbox benchmark: print("hi") through the warm pool vs `docker run --rm` and `docker exec` per job on
// the same image, then a burst of 60 CPU-bound jobs submitted at once. Prints figures; asserts nothing.
// Pool size and limits come from the app's config (SLATE_SANDBOX_* variables, else the app's defaults).
import { loadConfig } from "../src/config.ts";
import { createSandbox, type JobInput, type Sandbox } from "../src/sandbox/index.ts";
import { percentile } from "../src/sandbox/metrics.ts";

const POOL_RUNS = 200;
const WARM_UP_RUNS = 20;
const DOCKER_RUN_RUNS = 10;
const DOCKER_EXEC_RUNS = 30;
const BURST = 60;
const BURST_CPU_MS = 50;

const quiet = { info() {}, warn: console.warn, error: console.error };
const hi: JobInput = { files: [{ name: "main.py", content: 'print("hi")' }], main: "main.py" };
const round = (n: number) => Math.round(n);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function runOk(pool: Sandbox, job: JobInput): Promise<void> {
  const result = await pool.run(job).result;
  if (result.error || result.exitCode !== 0) throw new Error(`job failed: ${JSON.stringify(result)}`);
}

async function docker(...args: string[]): Promise<string> {
  const proc = Bun.spawn(["docker", ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`docker ${args[0]} failed: ${err.trim()}`);
  return out.trim();
}

async function dockerRunPerJob(image: string): Promise<number[]> {
  const args = ["run", "--rm", "--network", "none", "--entrypoint", "python3", image, "-c", 'print("hi")'];
  await docker(...args); // warm-up
  const times: number[] = [];
  for (let i = 0; i < DOCKER_RUN_RUNS; i++) times.push(await timed(() => docker(...args)));
  return times;
}

async function dockerExecPerJob(image: string): Promise<number[]> {
  const detached = ["run", "-d", "--rm", "--network", "none", "--entrypoint", "sleep", image, "infinity"];
  const id = await docker(...detached);
  try {
    const args = ["exec", id, "python3", "-c", 'print("hi")'];
    await docker(...args);
    const times: number[] = [];
    for (let i = 0; i < DOCKER_EXEC_RUNS; i++) times.push(await timed(() => docker(...args)));
    return times;
  } finally {
    await docker("rm", "-f", id);
  }
}

/** A loop sized so that one job uses about BURST_CPU_MS of CPU, measured in the sandbox itself. */
async function calibratedBusyJob(pool: Sandbox): Promise<JobInput> {
  const job = (n: number): JobInput => ({
    files: [{ name: "main.py", content: `n = 0\nfor i in range(${n}):\n    n += i\nprint(n)\n` }],
    main: "main.py",
  });
  let iterations = 500_000;
  for (let i = 0; i < 3; i++) {
    const cpu = (await pool.run(job(iterations)).result).cpuMs;
    iterations = Math.max(10_000, Math.round((iterations * BURST_CPU_MS) / Math.max(cpu, 1)));
  }
  return job(iterations);
}

async function burst(
  pool: Sandbox,
  job: JobInput,
): Promise<{ latencies: number[]; errors: number; cpu: number[] }> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: BURST }, () =>
      pool.run(job).result.then((result) => ({ result, ms: performance.now() - started })),
    ),
  );
  return {
    latencies: results.map((r) => r.ms),
    errors: results.filter((r) => r.result.error || r.result.exitCode !== 0).length,
    cpu: results.map((r) => r.result.cpuMs),
  };
}

const config = loadConfig().sandbox;
const pool = createSandbox({
  instanceId: `bench-${process.pid}`,
  logger: quiet,
  min: config.min,
  max: config.max,
  memoryMb: config.memoryMb,
  cpus: config.cpus,
  queueLimit: Math.max(config.queueLimit, BURST),
});
try {
  await pool.start();
  const status = pool.status();
  if (status.state !== "ready") throw new Error(`sandbox not ready: ${status.reason}`);
  console.log(`pool: min=${config.min} max=${config.max} image=${status.image}`);

  for (let i = 0; i < WARM_UP_RUNS; i++) await runOk(pool, hi);
  const pooled: number[] = [];
  for (let i = 0; i < POOL_RUNS; i++) pooled.push(await timed(() => runOk(pool, hi)));
  const p50 = percentile(pooled, 50);
  const p95 = percentile(pooled, 95);
  console.log(`pool print("hi") x${POOL_RUNS}: p50 ${p50} ms, p95 ${p95} ms`);

  const runTimes = await dockerRunPerJob(status.image);
  const runP50 = percentile(runTimes, 50);
  console.log(`docker run --rm per job x${DOCKER_RUN_RUNS}: p50 ${runP50} ms`);
  const execTimes = await dockerExecPerJob(status.image);
  const execP50 = percentile(execTimes, 50);
  console.log(`docker exec per job x${DOCKER_EXEC_RUNS}: p50 ${execP50} ms`);

  const busy = await calibratedBusyJob(pool);
  const b = await burst(pool, busy);
  const burstP95 = percentile(b.latencies, 95);
  console.log(
    `burst of ${BURST} (cpu p50 ${percentile(b.cpu, 50)} ms each): p50 ${percentile(b.latencies, 50)} ms, ` +
      `p95 ${burstP95} ms, max ${percentile(b.latencies, 100)} ms, errors ${b.errors}`,
  );
  console.log(
    `sandbox p50_ms=${round(p50)} p95_ms=${round(p95)} docker_run_p50_ms=${round(runP50)} ` +
      `docker_exec_p50_ms=${round(execP50)} speedup_vs_run=${round(runP50 / p50)} ` +
      `burst60_p95_ms=${round(burstP95)} burst60_errors=${b.errors}`,
  );
} finally {
  await pool.stop();
}
process.exit(0);
