// The Docker engine, through dockerode: hardened container specs, start + attach, listing, removal.
import type { Duplex } from "node:stream";
import Docker from "dockerode";

export const LABEL_INSTANCE = "slate.instance";
export const LABEL_ROLE = "slate.role";
const MiB = 1024 * 1024;

/** Connects to the socket given, else DOCKER_HOST (unix:// or tcp://), else /var/run/docker.sock. */
export function connectDocker(socketPath?: string): Docker {
  if (socketPath) return new Docker({ socketPath });
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith("unix://")) return new Docker({ socketPath: host.slice("unix://".length) });
  if (host?.startsWith("tcp://")) {
    const url = new URL(host.replace(/^tcp:/, "http:"));
    return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
  }
  return new Docker({ socketPath: "/var/run/docker.sock" });
}

/** Rejects when the engine does not answer within timeoutMs (a hung engine must not hang us). */
export async function ping(docker: Docker, timeoutMs = 5000): Promise<void> {
  await withTimeout(docker.ping(), timeoutMs, "the Docker engine did not answer");
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ContainerSettings {
  image: string;
  instanceId: string;
  /** The unprivileged uid jobs run as; unique per container because RLIMIT_NPROC counts per uid. */
  jobUid: number;
  memoryMb: number;
  cpus: number;
  pidsLimit: number;
  tmpfsMb: number;
  /** oom_score_adj -1000 for the supervisor; engines lacking CAP_SYS_RESOURCE refuse it. */
  protectFromOom: boolean;
}

/**
 * Paths of /proc that show the whole machine, not the container. Through them a job could watch
 * another (a hidden test spelling its input in the number of threads it starts, read by the same
 * student's "Run tests" beside it), so they read as empty. Setting MaskedPaths replaces Docker's own
 * list, which comes first. The supervisor's own /proc reads (per process, sysvipc) stay.
 */
export const MASKED_PATHS = [
  // Docker's defaults
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
  "/sys/devices/virtual/powercap",
  // machine-wide counters
  "/proc/loadavg",
  "/proc/stat",
  "/proc/vmstat",
  "/proc/meminfo",
  "/proc/pressure",
  "/proc/schedstat",
  "/proc/interrupts",
  "/proc/softirqs",
  "/proc/zoneinfo",
  "/proc/buddyinfo",
  "/proc/pagetypeinfo",
  "/proc/diskstats",
  "/proc/uptime",
  "/proc/swaps",
  "/proc/locks",
  "/proc/sys/fs/file-nr",
  "/proc/sys/fs/inode-nr",
  "/proc/sys/fs/inode-state",
  "/proc/sys/fs/dentry-state",
  "/proc/sys/kernel/random/entropy_avail",
];

/** Owns the read-only data files and /work; no process runs as it (DATA_UID in sandbox/supervisor.py). */
const DATA_UID = 65530;

/** The hardened container: every setting here is a line of the threat model, so each says why. */
export function containerSpec(s: ContainerSettings): Docker.ContainerCreateOptions {
  const tmpfs = (extra: string) => `rw,nosuid,nodev,noexec,size=${s.tmpfsMb}m,${extra}`;
  return {
    Image: s.image,
    Env: [`SLATE_JOB_UID=${s.jobUid}`],
    Labels: { [LABEL_INSTANCE]: s.instanceId, [LABEL_ROLE]: "sandbox" },
    Hostname: "sandbox",
    WorkingDir: "/",
    User: "0:0", // the supervisor needs root to drop to the job uid; its capabilities are cut below
    // The supervisor talks over the attached stdin/stdout. StdinOnce: when Slate's connection drops
    // (even by kill -9) the supervisor reads EOF and exits, and AutoRemove deletes the container.
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      AutoRemove: true,
      NetworkMode: "none",
      ReadonlyRootfs: true,
      MaskedPaths: MASKED_PATHS,
      Memory: s.memoryMb * MiB,
      MemorySwap: s.memoryMb * MiB, // equal to Memory: no swap
      NanoCpus: Math.round(s.cpus * 1e9),
      PidsLimit: s.pidsLimit,
      CapDrop: ["ALL"],
      CapAdd: ["SETUID", "SETGID"], // to become the job uid; see supervisor.py
      SecurityOpt: ["no-new-privileges"],
      Tmpfs: {
        // Owned by the data files' uid (DATA_UID in supervisor.py), sticky: the job creates and removes
        // its own files but can neither remove a problem's read-only data files nor chmod /work.
        "/work": tmpfs(`uid=${DATA_UID},gid=${DATA_UID},mode=1777`),
        "/tmp": tmpfs("mode=1777"),
      },
      ShmSize: s.tmpfsMb * MiB,
      IpcMode: "private",
      // SysV IPC objects outlive processes, so a job could leave data for the next: allow none.
      Sysctls: {
        "kernel.shmmni": "0",
        "kernel.msgmni": "0",
        "kernel.sem": "0 0 0 0",
        "kernel.shm_rmid_forced": "1",
      },
      Ulimits: [{ Name: "core", Soft: 0, Hard: 0 }],
      LogConfig: { Type: "none", Config: {} },
      ...(s.protectFromOom ? { OomScoreAdj: -1000 } : {}),
    },
  };
}

export interface StartedContainer {
  id: string;
  stream: Duplex;
}

/** Creates, attaches (before starting, so no output is missed) and starts a container. */
export async function startContainer(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
): Promise<StartedContainer> {
  const container = await docker.createContainer(spec);
  try {
    const stream = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as unknown as Duplex;
    try {
      await container.start();
    } catch (error) {
      stream.destroy();
      throw error;
    }
    return { id: container.id, stream };
  } catch (error) {
    await removeContainer(docker, container.id);
    throw error;
  }
}

/** Force-removes a container and resolves once it is gone (also when already gone or being removed). */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.remove({ force: true });
    return;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) return;
    if (status !== 409) throw error; // 409: removal already in progress (e.g. AutoRemove): wait for it
  }
  await withTimeout(container.wait({ condition: "removed" }), 30_000, "the container was not removed").catch(
    (error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    },
  );
}

/** Ids of all containers (running or not) labelled with this instance. */
export async function listInstanceContainers(docker: Docker, instanceId: string): Promise<string[]> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_INSTANCE}=${instanceId}`, `${LABEL_ROLE}=sandbox`] },
  });
  return found.map((c) => c.Id);
}

export function describeDockerError(error: unknown): string {
  const e = error as {
    code?: string;
    syscall?: string;
    address?: string;
    message?: string;
    json?: { message?: string };
  };
  if (e.syscall === "connect" || e.code === "ECONNREFUSED") {
    return `the Docker engine is unreachable${e.address ? ` at ${e.address}` : ""} (${e.code ?? "connect failed"})`;
  }
  return e.json?.message ?? e.message ?? String(error);
}
