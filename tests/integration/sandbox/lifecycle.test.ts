// Startup, outages and crashes: image build at startup, an unreachable engine, recovery, orphans from
// a crashed process (kill -9).
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { containerSpec, listInstanceContainers } from "../../../src/sandbox/docker.ts";
import { defaultSandboxDir, imageTag } from "../../../src/sandbox/image.ts";
import { createSandbox, type JobInput, type Sandbox } from "../../../src/sandbox/index.ts";
import { EngineProxy, requireDocker, sandboxImage, testLogger, uniqueInstanceId, until } from "./helpers.ts";

setDefaultTimeout(120_000);
const logger = testLogger();
let docker: Docker;
let image: string;
const pools: Sandbox[] = [];
const hello: JobInput = { files: [{ name: "main.py", content: "print('hello')" }], main: "main.py" };

beforeAll(async () => {
  docker = await requireDocker();
  image = await sandboxImage(docker, logger);
}, 600_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.stop()));
});

function pool(options: Partial<Parameters<typeof createSandbox>[0]>): Sandbox {
  const p = createSandbox({ instanceId: uniqueInstanceId("life"), logger, min: 1, max: 2, ...options });
  pools.push(p);
  return p;
}

describe("when the engine is unreachable", () => {
  test("the pool says why, runs fail fast, and nothing throws", async () => {
    const p = pool({ dockerSocket: "/nonexistent/docker.sock" });
    await p.start();
    const status = p.status();
    expect(status.state).toBe("unavailable");
    expect(status.reason).toContain("unreachable");
    const result = await p.run(hello).result;
    expect(result.errorKind).toBe("unavailable");
    expect(result.error).toContain("unavailable");
  });

  test("the pool recovers by itself when the engine comes back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slate-proxy-"));
    const proxy = new EngineProxy(join(dir, "docker.sock"));
    await proxy.start();
    try {
      const p = pool({ dockerSocket: proxy.path, image });
      await p.start();
      expect(p.status().state).toBe("ready");
      expect((await p.run(hello).result).exitCode).toBe(0);

      await proxy.stop(); // the engine "goes away": attached streams drop, new connections fail
      await until("unavailable", () => p.status().state === "unavailable");
      expect(p.status().reason).toContain("unreachable");
      expect((await p.run(hello).result).errorKind).toBe("unavailable");

      await proxy.start();
      await until("ready again", () => p.status().state === "ready" && p.status().metrics.warm > 0);
      const result = await p.run(hello).result;
      expect(result.error).toBeUndefined();
      expect(result.exitCode).toBe(0);
    } finally {
      await proxy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("startup", () => {
  test("containers left by an earlier process are removed", async () => {
    const instanceId = uniqueInstanceId("orphans");
    const spec = containerSpec({
      image,
      instanceId,
      jobUid: 4242424,
      memoryMb: 64,
      cpus: 0.5,
      pidsLimit: 32,
      tmpfsMb: 8,
      protectFromOom: false,
    });
    const running = await docker.createContainer(spec); // stdin stays open: it runs until removed
    await running.start();
    const created = await docker.createContainer(spec); // never started
    expect(await listInstanceContainers(docker, instanceId)).toHaveLength(2);

    const p = pool({ instanceId, min: 1, max: 1 });
    await p.start();
    const left = await listInstanceContainers(docker, instanceId);
    expect(left).not.toContain(running.id);
    expect(left).not.toContain(created.id);
    expect(left).toHaveLength(1); // the new pool's own
  });

  test("after kill -9 of the process, its containers go away and the next start finds none", async () => {
    const instanceId = uniqueInstanceId("kill9");
    const child = Bun.spawn(
      [process.execPath, join(import.meta.dir, "fixtures/pool-process.ts"), instanceId],
      {
        stdout: "pipe",
        stderr: "inherit",
      },
    );
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toStartWith("ready ready 0");
    const before = await listInstanceContainers(docker, instanceId);
    expect(before).toHaveLength(2);

    child.kill(9);
    await child.exited;
    // Their stdin closes with the connection, the supervisors exit and AutoRemove deletes them.
    await until(
      "self-removal",
      async () => (await listInstanceContainers(docker, instanceId)).length === 0,
      30_000,
    );

    const p = pool({ instanceId, min: 1, max: 1 });
    await p.start();
    const after = await listInstanceContainers(docker, instanceId);
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
  });

  test("a missing image is built at startup while runs wait in the queue", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slate-sandbox-ctx-"));
    cpSync(defaultSandboxDir, dir, { recursive: true });
    writeFileSync(join(dir, "Dockerfile"), `# test build ${Date.now()}\n`, { flag: "a" });
    const tag = imageTag(dir);
    try {
      const p = pool({ sandboxDir: dir, min: 1, max: 1 });
      const starting = p.start();
      expect(p.status().state).toBe("building"); // set before start() first waits
      const queued: number[] = [];
      const run = p.run(hello, { onQueued: (n) => queued.push(n) });
      await starting;
      expect(p.status().state).toBe("ready");
      expect(p.status().image).toBe(tag);
      expect((await run.result).exitCode).toBe(0);
      expect(queued).toEqual([1]);
      expect(logger.lines.some((l) => l.includes("building the execution image") && l.includes(tag))).toBe(
        true,
      );
      await p.stop();
    } finally {
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
