// Cancelling a job at every moment of its life, against the real engine: while it waits in the pool's
// queue, right after run() (already sent to the container, not started yet), in its onStart handler and
// a few ms later. The supervisor reports "started" before the job process has dropped to the job uid;
// a cancel in that window once killed nothing (the uid sweep found no process of the job uid), and the
// job then ran on, deaf to later cancels and to its wall limit, until its container was declared
// crashed. Each cancel here must end its job promptly, and the container must stay healthy: the same
// container (no recycling) then runs a probe that finds it clean.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type Docker from "dockerode";
import type { JobInput, JobResult, RunHandle, Sandbox } from "../../../src/sandbox/index.ts";
import { createSandbox } from "../../../src/sandbox/index.ts";
import {
  PROBE,
  PROBE_EXPECTED,
  requireDocker,
  sandboxImage,
  testLogger,
  uniqueInstanceId,
} from "./helpers.ts";

setDefaultTimeout(120_000);
const logger = testLogger();
let docker: Docker;
let pool: Sandbox;

/** How long a cancelled job may take to report; a lost cancel shows up as ~15 s (wall limit + grace). */
const PROMPT_MS = 3000;

beforeAll(async () => {
  docker = await requireDocker();
  await sandboxImage(docker, logger);
  // One container, so that every job below runs in the same one and the probe checks what they left.
  pool = createSandbox({ instanceId: uniqueInstanceId("cancel"), logger, min: 1, max: 1 });
  await pool.start();
  expect(pool.status().state).toBe("ready");
}, 600_000);

afterAll(async () => {
  await pool?.stop();
});

const program = (content: string): JobInput => ({
  files: [{ name: "main.py", content }],
  main: "main.py",
  limits: { wallSeconds: 5 },
});
// Runs until killed: sleeping in one process and burning CPU in a child, so a lost cancel cannot hide.
const FOREVER = program(
  "import os, time\nprint('running', flush=True)\nif os.fork() == 0:\n    while True: pass\ntime.sleep(60)\n",
);
const whoAmI = program("print(open('/proc/self/cgroup').read())");

function containerOf(stdout: string): string {
  const match = stdout.match(/docker\/([0-9a-f]{12})/);
  if (!match?.[1]) throw new Error(`no container id in ${stdout}`);
  return match[1];
}

async function stdoutOf(job: JobInput): Promise<string> {
  let stdout = "";
  const result = await pool.run(job, { onStdout: (s) => (stdout += s) }).result;
  expect(result.error).toBeUndefined();
  expect(result.exitCode).toBe(0);
  return stdout;
}

/** The result, or a failure when it takes longer than PROMPT_MS after the cancel. */
async function promptly(run: RunHandle, cancelledAt: () => number | null): Promise<JobResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result ${PROMPT_MS} ms after the cancel`)), PROMPT_MS);
  });
  try {
    const result = await Promise.race([run.result, late]);
    const at = cancelledAt();
    expect(at).not.toBeNull();
    expect(performance.now() - (at as number)).toBeLessThan(PROMPT_MS);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function expectKilledByCancel(result: JobResult): void {
  expect(result.error).toBeUndefined();
  expect(result.cancelled).toBe(true);
  expect(result.timedOut).toBeNull();
  expect(result.exitCode).toBeNull();
  expect(result.signal).toBe("SIGKILL");
}

describe("cancel", () => {
  let container: string;
  beforeAll(async () => {
    container = containerOf(await stdoutOf(whoAmI));
  });

  test("in onStart (0 ms after the start), 20 times in a row", async () => {
    for (let i = 0; i < 20; i++) {
      let cancelledAt: number | null = null;
      const run = pool.run(FOREVER, {
        onStart: () => {
          cancelledAt = performance.now();
          run.cancel();
        },
      });
      expectKilledByCancel(await promptly(run, () => cancelledAt));
    }
  });

  test("right after run(): sent to the container but not started yet, 10 times in a row", async () => {
    for (let i = 0; i < 10; i++) {
      const events: string[] = [];
      const run = pool.run(FOREVER, {
        onQueued: () => events.push("queued"),
        onStart: () => events.push("start"),
      });
      const cancelledAt = performance.now();
      run.cancel();
      expectKilledByCancel(await promptly(run, () => cancelledAt));
      expect(events).toEqual(["start"]); // it was handed to the container at once, never queued
    }
  });

  test("0 to 9 ms after the start: across the moment the job drops its privileges", async () => {
    for (let i = 0; i < 10; i++) {
      let cancelledAt: number | null = null;
      const run = pool.run(FOREVER, {
        onStart: () => {
          setTimeout(() => {
            cancelledAt = performance.now();
            run.cancel();
          }, i);
        },
      });
      expectKilledByCancel(await promptly(run, () => cancelledAt));
    }
  });

  test("a second cancel and a cancel after the end are harmless", async () => {
    let stdout = "";
    const run = pool.run(FOREVER, { onStdout: (s) => (stdout += s) });
    while (!stdout.includes("running")) await new Promise((r) => setTimeout(r, 5));
    const cancelledAt = performance.now();
    run.cancel();
    run.cancel();
    expectKilledByCancel(await promptly(run, () => cancelledAt));
    run.cancel();
  });

  test("while waiting in the pool's queue: dropped without running", async () => {
    let held = "";
    const holder = pool.run(program("input()\nprint('released')\n"), { onStdout: (s) => (held += s) });
    const events: string[] = [];
    const waiting = pool.run(FOREVER, {
      onQueued: (n) => events.push(`queued:${n}`),
      onStart: () => events.push("start"),
    });
    expect(events).toEqual(["queued:1"]);
    const cancelledAt = performance.now();
    waiting.cancel();
    const result = await promptly(waiting, () => cancelledAt);
    expect(result).toMatchObject({ cancelled: true, exitCode: null, signal: null, wallMs: 0 });
    holder.sendStdin("\n");
    expect((await holder.result).exitCode).toBe(0);
    expect(held).toBe("released\n");
    expect(events).toEqual(["queued:1"]);
  });

  test("afterwards the same container is healthy and clean", async () => {
    expect(pool.status().metrics).toMatchObject({ failed: 0, recycled: 0 });
    expect(containerOf(await stdoutOf(whoAmI))).toBe(container);
    const probe = JSON.parse(await stdoutOf(program(PROBE)));
    expect(probe).toEqual(PROBE_EXPECTED);
    expect(pool.status().metrics).toMatchObject({ failed: 0, recycled: 0 });
  });
});
