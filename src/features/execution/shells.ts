// Python shells (issue 18): a REPL is a sandbox job that stays open, so shells run in a pool of their
// own (never in the pool that runs programs and gradings, so open shells cannot starve them), are
// capped per user and in total, and end after some idle minutes with a note saying so.
import type { JobFile, Sandbox } from "../../sandbox/index.ts";
import { type RunLimits, RunSession } from "../playground/runs.ts";
import shellSource from "./shell.py" with { type: "text" };

export const SHELL_FILE = "_slate_shell.py";

export interface ShellSettings {
  perUser: number;
  total: number;
  idleMs: number;
  memoryMb: number;
}

export class ShellLimitError extends Error {
  override name = "ShellLimitError";
}

const SWEEP_MS = 5000;

/** The job's limits: the sandbox's longest wall time (a shell lasts at most 10 minutes in all). */
function shellLimits(memoryMb: number): RunLimits {
  return { wallSeconds: 600, cpuSeconds: 60, memoryMb, outputBytes: 2 * 1024 * 1024 };
}

export class ShellService {
  private readonly sessions = new Map<string, RunSession>();
  private readonly lastInput = new Map<string, number>();
  private started: Promise<void> | null = null;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** The shells' own pool (null: code execution is off). */
    readonly sandbox: Sandbox | null,
    /** Read for every decision (a test may shorten idleMs). */
    readonly settings: ShellSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Open shells (running or waiting for a container). */
  openCount(userId?: number): number {
    let n = 0;
    for (const s of this.sessions.values()) if (!s.done && (userId === undefined || s.userId === userId)) n++;
    return n;
  }

  /**
   * Opens a shell for a user; with `main`, that program runs first ("Continue in shell"). Throws
   * ShellLimitError when the user or the server has as many shells open as allowed, and the sandbox's
   * SandboxInputError for files it refuses.
   */
  async open(userId: number, files: JobFile[], main: string | null): Promise<RunSession> {
    if (!this.sandbox) throw new ShellLimitError("Code execution is turned off on this server.");
    // Before the caps are checked, so that the check and the count's update happen with no await
    // between them: requests that came in while the pool started had all passed a check made earlier.
    this.started ??= this.sandbox.start();
    await this.started;
    if (this.openCount(userId) >= this.settings.perUser)
      throw new ShellLimitError(
        `You already have ${this.settings.perUser === 1 ? "a shell" : `${this.settings.perUser} shells`} open: close it first (Stop), or wait until it ends.`,
      );
    if (this.openCount() >= this.settings.total)
      throw new ShellLimitError("All shells on this server are in use. Try again in a few minutes.");
    const session = new RunSession(userId, shellLimits(this.settings.memoryMb), (s) => {
      this.lastInput.delete(s.id);
      setTimeout(() => this.sessions.delete(s.id), 60_000).unref?.();
    });
    const driver = shellSource.replace(
      "PROGRAM = None  # replaced by the server",
      `PROGRAM = ${main ? JSON.stringify(main) : "None"}`,
    );
    // Each shell queues alone: a user's second shell must not wait for the first to close. (Shells run in
    // their own pool, so they are not serialized with the user's gradings either: a shell may stay
    // open for minutes, and waiting for it would hold the grading back.)
    session.start(
      this.sandbox,
      [...files.filter((f) => f.name !== SHELL_FILE), { name: SHELL_FILE, content: driver }],
      SHELL_FILE,
      `shell:${session.id}`,
    );
    this.sessions.set(session.id, session);
    this.lastInput.set(session.id, this.now());
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref?.();
    return session;
  }

  get(id: string, userId: number): RunSession | undefined {
    const s = this.sessions.get(id);
    return s && s.userId === userId ? s : undefined;
  }

  /** A line for the shell; it counts as activity. */
  input(session: RunSession, text: string): void {
    this.lastInput.set(session.id, this.now());
    session.sendStdin(text);
  }

  /** Ends shells nobody typed into for the idle time. */
  sweep(): void {
    const now = this.now();
    for (const [id, at] of this.lastInput) {
      const s = this.sessions.get(id);
      if (s && !s.done && now - at >= this.settings.idleMs) s.stop("idle", this.settings.idleMs / 60_000);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    for (const s of this.sessions.values()) s.stop("abandoned");
    await this.sandbox?.stop();
  }
}
