// One sandbox container and the conversation with its supervisor: send a job, stream its output back,
// resolve with the supervisor's result, or with "crashed" when the container dies or misbehaves.
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import {
  type ContainerSettings,
  containerSpec,
  describeDockerError,
  removeContainer,
  startContainer,
  withTimeout,
} from "./docker.ts";
import {
  DockerFrameDecoder,
  encodeMessage,
  type HostMessage,
  LineDecoder,
  PROTOCOL_VERSION,
  parseSupervisorLine,
  type SupervisorMessage,
  type SupervisorResult,
} from "./protocol.ts";
import type { JobEvents, SandboxLogger } from "./types.ts";
import type { ValidJob } from "./validate.ts";

const READY_TIMEOUT_MS = 30_000;
/** Beyond the job's own wall limit: the supervisor's kill grace (10 s) plus slack. */
const JOB_TIMEOUT_SLACK_MS = 15_000;

export type JobOutcome = { kind: "result"; result: SupervisorResult } | { kind: "crashed"; message: string };

interface CurrentJob {
  id: string;
  events: JobEvents;
  finish: (outcome: JobOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class SandboxContainer {
  jobsRun = 0;
  /** When the current job was sent (performance.now()), or null when idle. */
  jobStartedAt: number | null = null;
  private alive = true;
  private current: CurrentJob | null = null;
  private ready!: { resolve: () => void; reject: (e: Error) => void };
  private readonly readyPromise: Promise<void>;
  private readonly exitListeners: ((reason: string) => void)[] = [];
  private stderrTail = "";

  private constructor(
    private readonly docker: Docker,
    readonly id: string,
    private readonly stream: Duplex,
    private readonly logger: SandboxLogger,
  ) {
    this.readyPromise = new Promise((resolve, reject) => {
      this.ready = { resolve, reject };
    });
    this.readyPromise.catch(() => {}); // observed by start(); avoid an unhandled rejection meanwhile
    const lines = new LineDecoder((line) => this.onLine(line));
    const frames = new DockerFrameDecoder((kind, payload) => {
      if (kind === "stdout") lines.push(payload);
      else this.stderrTail = (this.stderrTail + payload.toString("utf8")).slice(-2000);
    });
    stream.on("data", (chunk: Buffer) => {
      try {
        frames.push(chunk);
      } catch (error) {
        this.fail(`protocol error: ${(error as Error).message}`);
      }
    });
    stream.on("end", () => this.fail("the container exited"));
    stream.on("close", () => this.fail("the container exited"));
    stream.on("error", (error) => this.fail(`connection lost: ${error.message}`));
  }

  /** Starts a container and resolves once its supervisor is ready; removes it again on failure. */
  static async start(
    docker: Docker,
    settings: ContainerSettings,
    logger: SandboxLogger,
  ): Promise<SandboxContainer> {
    const { id, stream } = await startContainer(docker, containerSpec(settings));
    const container = new SandboxContainer(docker, id, stream, logger);
    try {
      await withTimeout(container.readyPromise, READY_TIMEOUT_MS, "the supervisor did not become ready");
    } catch (error) {
      await container.destroy();
      throw error;
    }
    return container;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  get isBusy(): boolean {
    return this.current !== null;
  }

  onExit(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** Runs one job; never rejects. `processes` is the job's RLIMIT_NPROC. */
  run(id: string, job: ValidJob, processes: number, events: JobEvents): Promise<JobOutcome> {
    if (!this.alive) return Promise.resolve({ kind: "crashed", message: "the container is gone" });
    if (this.current) throw new Error("container already busy");
    this.jobsRun++;
    this.jobStartedAt = performance.now();
    return new Promise((resolve) => {
      const timeoutMs = job.limits.wallSeconds * 1000 + JOB_TIMEOUT_SLACK_MS;
      const timer = setTimeout(() => this.fail("the sandbox stopped responding"), timeoutMs);
      this.current = { id, events, timer, finish: resolve };
      this.send({
        type: "job",
        id,
        mode: job.mode,
        files: job.files,
        main: job.main,
        stdin: job.stdin,
        limits: { ...job.limits, processes },
      });
    });
  }

  sendStdin(id: string, data: string): void {
    if (this.current?.id === id) this.send({ type: "stdin", id, data });
  }

  closeStdin(id: string): void {
    if (this.current?.id === id) this.send({ type: "stdin_close", id });
  }

  cancel(id: string): void {
    if (this.current?.id === id) this.send({ type: "cancel", id });
  }

  async destroy(): Promise<void> {
    this.fail("the container was removed", false);
    try {
      await removeContainer(this.docker, this.id);
    } catch (error) {
      this.logger.warn(
        { container: this.id.slice(0, 12), error: describeDockerError(error) },
        "sandbox: remove failed",
      );
    }
  }

  private send(msg: HostMessage): void {
    if (this.alive) this.stream.write(encodeMessage(msg));
  }

  private onLine(line: string): void {
    let msg: SupervisorMessage;
    try {
      msg = parseSupervisorLine(line);
    } catch (error) {
      this.fail(`protocol error: ${(error as Error).message}`);
      return;
    }
    this.handle(msg);
  }

  private handle(msg: SupervisorMessage): void {
    const job = this.current;
    switch (msg.type) {
      case "ready":
        if (msg.protocol === PROTOCOL_VERSION) this.ready.resolve();
        else this.fail(`supervisor speaks protocol ${msg.protocol}, not ${PROTOCOL_VERSION}`);
        return;
      case "log":
        this.logger.info({ container: this.id.slice(0, 12) }, `sandbox supervisor: ${msg.message}`);
        return;
      case "started":
        if (job?.id === msg.id) safely(this.logger, () => job.events.onStart?.());
        return;
      case "output":
        if (job?.id !== msg.id) return;
        if (msg.stream === "stdout") safely(this.logger, () => job.events.onStdout?.(msg.data));
        else safely(this.logger, () => job.events.onStderr?.(msg.data));
        return;
      case "result":
        if (job?.id !== msg.id) {
          this.fail(`result for an unknown job ${msg.id}`);
          return;
        }
        clearTimeout(job.timer);
        this.current = null;
        this.jobStartedAt = null;
        job.finish({ kind: "result", result: msg });
    }
  }

  /** The container is unusable: fail the running job and tell the listeners (once). */
  private fail(reason: string, removeInBackground = true): void {
    if (!this.alive) return;
    this.alive = false;
    const detail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
    if (detail)
      this.logger.warn({ container: this.id.slice(0, 12), stderr: detail }, "sandbox: supervisor stderr");
    this.ready.reject(new Error(reason));
    const job = this.current;
    this.current = null;
    if (job) {
      clearTimeout(job.timer);
      job.finish({ kind: "crashed", message: reason });
    }
    this.stream.destroy();
    for (const listener of this.exitListeners) safely(this.logger, () => listener(reason));
    // A container that failed by itself is removed here; AutoRemove usually got there first.
    if (removeInBackground) void removeContainer(this.docker, this.id).catch(() => {});
  }
}

function safely(logger: SandboxLogger, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    logger.error({ error: String(error) }, "sandbox: a job event handler threw");
  }
}
