// The warm pool: containers kept ready, a bounded queue in front of them, recycling, and recovery when
// the Docker engine goes away. Every job ends in exactly one JobResult; every container is either idle,
// busy with one job, or being removed.
import { randomInt, randomUUID } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import type Docker from "dockerode";
import { type JobOutcome, SandboxContainer } from "./container.ts";
import {
  connectDocker,
  describeDockerError,
  listInstanceContainers,
  ping,
  removeContainer,
} from "./docker.ts";
import { defaultSandboxDir, ensureImage, imageTag } from "./image.ts";
import { LatencyWindow } from "./metrics.ts";
import { JobQueue } from "./queue.ts";
import type {
  JobEvents,
  JobInput,
  JobResult,
  RunHandle,
  SandboxErrorKind,
  SandboxOptions,
  SandboxState,
  SandboxStatus,
} from "./types.ts";
import { jobValidator, MAX_STDIN_BYTES, SandboxInputError, type ValidJob } from "./validate.ts";

const LONG_JOB_MS = 1000;
const MAX_PARALLEL_STARTS = 2; // container starts are CPU-heavy for the engine; more just contend
const HEALTH_CHECK_MS = 15_000;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** Logged once at start when the engine refuses OomScoreAdj -1000: normal for rootless and nested engines. */
const OOM_NOTE =
  "sandbox: this Docker engine does not let containers set OomScoreAdj -1000 (it lacks CAP_SYS_RESOURCE, " +
  "as rootless and nested engines do), so sandbox containers start without it. Nothing to do: student " +
  "programs still raise their own oom_score_adj to 1000, so when a container runs out of memory the " +
  "kernel stops the student's program, not the sandbox's supervisor.";
/** While unavailable, how often the engine is pinged: runs resume about this soon after it returns. */
const PROBE_MS = 1000;
const SPAWN_FAILURES_BEFORE_UNAVAILABLE = 3;

type Settings = Required<Omit<SandboxOptions, "image" | "dockerSocket">> & {
  image: string | undefined; // known once the build context has been read (connect())
  dockerSocket?: string;
};

interface Pending {
  id: string;
  userKey: string | null;
  job: ValidJob;
  events: JobEvents;
  submittedAt: number;
  stdin: string[];
  stdinBytes: number;
  stdinClosed: boolean;
  container: SandboxContainer | null;
  lastPosition: number;
  cancelled: boolean;
  finished: boolean;
  resolve: (result: JobResult) => void;
}

export class SandboxPool {
  private readonly settings: Settings;
  private readonly docker: Docker;
  private readonly validate: (input: JobInput) => ValidJob;
  private state: SandboxState = "stopped";
  private reason: string | undefined = "not started";
  private readonly idle: SandboxContainer[] = []; // least recently used first
  private readonly busy = new Set<SandboxContainer>();
  private readonly starts = new Set<Promise<void>>();
  private readonly queue: JobQueue<Pending>;
  private readonly runningUsers = new Set<string>();
  private readonly latency = new LatencyWindow(500);
  private counts = { done: 0, failed: 0, recycled: 0 };
  private spawnFailures = 0;
  private protectFromOom = true;
  private oomProtectionKnown = false;
  private backoffMs = BACKOFF_MIN_MS;
  /** After a failed connect to an engine that answered, no new attempt before this (performance.now()). */
  private connectNotBefore = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private healthTimer: ReturnType<typeof setInterval> | undefined;
  private connecting: Promise<void> | undefined;
  private stopping = false;
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;

  /** `hooks` lets tests pin what the pool would otherwise measure. */
  constructor(
    options: SandboxOptions,
    private readonly hooks = { hostSaturated },
  ) {
    const sandboxDir = options.sandboxDir ?? defaultSandboxDir;
    this.settings = {
      min: 2,
      max: 4,
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 128,
      tmpfsMb: 64,
      jobsPerContainer: 100,
      queueLimit: 200,
      holdsContainers: false,
      ...stripUndefined(options),
      instanceId: options.instanceId,
      logger: options.logger,
      sandboxDir,
      image: options.image,
    };
    if (this.settings.min > this.settings.max) throw new Error("sandbox: min must not exceed max");
    this.docker = connectDocker(options.dockerSocket);
    this.validate = jobValidator({ memoryMb: this.settings.memoryMb, tmpfsMb: this.settings.tmpfsMb });
    this.queue = new JobQueue(this.settings.queueLimit);
  }

  /** Resolves when the pool is ready (warm containers started) or known unavailable; never rejects. */
  async start(): Promise<void> {
    if (this.state !== "stopped") return this.connecting;
    this.stopping = false;
    this.setState("building", "connecting to the Docker engine");
    this.healthTimer = setInterval(() => void this.checkHealth(), HEALTH_CHECK_MS);
    this.healthTimer.unref?.();
    this.connecting = this.connect();
    await this.connecting;
  }

  async stop(): Promise<void> {
    if (this.state === "stopped") return;
    this.stopping = true;
    this.setState("stopped", "stopped");
    clearTimeout(this.retryTimer);
    clearTimeout(this.recheckTimer);
    clearInterval(this.healthTimer);
    for (const p of this.queue.drain()) this.finish(p, errorResult("stopped", "The sandbox was shut down."));
    await Promise.allSettled([...this.starts]);
    const containers = [...this.idle.splice(0), ...this.busy];
    await Promise.allSettled(containers.map((c) => c.destroy()));
    await this.removeOrphans(true).catch(() => {});
  }

  run(input: JobInput, events: JobEvents = {}): RunHandle {
    const job = this.validate(input);
    let resolve!: (result: JobResult) => void;
    const result = new Promise<JobResult>((r) => {
      resolve = r;
    });
    const p: Pending = {
      id: randomUUID(),
      userKey: job.userKey,
      job,
      events,
      submittedAt: performance.now(),
      stdin: [],
      stdinBytes: 0,
      stdinClosed: job.stdin !== null,
      container: null,
      lastPosition: 0,
      cancelled: false,
      finished: false,
      resolve,
    };
    this.admit(p);
    return {
      id: p.id,
      result,
      sendStdin: (text) => this.sendStdin(p, text),
      closeStdin: () => this.closeStdin(p),
      cancel: () => this.cancel(p),
    };
  }

  status(): SandboxStatus {
    return {
      state: this.state,
      ...(this.reason ? { reason: this.reason } : {}),
      image: this.settings.image ?? "",
      metrics: {
        warm: this.idle.length,
        busy: this.busy.size,
        starting: this.starts.size,
        queued: this.queue.length,
        ...this.counts,
        p50Ms: this.latency.percentile(50),
        p95Ms: this.latency.percentile(95),
      },
    };
  }

  // ------------------------------------------------------------ engine connection and recovery

  private async connect(): Promise<void> {
    try {
      await ping(this.docker);
      await this.removeOrphans();
      this.settings.image ??= imageTag(this.settings.sandboxDir);
      this.setState("building", `preparing the image ${this.settings.image}`);
      await ensureImage(this.docker, this.settings.sandboxDir, this.settings.image, this.settings.logger);
      if (this.stopping) return;
      this.setState("ready", undefined);
      this.backoffMs = BACKOFF_MIN_MS;
      this.spawnFailures = 0;
      await this.startFirst();
      this.fill();
      await Promise.allSettled([...this.starts]);
      this.pump();
    } catch (error) {
      this.becomeUnavailable(describeDockerError(error));
    }
  }

  private becomeUnavailable(reason: string): void {
    if (this.stopping) return;
    if (this.state !== "unavailable") this.settings.logger.error({ reason }, "sandbox: unavailable");
    this.setState("unavailable", reason);
    for (const p of this.queue.drain()) this.finish(p, unavailableResult());
    this.connectNotBefore = performance.now() + this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.probeLater();
  }

  /**
   * While unavailable the engine is pinged every PROBE_MS (cheap, even against a missing socket), so
   * runs resume about a second after it returns, however long it was gone. Only the full connect
   * (orphans, image, first container) backs off, for an engine that answers but cannot run our
   * containers: retrying that every second would not help and would load the engine.
   */
  private probeLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.probe(), PROBE_MS);
    this.retryTimer.unref?.();
  }

  private async probe(): Promise<void> {
    const answered = await ping(this.docker).then(
      () => true,
      () => false,
    );
    if (this.stopping || this.state !== "unavailable") return;
    if (answered && performance.now() >= this.connectNotBefore) this.connecting = this.connect();
    else this.probeLater();
  }

  private async checkHealth(): Promise<void> {
    if (this.state !== "ready") return;
    try {
      await ping(this.docker);
    } catch (error) {
      this.becomeUnavailable(describeDockerError(error));
    }
  }

  /** Containers of this instance left by a crashed earlier process (or by us) are removed. */
  private async removeOrphans(quiet = false): Promise<void> {
    const ours = new Set([...this.idle, ...this.busy].map((c) => c.id));
    const found = await listInstanceContainers(this.docker, this.settings.instanceId);
    const orphans = found.filter((id) => !ours.has(id));
    if (orphans.length === 0) return;
    if (!quiet)
      this.settings.logger.info(
        { count: orphans.length },
        "sandbox: removing containers left by an earlier run",
      );
    await Promise.all(orphans.map((id) => removeContainer(this.docker, id)));
  }

  // ------------------------------------------------------------ containers

  /**
   * Keeps at least `min` containers. Beyond that, starts more (up to `max`) only to replace capacity
   * held by long jobs (running over LONG_JOB_MS: waiting for input(), sleeping) while runnable jobs
   * wait, and only while the host's CPUs are not saturated. Short CPU-bound jobs get no extra
   * containers: more containers than cores add no throughput, and starting them costs the CPU the
   * queue needs. Containers beyond `min` go away when recycled.
   */
  private fill(): void {
    if (this.state !== "ready") return;
    const { min, max } = this.settings;
    const total = this.idle.length + this.busy.size + this.starts.size;
    const runnable = this.queue.countRunnable((key) => this.runningUsers.has(key));
    const now = performance.now();
    const long = [...this.busy].filter((c) => c.jobStartedAt !== null && now - c.jobStartedAt > LONG_JOB_MS);
    const uncovered = runnable - this.idle.length - this.starts.size;
    const extra = this.settings.holdsContainers
      ? uncovered
      : this.hooks.hostSaturated()
        ? 0
        : Math.min(uncovered, long.length - this.starts.size);
    const wanted = Math.max(min - total, extra);
    const count = Math.min(wanted, max - total, MAX_PARALLEL_STARTS - this.starts.size);
    if (uncovered > 0 && count <= 0 && total < max) this.recheckLater();
    for (let i = 0; i < count; i++) {
      const start = this.spawn().finally(() => this.starts.delete(start));
      this.starts.add(start);
    }
  }

  /** Jobs become "long" with time alone, so look again while some wait. */
  private recheckLater(): void {
    if (this.recheckTimer) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = undefined;
      this.fill();
    }, LONG_JOB_MS / 4);
    this.recheckTimer.unref?.();
  }

  /**
   * The first container of this process also finds out whether the engine allows OomScoreAdj -1000
   * (engines without CAP_SYS_RESOURCE refuse it). Without it, job processes still raise their own
   * oom_score_adj to 1000, so the OOM killer picks them before the supervisor anyway.
   */
  private async startFirst(): Promise<void> {
    if (this.oomProtectionKnown) return;
    const logger = this.settings.logger;
    let container: SandboxContainer;
    try {
      container = await SandboxContainer.start(this.docker, this.containerSettings(), logger);
    } catch (error) {
      this.protectFromOom = false;
      container = await SandboxContainer.start(this.docker, this.containerSettings(), logger);
      logger.info({ engine: describeDockerError(error) }, OOM_NOTE);
    }
    this.oomProtectionKnown = true;
    this.adopt(container);
  }

  private async spawn(): Promise<void> {
    let container: SandboxContainer;
    try {
      container = await SandboxContainer.start(this.docker, this.containerSettings(), this.settings.logger);
    } catch (error) {
      await this.spawnFailed(error);
      return;
    }
    this.adopt(container);
  }

  private adopt(container: SandboxContainer): void {
    if (this.stopping) {
      void container.destroy();
      return;
    }
    this.spawnFailures = 0;
    container.onExit(() => this.containerExited(container));
    this.idle.push(container);
    queueMicrotask(() => {
      this.pump();
      this.fill();
    });
  }

  private containerSettings() {
    const s = this.settings;
    return {
      image: s.image ?? "",
      instanceId: s.instanceId,
      jobUid: randomInt(100_000, 2_000_000_000),
      memoryMb: s.memoryMb,
      cpus: s.cpus,
      pidsLimit: s.pidsLimit,
      tmpfsMb: s.tmpfsMb,
      protectFromOom: this.protectFromOom,
    };
  }

  private async spawnFailed(error: unknown): Promise<void> {
    const reason = describeDockerError(error);
    if (this.stopping) return;
    this.spawnFailures++;
    this.settings.logger.warn({ reason, failures: this.spawnFailures }, "sandbox: container start failed");
    const engineUp = await ping(this.docker).then(
      () => true,
      () => false,
    );
    if (!engineUp || this.spawnFailures >= SPAWN_FAILURES_BEFORE_UNAVAILABLE) {
      this.becomeUnavailable(engineUp ? `containers fail to start: ${reason}` : reason);
    } else {
      setTimeout(() => this.fill(), BACKOFF_MIN_MS).unref?.();
    }
  }

  private containerExited(container: SandboxContainer): void {
    const index = this.idle.indexOf(container);
    if (index !== -1) {
      this.idle.splice(index, 1);
      this.settings.logger.warn({ container: container.id.slice(0, 12) }, "sandbox: an idle container died");
    }
    if (this.state === "ready") queueMicrotask(() => this.fill());
  }

  // ------------------------------------------------------------ jobs

  private admit(p: Pending): void {
    if (this.state === "stopped") {
      this.finish(p, errorResult("stopped", "The sandbox is not running."));
    } else if (this.state === "unavailable") {
      this.finish(p, unavailableResult());
    } else if (!this.queue.push(p)) {
      this.finish(
        p,
        errorResult("busy", "The sandbox is busy: too many programs are waiting. Try again shortly."),
      );
    } else {
      this.pump();
      this.fill();
    }
  }

  /** Hands queued jobs to idle containers (least recently used first, so each has time to re-arm). */
  private pump(): void {
    while (this.state === "ready" && this.idle.length > 0) {
      const p = this.queue.takeNext((key) => this.runningUsers.has(key));
      if (!p) break;
      const container = this.idle.shift() as SandboxContainer;
      void this.execute(p, container);
    }
    this.announcePositions();
  }

  private announcePositions(): void {
    for (const [p, position] of this.queue.positions()) {
      if (p.lastPosition === position) continue;
      p.lastPosition = position;
      try {
        p.events.onQueued?.(position);
      } catch (error) {
        this.settings.logger.error({ error: String(error) }, "sandbox: onQueued threw");
      }
    }
  }

  private async execute(p: Pending, container: SandboxContainer): Promise<void> {
    this.busy.add(container);
    if (p.userKey) this.runningUsers.add(p.userKey);
    p.container = container;
    const processes = Math.max(8, this.settings.pidsLimit - 16);
    const outcome = container.run(p.id, p.job, processes, p.events);
    for (const chunk of p.stdin) container.sendStdin(p.id, chunk);
    if (p.stdinClosed && p.job.stdin === null) container.closeStdin(p.id);
    p.stdin = [];
    if (p.cancelled) container.cancel(p.id);
    const settled = await outcome;
    this.busy.delete(container);
    if (p.userKey) this.runningUsers.delete(p.userKey);
    this.finish(p, this.toResult(settled));
    if (this.shouldRecycle(container, settled)) {
      this.counts.recycled++;
      void container.destroy().then(() => this.fill());
    } else {
      this.idle.push(container);
    }
    this.pump();
    this.fill();
  }

  /** Replace after N jobs and after anything unusual; the supervisor's cleanup is not the only guard. */
  private shouldRecycle(container: SandboxContainer, outcome: JobOutcome): boolean {
    if (outcome.kind === "crashed" || !container.isAlive || this.state !== "ready") return true;
    const r = outcome.result;
    return (
      !r.clean ||
      r.error !== undefined ||
      r.timedOut != null ||
      r.memoryExceeded === true ||
      container.jobsRun >= this.settings.jobsPerContainer
    );
  }

  private toResult(outcome: JobOutcome): JobResult {
    if (outcome.kind === "crashed") {
      if (this.state === "stopped") return errorResult("stopped", "The sandbox was shut down.");
      this.settings.logger.warn({ reason: outcome.message }, "sandbox: a job's container failed");
      return errorResult("crashed", "The sandbox failed while running the program. Please run it again.");
    }
    const r = outcome.result;
    const result: JobResult = {
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      timedOut: r.timedOut ?? null,
      memoryExceeded: r.memoryExceeded ?? false,
      peakMemoryKb: r.peakMemoryKb ?? 0,
      cpuMs: r.cpuMs ?? 0,
      wallMs: r.wallMs ?? 0,
      truncated: r.truncated ?? false,
      cancelled: r.cancelled ?? false,
    };
    if (r.error) {
      this.settings.logger.warn({ error: r.error }, "sandbox: the supervisor reported an error");
      return {
        ...result,
        error: `The sandbox could not run the program (${r.error}).`,
        errorKind: "crashed",
      };
    }
    return result;
  }

  private finish(p: Pending, result: JobResult): void {
    if (p.finished) return;
    p.finished = true;
    if (result.error) this.counts.failed++;
    else this.counts.done++;
    if (p.container) this.latency.add(performance.now() - p.submittedAt); // jobs that reached a container
    p.resolve(result);
  }

  private sendStdin(p: Pending, text: string): void {
    if (p.job.stdin !== null) throw new SandboxInputError("this job's stdin was given as fixed text");
    if (p.stdinClosed || p.finished) return;
    if (!text.isWellFormed()) throw new SandboxInputError("stdin is not valid UTF-8 text");
    p.stdinBytes += Buffer.byteLength(text);
    if (p.stdinBytes > MAX_STDIN_BYTES) throw new SandboxInputError("stdin is over 1 MiB");
    if (p.container) p.container.sendStdin(p.id, text);
    else p.stdin.push(text);
  }

  private closeStdin(p: Pending): void {
    if (p.stdinClosed || p.finished) return;
    p.stdinClosed = true;
    p.container?.closeStdin(p.id);
  }

  private cancel(p: Pending): void {
    if (p.finished || p.cancelled) return;
    p.cancelled = true;
    if (p.container) {
      p.container.cancel(p.id);
    } else if (this.queue.remove(p.id)) {
      this.finish(p, { ...emptyResult(), cancelled: true });
      this.announcePositions();
    }
  }

  private setState(state: SandboxState, reason: string | undefined): void {
    if (this.stopping && state !== "stopped") return; // stop() wins over anything still in flight
    this.state = state;
    this.reason = reason;
    if (state === "ready") this.settings.logger.info({ image: this.settings.image }, "sandbox: ready");
  }
}

/** The 1-minute load average has reached the number of CPUs (it is the host's, even inside a container). */
function hostSaturated(): boolean {
  return (loadavg()[0] ?? 0) >= availableParallelism();
}

function emptyResult(): JobResult {
  return {
    exitCode: null,
    signal: null,
    timedOut: null,
    memoryExceeded: false,
    peakMemoryKb: 0,
    cpuMs: 0,
    wallMs: 0,
    truncated: false,
    cancelled: false,
  };
}

function errorResult(kind: SandboxErrorKind, error: string): JobResult {
  return { ...emptyResult(), error, errorKind: kind };
}

/**
 * What a student sees: no engine detail (the reason names the server's socket path or engine errors;
 * it goes to the log and the admin's System page instead).
 */
function unavailableResult(): JobResult {
  return errorResult(
    "unavailable",
    "The sandbox that runs programs is unavailable right now. Please try again in a minute; if it lasts, tell your teacher.",
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
