// Shared by the sandbox integration tests: they run against the real Docker engine and fail (never skip)
// when it is missing.
import { randomUUID } from "node:crypto";
import { existsSync, unlinkSync } from "node:fs";
import net from "node:net";
import type Docker from "dockerode";
import { SandboxContainer } from "../../../src/sandbox/container.ts";
import { connectDocker, ping } from "../../../src/sandbox/docker.ts";
import { defaultSandboxDir, ensureImage, imageTag } from "../../../src/sandbox/image.ts";
import type { JobInput, JobLimits, JobResult, SandboxLogger } from "../../../src/sandbox/types.ts";
import { validateJob } from "../../../src/sandbox/validate.ts";

export const BOUNDS = { memoryMb: 256, tmpfsMb: 64 };
export const JOB_PROCESSES = 112; // what the pool gives with its default pidsLimit of 128

/** Collects log lines; tests print them when something fails. */
export function testLogger(): SandboxLogger & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (obj: object | string, msg?: string) =>
    lines.push(`${level} ${typeof obj === "string" ? obj : `${msg ?? ""} ${JSON.stringify(obj)}`}`);
  return { lines, info: add("info"), warn: add("warn"), error: add("error") };
}

export async function requireDocker(): Promise<Docker> {
  const docker = connectDocker();
  try {
    await ping(docker);
  } catch (error) {
    throw new Error(`these tests need a running Docker engine: ${(error as Error).message}`);
  }
  return docker;
}

/** The image the app would use, built if missing (the first run on a fresh machine takes a minute). */
export async function sandboxImage(docker: Docker, logger: SandboxLogger): Promise<string> {
  const tag = imageTag(defaultSandboxDir);
  await ensureImage(docker, defaultSandboxDir, tag, logger);
  return tag;
}

export function uniqueInstanceId(name: string): string {
  return `test-${name}-${randomUUID().slice(0, 8)}`;
}

/** Polls `check` every 50 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

/**
 * The engine at a socket path of our own, to simulate an engine outage: while stopped the path does
 * not exist (as when dockerd is down: ENOENT), while started every connection is piped to the real
 * engine.
 */
export class EngineProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(readonly path: string) {}

  start(): Promise<void> {
    if (existsSync(this.path)) unlinkSync(this.path); // left by an earlier run
    const upstreamPath = process.env.DOCKER_HOST?.replace(/^unix:\/\//, "") || "/var/run/docker.sock";
    this.server = net.createServer((client) => {
      const upstream = net.connect(upstreamPath);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    return new Promise((resolve) => this.server?.listen(this.path, resolve));
  }

  /** Cuts every connection (the containers' attached streams too) and removes the socket. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    this.server = undefined;
    if (existsSync(this.path)) unlinkSync(this.path);
  }
}

/** A single hardened container, exactly as the pool makes them, for running jobs back to back. */
export async function startContainer(
  docker: Docker,
  image: string,
  instanceId: string,
  logger: SandboxLogger,
): Promise<SandboxContainer> {
  const settings = {
    image,
    instanceId,
    jobUid: 100_000 + Math.floor(Math.random() * 1_000_000_000),
    memoryMb: BOUNDS.memoryMb,
    cpus: 1,
    pidsLimit: 128,
    tmpfsMb: BOUNDS.tmpfsMb,
    protectFromOom: true,
  };
  try {
    return await SandboxContainer.start(docker, settings, logger);
  } catch {
    return await SandboxContainer.start(docker, { ...settings, protectFromOom: false }, logger);
  }
}

export interface Ran {
  result: JobResult & { clean: boolean; anomalies: string[] };
  stdout: string;
  stderr: string;
  stdoutChunks: number;
}

/** Runs main.py (plus extra files) in the container; fails the test if the container itself fails. */
export async function runCode(
  container: SandboxContainer,
  code: string,
  options: { limits?: Partial<JobLimits>; stdin?: string; files?: JobInput["files"] } = {},
): Promise<Ran> {
  const job = validateJob(
    {
      files: [{ name: "main.py", content: code }, ...(options.files ?? [])],
      main: "main.py",
      stdin: options.stdin ?? "",
      limits: options.limits,
    },
    BOUNDS,
  );
  let stdout = "";
  let stderr = "";
  let stdoutChunks = 0;
  const outcome = await container.run(randomUUID(), job, JOB_PROCESSES, {
    onStdout: (s) => {
      stdout += s;
      stdoutChunks++;
    },
    onStderr: (s) => {
      stderr += s;
    },
  });
  if (outcome.kind !== "result") throw new Error(`the container failed: ${outcome.message}`);
  const r = outcome.result;
  const result = {
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    timedOut: r.timedOut ?? null,
    memoryExceeded: r.memoryExceeded ?? false,
    peakMemoryKb: r.peakMemoryKb ?? 0,
    cpuMs: r.cpuMs ?? 0,
    wallMs: r.wallMs ?? 0,
    truncated: r.truncated ?? false,
    cancelled: r.cancelled ?? false,
    clean: r.clean,
    anomalies: r.anomalies,
    ...(r.error ? { error: r.error } : {}),
  };
  return { result, stdout, stderr, stdoutChunks };
}

/**
 * Run right after an attack in the same container: no process of the job uid besides itself, nothing
 * in /work but its own file, empty /tmp, /dev/shm and /dev/mqueue, nothing stolen, and it still runs.
 */
export const PROBE = `
import json, os, time
open("/work/secret.txt", "w").write("the next student's answer")
time.sleep(0.3)  # give any survivor of the previous job a chance to act
uid = os.getuid()
others = []
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            status = open(f"/proc/{pid}/status").read()
        except OSError:
            continue
        uids = next(l for l in status.splitlines() if l.startswith("Uid:")).split()[1:4]
        if str(uid) in uids:
            others.append(pid)
print(json.dumps({
    "others": others,
    "work": sorted(os.listdir("/work")),
    "tmp": os.listdir("/tmp"),
    "shm": os.listdir("/dev/shm"),
    "mqueue": os.listdir("/dev/mqueue"),
    "env": sorted(os.environ),
}))
`;

export const PROBE_EXPECTED = {
  others: [],
  work: ["main.py", "secret.txt"],
  tmp: [],
  shm: [],
  mqueue: [],
  env: ["HOME", "LANG", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "TMPDIR"],
};
