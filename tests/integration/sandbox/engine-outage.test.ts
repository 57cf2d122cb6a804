// The real Docker engine going away and coming back (issue 10, item 15), through a unix-socket proxy
// to it that this test can remove and put back: runs resume within 3 s of the engine's return however
// long it was gone (the pool pings it every second; before, the wait doubled to 16 s), and what a
// student sees meanwhile names no socket path. Also how start-up reports an engine that refuses
// OomScoreAdj -1000 (item 18): as information, not as a fault.
//
// The 3 s bounds are the requirement itself; they leave room: the pool needs one ping interval (1 s)
// and three quick engine calls. The 8 s outages are long enough that the old doubling wait (1, 2, 4,
// 8 s...) would have resumed only 15 s after the outage began.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { createSandbox, type JobInput, type Sandbox } from "../../../src/sandbox/index.ts";
import { EngineProxy, requireDocker, sandboxImage, testLogger, uniqueInstanceId, until } from "./helpers.ts";

setDefaultTimeout(120_000);
const OUTAGE_MS = 8000;
const RESUME_MS = 3000;
const hello: JobInput = { files: [{ name: "main.py", content: "print('hello')" }], main: "main.py" };
let docker: Docker;
let image: string;
let dir: string;
const pools: Sandbox[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  image = await sandboxImage(docker, testLogger());
  dir = mkdtempSync(join(tmpdir(), "slate-outage-"));
}, 600_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function pool(options: Partial<Parameters<typeof createSandbox>[0]>): Sandbox {
  const p = createSandbox({
    instanceId: uniqueInstanceId("outage"),
    logger: testLogger(),
    min: 1,
    max: 1,
    ...options,
  });
  pools.push(p);
  return p;
}

/** Milliseconds from the engine's return until the pool is ready and takes runs again. */
async function timeToResume(p: Sandbox, proxy: EngineProxy): Promise<number> {
  await proxy.start();
  const back = performance.now();
  await until("ready again", () => p.status().state === "ready", 30_000);
  return performance.now() - back;
}

describe("an engine outage", () => {
  test("a pool started while the engine's socket does not exist resumes within 3 s of its appearing", async () => {
    const proxy = new EngineProxy(join(dir, "late.sock"));
    try {
      const p = pool({ dockerSocket: proxy.path, image });
      await p.start();
      expect(p.status().state).toBe("unavailable");
      await Bun.sleep(OUTAGE_MS);
      expect(p.status().state).toBe("unavailable");

      expect(await timeToResume(p, proxy)).toBeLessThan(RESUME_MS);
      const result = await p.run(hello).result;
      expect(result.error).toBeUndefined();
      expect(result.exitCode).toBe(0);
    } finally {
      await proxy.stop();
    }
  });

  test("a pool that loses its engine tells students without server details and resumes within 3 s", async () => {
    const proxy = new EngineProxy(join(dir, "lost.sock"));
    await proxy.start();
    try {
      const p = pool({ dockerSocket: proxy.path, image });
      await p.start();
      expect(p.status().state).toBe("ready");
      expect((await p.run(hello).result).exitCode).toBe(0);

      await proxy.stop(); // the warm container's stream drops; its replacement cannot start
      await until("unavailable", () => p.status().state === "unavailable");
      const during = await p.run(hello).result;
      expect(during.errorKind).toBe("unavailable");
      expect(during.error).toContain("unavailable");
      expect(during.error).not.toContain(proxy.path);
      expect(during.error).not.toMatch(/\.sock|docker\.sock|ENOENT|ECONNREFUSED|unreachable at/);
      // The operator still learns why, on the System page and in the log.
      expect(p.status().reason).toContain(proxy.path);

      await Bun.sleep(OUTAGE_MS);
      expect(await timeToResume(p, proxy)).toBeLessThan(RESUME_MS);
      const after = await p.run(hello).result;
      expect(after.error).toBeUndefined();
      expect(after.exitCode).toBe(0);
    } finally {
      await proxy.stop();
    }
  });
});

describe("start-up on a healthy engine", () => {
  test("logs no warning or error; an engine refusing OomScoreAdj -1000 is information for the operator", async () => {
    const logger = testLogger();
    const p = pool({ image, logger });
    await p.start();
    expect(p.status().state).toBe("ready");
    expect(logger.lines.filter((l) => /^(warn|error) /.test(l))).toEqual([]);
    // Engines without CAP_SYS_RESOURCE (rootless, nested: this CI's) refuse it; others say nothing.
    for (const line of logger.lines.filter((l) => l.includes("OomScoreAdj"))) {
      const message = line.slice(0, line.indexOf(" {")); // without the engine's own words
      expect(message).toStartWith("info ");
      expect(message).toContain("Nothing to do");
      expect(message).not.toMatch(/refuse|fail|error/i);
    }
  });
});
