// Run sessions: one per program started from the playground (or, later, a problem page). A session
// records what the sandbox reports in a bounded buffer, so a browser that connects late (or reconnects)
// gets everything from where it left off; readers are woken when something new arrives.
//
// A person runs one program at a time: starting a run stops their previous one. A run nobody watches
// any more (the tab was closed) is stopped after a grace period, so it does not hold a container.
import { randomUUID } from "node:crypto";
import type { Config } from "../../config.ts";
import type { JobFile, JobLimits, JobResult, RunHandle, Sandbox } from "../../sandbox/index.ts";

/** Limits of a playground run, chosen by the server (never by the client). */
export interface RunLimits {
  wallSeconds: number;
  cpuSeconds: number;
  memoryMb: number;
  outputBytes: number;
}

/** Interactive programs wait for the person at the keyboard, so the wall limit is generous. */
export function playgroundLimits(config: Config): RunLimits {
  return { wallSeconds: 120, cpuSeconds: 10, memoryMb: config.sandbox.memoryMb, outputBytes: 512 * 1024 };
}

export type OutputKind = "stdout" | "stderr";

/** Why the server (not the program) ended a run. */
export type StopReason = "stopped" | "replaced" | "abandoned" | "idle";

export interface ExitInfo extends Omit<JobResult, "errorKind"> {
  errorKind?: JobResult["errorKind"];
  /** Set when the run was cancelled: by the Stop button, a newer run, or nobody watching. */
  stopReason?: StopReason;
  /** With stopReason "idle": the idle minutes the shell was allowed (SLATE_SHELL_IDLE_MINUTES). */
  idleMinutes?: number;
  limits: RunLimits;
}

type RunEvent =
  | { kind: "queued"; position: number }
  | { kind: "started" }
  | { kind: OutputKind; text: string }
  | { kind: "exit"; info: ExitInfo };

/** Where a reader is: the last event it has seen and how much of that event's text. */
export interface Cursor {
  index: number;
  offset: number;
}

export const START: Cursor = { index: -1, offset: 0 };

export interface SseMessage {
  event: string;
  data: string;
  id: string;
}

const MERGE_BELOW = 32 * 1024; // output chunks are appended to the previous one up to this size
const MAX_EVENTS = 4000; // beyond this (stdout and stderr alternating wildly) output is dropped
const KEEP_DONE_MS = 60_000; // a finished run stays readable this long, for late readers
const ABANDON_MS = 15_000; // a running run nobody watches is stopped after this long

export class RunSession {
  readonly id = randomUUID();
  private readonly events: RunEvent[] = [];
  private readonly waiters = new Set<(arrived: boolean) => void>();
  private handle: RunHandle | null = null;
  private watchers = 0;
  private abandonTimer: ReturnType<typeof setTimeout> | undefined;
  private stopReason: StopReason | undefined;
  private idleMinutes: number | undefined;
  private dropped = false;
  private waiting = false; // in the pool's queue
  private started = false;
  done = false;

  constructor(
    readonly userId: number,
    readonly limits: RunLimits,
    private readonly onDone: (session: RunSession) => void,
  ) {
    this.armAbandonTimer();
  }

  /** Starts the job; throws the sandbox's SandboxInputError for bad input. `userKey`: the sandbox's
   *  per-user queue (default: the user's runs one at a time). */
  start(sandbox: Sandbox, files: JobFile[], main: string, userKey = `user:${this.userId}`): void {
    const limits: Partial<JobLimits> = { ...this.limits };
    this.handle = sandbox.run(
      { files, main, limits, userKey },
      {
        onQueued: (position) => {
          this.waiting = true;
          this.push({ kind: "queued", position });
        },
        onStart: () => {
          this.waiting = false;
          this.started = true;
          this.push({ kind: "started" });
          if (this.stopReason) this.cancel();
        },
        onStdout: (text) => this.output("stdout", text),
        onStderr: (text) => this.output("stderr", text),
      },
    );
    void this.handle.result.then((result) => this.finish(result));
  }

  sendStdin(text: string): void {
    this.handle?.sendStdin(text);
  }

  closeStdin(): void {
    this.handle?.closeStdin();
  }

  stop(reason: StopReason = "stopped", idleMinutes?: number): void {
    if (this.done) return;
    this.stopReason ??= reason;
    if (reason === "idle") this.idleMinutes ??= idleMinutes;
    this.cancel();
  }

  /** Cancels now when running or waiting in the queue (the pool just drops it); a job handed to a
   *  container but not started yet is cancelled from onStart, which calls again. */
  private cancel(): void {
    if (!this.handle || this.done) return;
    if (this.started || this.waiting) this.handle.cancel();
  }

  /** Everything after the cursor, as SSE messages, and the cursor after them. */
  read(cursor: Cursor): { messages: SseMessage[]; cursor: Cursor; done: boolean } {
    if (cursor.index >= this.events.length) cursor = START; // a cursor from elsewhere: start over
    const messages: SseMessage[] = [];
    let next = cursor;
    for (let i = Math.max(cursor.index, 0); i < this.events.length; i++) {
      const ev = this.events[i]!;
      const seen = i === cursor.index;
      if (ev.kind === "stdout" || ev.kind === "stderr") {
        const from = seen ? cursor.offset : 0;
        next = { index: i, offset: ev.text.length };
        if (ev.text.length > from) {
          messages.push(message(ev.kind, JSON.stringify(ev.text.slice(from)), next));
        }
      } else if (!seen) {
        next = { index: i, offset: 0 };
        messages.push(message(ev.kind, JSON.stringify(payload(ev)), next));
      }
    }
    return { messages, cursor: next, done: this.done && next.index === this.events.length - 1 };
  }

  /** Resolves true when something new arrives, or false after `ms`. */
  wait(ms: number): Promise<boolean> {
    if (this.done) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (arrived: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(arrived);
      };
      const timer = setTimeout(() => wake(false), ms);
      this.waiters.add(wake);
    });
  }

  /** A reader is connected; while none is, a running program is stopped after a grace period. */
  attach(): void {
    this.watchers++;
    clearTimeout(this.abandonTimer);
  }

  detach(): void {
    this.watchers--;
    if (this.watchers <= 0) this.armAbandonTimer();
  }

  private armAbandonTimer(): void {
    if (this.done) return;
    clearTimeout(this.abandonTimer);
    this.abandonTimer = setTimeout(() => this.stop("abandoned"), ABANDON_MS);
    this.abandonTimer.unref?.();
  }

  private output(kind: OutputKind, text: string): void {
    const last = this.events[this.events.length - 1];
    if (last && last.kind === kind && last.text.length < MERGE_BELOW) {
      last.text += text;
    } else if (this.events.length < MAX_EVENTS) {
      this.events.push({ kind, text });
    } else {
      this.dropped = true;
      return;
    }
    this.notify();
  }

  private push(ev: RunEvent): void {
    this.events.push(ev);
    this.notify();
  }

  private finish(result: JobResult): void {
    clearTimeout(this.abandonTimer);
    const info: ExitInfo = {
      ...result,
      truncated: result.truncated || this.dropped,
      limits: this.limits,
      ...(result.cancelled && this.stopReason ? { stopReason: this.stopReason } : {}),
      ...(result.cancelled && this.stopReason === "idle" && this.idleMinutes !== undefined
        ? { idleMinutes: this.idleMinutes }
        : {}),
    };
    this.push({ kind: "exit", info });
    this.done = true;
    this.notify();
    this.onDone(this);
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake(true);
  }
}

function payload(ev: RunEvent): object {
  switch (ev.kind) {
    case "queued":
      return { position: ev.position };
    case "exit":
      return ev.info;
    default:
      return {};
  }
}

const message = (event: string, data: string, at: Cursor): SseMessage => ({
  event,
  data,
  id: `${at.index}.${at.offset}`,
});

/** Parses a Last-Event-ID header back into a cursor (START when absent or malformed). */
export function parseCursor(id: string | undefined): Cursor {
  const m = /^(\d{1,6})\.(\d{1,9})$/.exec(id ?? "");
  return m ? { index: Number(m[1]), offset: Number(m[2]) } : START;
}

/** All live and recently finished runs of one app. */
export class RunRegistry {
  private readonly runs = new Map<string, RunSession>();

  /** Starts a run for a user, stopping their previous one. Throws SandboxInputError for bad input. */
  start(sandbox: Sandbox, userId: number, limits: RunLimits, files: JobFile[], main: string): RunSession {
    const session = new RunSession(userId, limits, (s) => {
      setTimeout(() => this.runs.delete(s.id), KEEP_DONE_MS).unref?.();
    });
    session.start(sandbox, files, main); // throws before anything is registered
    for (const other of this.runs.values()) {
      if (other.userId === userId && !other.done) other.stop("replaced");
    }
    this.runs.set(session.id, session);
    return session;
  }

  /** A run of this user; another user's run is as good as missing. */
  get(id: string, userId: number): RunSession | undefined {
    const session = this.runs.get(id);
    return session && session.userId === userId ? session : undefined;
  }

  /** Stops everything (server shutdown, tests). */
  stopAll(): void {
    for (const s of this.runs.values()) s.stop("abandoned");
  }
}
