// Public types of the sandbox engine. index.ts documents how they fit together.

export interface JobLimits {
  /** Wall-clock limit of the whole job (1..600, default 10). Interactive runs want more. */
  wallSeconds: number;
  /** CPU-time limit per process (1..300, default 5). */
  cpuSeconds: number;
  /** Address-space limit per process (32..the pool's memoryMb, default the pool's memoryMb). */
  memoryMb: number;
  /** stdout + stderr bytes forwarded before the job is stopped and marked truncated (1 KiB..16 MiB, default 1 MiB). */
  outputBytes: number;
  /** Largest file the job may write (1..the pool's tmpfsMb * 1024, default 16 MiB or tmpfs size). */
  fileSizeKb: number;
}

export interface JobFile {
  name: string;
  /** UTF-8 text, or base64 when encoding is "base64" (binary data files). */
  content: string;
  encoding?: "base64";
  /** Written so that the job can read it but not change it (a problem's data files). */
  readOnly?: boolean;
}

/** How the supervisor runs the job. Grading needs no mode of its own: its harness (sandbox/slate_harness.py)
 *  is an ordinary "run" job that forks one process per test. A new mode is a branch in supervisor.py. */
export type JobMode = "run";

export interface JobInput {
  files: JobFile[];
  /** Name of the file to run as __main__; must be one of `files`. */
  main: string;
  /** Fixed standard input. When absent, stdin is interactive: RunHandle.sendStdin / closeStdin. */
  stdin?: string;
  limits?: Partial<JobLimits>;
  mode?: JobMode;
  /**
   * Per-user concurrency key. Jobs with the same key run one at a time in submission order: a second job
   * waits in the queue (reporting its position) until the first has finished. Cancel the first to
   * "restart" instead. Jobs without a key are not serialized.
   */
  userKey?: string;
}

export interface JobEvents {
  onStdout?(chunk: string): void;
  onStderr?(chunk: string): void;
  /** Called when the job waits, and again whenever its 1-based queue position changes. */
  onQueued?(position: number): void;
  /** Called once, when the program has started in a container. */
  onStart?(): void;
}

/** Why a job got no (complete) run: a failure of the sandbox, not of the user's program. */
export type SandboxErrorKind = "unavailable" | "busy" | "crashed" | "stopped";

export interface JobResult {
  exitCode: number | null;
  /** e.g. "SIGKILL", "SIGSEGV", when the main process died of a signal. */
  signal: string | null;
  timedOut: "wall" | "cpu" | null;
  memoryExceeded: boolean;
  peakMemoryKb: number;
  cpuMs: number;
  wallMs: number;
  /** Output went over limits.outputBytes; the job was stopped there. */
  truncated: boolean;
  cancelled: boolean;
  /** A sandbox-level failure, worded for the user. */
  error?: string;
  errorKind?: SandboxErrorKind;
}

export interface RunHandle {
  id: string;
  /** Interactive stdin (only when JobInput.stdin was absent); buffered until the job starts. Max 1 MiB per job. */
  sendStdin(text: string): void;
  closeStdin(): void;
  /** Stops the job (or removes it from the queue); result then has cancelled: true. */
  cancel(): void;
  /** Always resolves (never rejects); sandbox failures are in result.error. */
  result: Promise<JobResult>;
}

export type SandboxState = "building" | "ready" | "unavailable" | "stopped";

export interface SandboxMetrics {
  /** Idle containers ready for a job. */
  warm: number;
  busy: number;
  /** Containers being created. */
  starting: number;
  queued: number;
  /** Jobs that ran to a result (whatever the program did). */
  done: number;
  /** Jobs that failed for a sandbox reason (result.error set), cancellations excluded. */
  failed: number;
  /** Containers removed after their N jobs or after an anomaly. */
  recycled: number;
  /** Latency from run() to result over the last 500 jobs, in ms (0 before any job). */
  p50Ms: number;
  p95Ms: number;
}

export interface SandboxStatus {
  state: SandboxState;
  /** Why it is unavailable or building, for /healthz and the admin page. */
  reason?: string;
  image: string;
  metrics: SandboxMetrics;
}

/** pino-compatible. */
export interface SandboxLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface SandboxOptions {
  /** Names this Slate instance's containers (label slate.instance); stable across restarts. */
  instanceId: string;
  logger: SandboxLogger;
  /** Containers kept warm at all times (default 2). */
  min?: number;
  /** Containers at most, started while jobs wait and none is idle (default 4). */
  max?: number;
  /** Container memory, equal to memory+swap (default 256). */
  memoryMb?: number;
  /** Container CPU quota in CPUs (default 1). */
  cpus?: number;
  /** Container process/thread limit (default 128); a job gets this minus 16 (room for cleanup). */
  pidsLimit?: number;
  /** Size of each of /work, /tmp and /dev/shm (default 64). */
  tmpfsMb?: number;
  /** Jobs per container before it is replaced (default 100). */
  jobsPerContainer?: number;
  /** Jobs that may wait (default 200); beyond that run() results are errorKind "busy". */
  queueLimit?: number;
  /** Image tag; default slate-sandbox:<hash of the build context in sandboxDir>. */
  image?: string;
  /** Folder holding Dockerfile and supervisor.py (default: the repository's sandbox/). */
  sandboxDir?: string;
  /**
   * Every job holds its container for long (the playground's shells): start a container for each
   * waiting job, up to max, whatever the host's load (default false: see SandboxPool.fill).
   */
  holdsContainers?: boolean;
  /** Docker socket path (default DOCKER_HOST's unix path, else /var/run/docker.sock). */
  dockerSocket?: string;
}
