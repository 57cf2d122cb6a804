// The pool through its public API, against the real engine: streaming, stdin, cancel, the queue,
// per-user order, concurrency, recycling.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type Docker from "dockerode";
import { listInstanceContainers } from "../../../src/sandbox/docker.ts";
import {
  createSandbox,
  type JobEvents,
  type JobInput,
  type Sandbox,
  SandboxInputError,
} from "../../../src/sandbox/index.ts";
import { SandboxPool } from "../../../src/sandbox/pool.ts";
import {
  PROBE,
  PROBE_EXPECTED,
  requireDocker,
  sandboxImage,
  testLogger,
  uniqueInstanceId,
} from "./helpers.ts";

setDefaultTimeout(60_000);
const logger = testLogger();
let docker: Docker;
const pools: Sandbox[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  await sandboxImage(docker, logger);
}, 600_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.stop()));
});

async function startPool(name: string, options: Partial<Parameters<typeof createSandbox>[0]> = {}) {
  const instanceId = uniqueInstanceId(name);
  const pool = createSandbox({ instanceId, logger, min: 2, max: 4, ...options });
  pools.push(pool);
  await pool.start();
  expect(pool.status().state).toBe("ready");
  return { pool, instanceId };
}

const program = (content: string, extra: Partial<JobInput> = {}): JobInput => ({
  files: [{ name: "main.py", content }],
  main: "main.py",
  ...extra,
});

/** Collects a job's events in order. */
function recorder() {
  const events: string[] = [];
  let stdout = "";
  const handlers: JobEvents = {
    onStdout: (s) => {
      stdout += s;
      events.push(`out:${s}`);
    },
    onStderr: (s) => events.push(`err:${s}`),
    onQueued: (n) => events.push(`queued:${n}`),
    onStart: () => events.push("start"),
  };
  return { events, handlers, stdout: () => stdout };
}

/** Resolves when the collected stdout contains text. */
function waitForOutput(rec: ReturnType<typeof recorder>, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (rec.stdout().includes(text)) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
}

describe("sandbox pool", () => {
  let shared: Sandbox;
  beforeAll(async () => {
    shared = (await startPool("shared")).pool;
  }, 120_000);

  test("runs a program and streams its output in order, before the result", async () => {
    const rec = recorder();
    const run = shared.run(
      program(
        "import sys, time\nprint('one', flush=True)\ntime.sleep(0.1)\n" +
          "print('two', file=sys.stderr, flush=True)\ntime.sleep(0.1)\nprint('three')\n",
      ),
      rec.handlers,
    );
    const result = await run.result;
    rec.events.push("result");
    expect(result).toMatchObject({
      exitCode: 0,
      signal: null,
      timedOut: null,
      truncated: false,
      cancelled: false,
    });
    expect(result.error).toBeUndefined();
    expect(rec.events).toEqual(["start", "out:one\n", "err:two\n", "out:three\n", "result"]);
    expect(result.wallMs).toBeGreaterThanOrEqual(200);
    expect(result.peakMemoryKb).toBeGreaterThan(1000);
  });

  test("interactive input(): the prompt arrives before the answer is sent", async () => {
    const rec = recorder();
    const run = shared.run(program("name = input('name? ')\nprint('hello', name)\n"), rec.handlers);
    await waitForOutput(rec, "name? ");
    run.sendStdin("Ada\n");
    const result = await run.result;
    expect(result.exitCode).toBe(0);
    expect(rec.stdout()).toBe("name? hello Ada\n");
  });

  test("closeStdin ends interactive input; fixed stdin is given whole", async () => {
    const rec = recorder();
    const run = shared.run(program("import sys\nprint(repr(sys.stdin.read()))\n"), rec.handlers);
    run.sendStdin("ab");
    run.sendStdin("c\n");
    run.closeStdin();
    await run.result;
    expect(rec.stdout()).toBe("'abc\\n'\n");

    const fixed = recorder();
    const fixedRun = shared.run(
      program("import sys\nprint(sys.stdin.read().split())\n", { stdin: "1 2\n3\n" }),
      fixed.handlers,
    );
    expect(() => fixedRun.sendStdin("more")).toThrow(SandboxInputError);
    await fixedRun.result;
    expect(fixed.stdout()).toBe("['1', '2', '3']\n");
  });

  test("bad input is rejected before anything runs", () => {
    const before = shared.status().metrics;
    expect(() => shared.run({ files: [{ name: "../x.py", content: "" }], main: "../x.py" })).toThrow(
      SandboxInputError,
    );
    expect(() => shared.run(program("print(1)", { limits: { wallSeconds: 10_000 } }))).toThrow("wallSeconds");
    const after = shared.status().metrics;
    expect(after.done + after.failed).toBe(before.done + before.failed);
  });

  test("cancel stops a running job", async () => {
    const rec = recorder();
    const run = shared.run(
      program("import time\nprint('running', flush=True)\ntime.sleep(60)\n"),
      rec.handlers,
    );
    await waitForOutput(rec, "running");
    run.cancel();
    const result = await run.result;
    expect(result.cancelled).toBe(true);
    expect(result.signal).toBe("SIGKILL");
    expect(result.timedOut).toBeNull();
    expect(result.error).toBeUndefined();
  });

  test("a user's second job waits for the first; other users' jobs do not", async () => {
    const first = recorder();
    const second = recorder();
    const other = recorder();
    const order: string[] = [];
    const hold = program("input()\nprint('first done')\n", { userKey: "alice" });
    const a = shared.run(hold, { ...first.handlers, onStart: () => order.push("alice-1") });
    await new Promise((r) => setTimeout(r, 10));
    const b = shared.run(program("print('second')", { userKey: "alice" }), {
      ...second.handlers,
      onStart: () => order.push("alice-2"),
    });
    const c = shared.run(program("print('other')", { userKey: "bob" }), {
      ...other.handlers,
      onStart: () => order.push("bob"),
    });
    await c.result;
    expect(order).toEqual(["alice-1", "bob"]);
    expect(second.events[0]).toBe("queued:1");
    a.sendStdin("\n");
    await Promise.all([a.result, b.result]);
    expect(order).toEqual(["alice-1", "bob", "alice-2"]);
    expect(second.stdout()).toBe("second\n");
  });

  test("20 concurrent jobs from different users all get their own results", async () => {
    const runs = Array.from({ length: 20 }, (_, i) => {
      const rec = recorder();
      const code = `import sys\ndata = open("data.txt").read()\nprint(${i}, data, sys.stdin.read())\n`;
      const run = shared.run(
        {
          files: [
            { name: "main.py", content: code },
            { name: "data.txt", content: `secret-${i}` },
          ],
          main: "main.py",
          stdin: `input-${i}`,
          userKey: `user-${i}`,
        },
        rec.handlers,
      );
      return { i, rec, run };
    });
    const results = await Promise.all(runs.map((r) => r.run.result));
    for (const { i, rec } of runs) expect(rec.stdout()).toBe(`${i} secret-${i} input-${i}\n`);
    for (const result of results) expect(result).toMatchObject({ exitCode: 0, cancelled: false });
    const probe = recorder();
    expect((await shared.run(program(PROBE), probe.handlers).result).exitCode).toBe(0);
    expect(JSON.parse(probe.stdout())).toEqual(PROBE_EXPECTED);
    expect(shared.status().metrics.busy).toBe(0);
    expect(shared.status().metrics.warm).toBeLessThanOrEqual(4);
  });

  test("metrics count jobs and latency", () => {
    const { state, metrics } = shared.status();
    expect(state).toBe("ready");
    expect(metrics.done).toBeGreaterThan(20);
    expect(metrics.failed).toBe(0);
    expect(metrics.p50Ms).toBeGreaterThan(0);
    expect(metrics.p95Ms).toBeGreaterThanOrEqual(metrics.p50Ms);
  });
});

describe("the queue", () => {
  test("reports positions, refuses when full, and lets a waiting job be cancelled", async () => {
    const { pool } = await startPool("queue", { min: 1, max: 1, queueLimit: 2 });
    const holder = recorder();
    const hold = pool.run(program("input()\nprint('done')\n"), holder.handlers);
    await waitForOutput(holder, ""); // scheduled synchronously; its container is busy from here on
    const b = recorder();
    const c = recorder();
    const runB = pool.run(program("print('b')"), b.handlers);
    const runC = pool.run(program("print('c')"), c.handlers);
    expect(b.events).toEqual(["queued:1"]);
    expect(c.events).toEqual(["queued:2"]);
    expect(pool.status().metrics.queued).toBe(2);

    const full = await pool.run(program("print('d')")).result;
    expect(full.errorKind).toBe("busy");
    expect(full.error).toContain("busy");

    runB.cancel();
    expect(await runB.result).toMatchObject({ cancelled: true, exitCode: null });
    expect(c.events).toEqual(["queued:2", "queued:1"]);

    hold.sendStdin("\n");
    expect((await hold.result).exitCode).toBe(0);
    expect((await runC.result).exitCode).toBe(0);
    expect(c.stdout()).toBe("c\n");
    expect(b.stdout()).toBe("");
  });
});

describe("scaling", () => {
  function scalingPool(name: string, saturated: boolean): Sandbox {
    const options = { instanceId: uniqueInstanceId(name), logger, min: 1, max: 2 };
    const pool = new SandboxPool(options, { hostSaturated: () => saturated });
    pools.push(pool);
    return pool;
  }

  test("a job waiting behind a long (interactive) one gets a new container, up to max", async () => {
    const pool = scalingPool("scale", false);
    await pool.start();
    const holder = recorder();
    const hold = pool.run(program("print('waiting', flush=True)\ninput()\n"), holder.handlers);
    await waitForOutput(holder, "waiting");
    const queued = recorder();
    const next = pool.run(program("print('served')"), queued.handlers);
    expect(queued.events).toEqual(["queued:1"]);
    expect((await next.result).exitCode).toBe(0); // while the first still waits for input
    expect(queued.stdout()).toBe("served\n");
    expect(pool.status().metrics.busy).toBe(1);
    hold.cancel();
    expect((await hold.result).cancelled).toBe(true);
  });

  test("no extra container while the host's CPUs are saturated", async () => {
    const pool = scalingPool("saturated", true);
    await pool.start();
    const holder = recorder();
    const hold = pool.run(program("print('waiting', flush=True)\ninput()\n"), holder.handlers);
    await waitForOutput(holder, "waiting");
    const queued = recorder();
    const next = pool.run(program("print('served')"), queued.handlers);
    await new Promise((r) => setTimeout(r, 2000)); // past the point where it would have scaled
    expect(pool.status().metrics).toMatchObject({ busy: 1, starting: 0, queued: 1 });
    hold.sendStdin("\n");
    expect((await hold.result).exitCode).toBe(0);
    expect((await next.result).exitCode).toBe(0);
    expect(queued.events).toEqual(["queued:1", "start", "out:served\n"]);
  });
});

describe("recycling", () => {
  function containerOf(stdout: string): string {
    const match = stdout.match(/docker\/([0-9a-f]{12})/);
    if (!match?.[1]) throw new Error(`no container id in ${stdout}`);
    return match[1];
  }
  const whoAmI = program("print(open('/proc/self/cgroup').read())");

  test("a container is replaced after its N jobs", async () => {
    const { pool, instanceId } = await startPool("recycle", { min: 1, max: 1, jobsPerContainer: 2 });
    const seen = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const rec = recorder();
      expect((await pool.run(whoAmI, rec.handlers).result).exitCode).toBe(0);
      const id = containerOf(rec.stdout());
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.values()]).toEqual([2, 2, 2]);
    expect(pool.status().metrics.recycled).toBeGreaterThanOrEqual(2);
    await pool.stop();
    expect(await listInstanceContainers(docker, instanceId)).toEqual([]);
  });

  test("a container is replaced after an anomaly (a process outliving its job, a timeout)", async () => {
    const { pool } = await startPool("anomaly", { min: 1, max: 1 });
    const before = recorder();
    await pool.run(whoAmI, before.handlers).result;
    const survivor = "import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(30)\n";
    expect((await pool.run(program(survivor)).result).exitCode).toBe(0);
    const after = recorder();
    await pool.run(whoAmI, after.handlers).result;
    expect(containerOf(after.stdout())).not.toBe(containerOf(before.stdout()));

    const timeout = await pool.run(program("while True: pass", { limits: { wallSeconds: 1 } })).result;
    expect(timeout.timedOut).not.toBeNull();
    const third = recorder();
    await pool.run(whoAmI, third.handlers).result;
    expect(containerOf(third.stdout())).not.toBe(containerOf(after.stdout()));
    expect(pool.status().metrics.recycled).toBe(2);
  });

  test("a container removed from outside mid-job gives a clear error and is replaced", async () => {
    const { pool, instanceId } = await startPool("outside", { min: 1, max: 1 });
    const rec = recorder();
    const run = pool.run(program("import time\nprint('up', flush=True)\ntime.sleep(30)\n"), rec.handlers);
    await waitForOutput(rec, "up");
    for (const id of await listInstanceContainers(docker, instanceId)) {
      await docker.getContainer(id).remove({ force: true });
    }
    const result = await run.result;
    expect(result.errorKind).toBe("crashed");
    expect(result.error).toContain("run it again");
    expect((await pool.run(program("print('again')")).result).exitCode).toBe(0);
    expect(pool.status().metrics.failed).toBe(1);
  });

  test("stop() fails waiting jobs and removes every container", async () => {
    const { pool, instanceId } = await startPool("stop", { min: 1, max: 1 });
    const running = pool.run(program("import time\ntime.sleep(30)"));
    const waiting = pool.run(program("print(1)"));
    await new Promise((r) => setTimeout(r, 50));
    await pool.stop();
    expect((await waiting.result).errorKind).toBe("stopped");
    expect((await running.result).errorKind).toBe("stopped");
    expect(pool.status().state).toBe("stopped");
    expect(await listInstanceContainers(docker, instanceId)).toEqual([]);
    expect((await pool.run(program("print(1)")).result).errorKind).toBe("stopped");
  });
});
