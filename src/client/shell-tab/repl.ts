// The Shell tab's REPL: one shell at a time on /playground/shells (the server's driver prints ">>> " and
// "... " prompts and each result as IDLE does; stdout and stderr stream like a run). This adds what a
// shell needs over a run console: the prompt beside the input line, history with ↑/↓, and restarting.
import { type RunController, startRun } from "../editor/run-client.ts";
import { RunConsole } from "../editor/run-console.ts";

const SHELLS = "/playground/shells";
const HISTORY_MAX = 200;
/** How long a restart waits for the old shell to end before opening the new one (the cap is 1). */
const END_WAIT_MS = 5000;

export interface ShellStart {
  files: { name: string; content: string }[];
  /** "Continue in shell": this program runs first, so its variables are in scope. */
  main: string | null;
}

export class ShellRepl {
  readonly console: RunConsole;
  private ctl: RunController | null = null;
  private readonly history: string[] = [];
  private cursor = 0;
  private draft = "";
  private readonly prompt: HTMLElement;
  /** The driver's last prompt, held back from the transcript until a line is sent (IDLE shows it once). */
  private heldPrompt = "";
  private opening: Promise<void> = Promise.resolve();

  constructor(
    readonly panel: HTMLElement,
    private readonly options: {
      /** File names of the workspace, so traceback lines of its files become links. */
      files(): readonly string[];
      onLocation(file: string, line: number): void;
      /** Set when code execution is off: shown instead of starting a shell. */
      disabledReason?: string;
    },
  ) {
    this.console = new RunConsole(panel, {
      onLine: (text) => this.submit(text),
      onEof: () => void this.ctl?.closeInput(),
      onLocation: options.onLocation,
      files: options.files,
      prefix: "shell",
    });
    this.prompt = panel.querySelector<HTMLElement>("[data-shell-prompt]") ?? document.createElement("span");
    this.console.input.addEventListener("keydown", (e) => this.onKey(e));
    // Capture phase: the held prompt must reach the transcript before the console echoes the line.
    panel.addEventListener("submit", () => this.releasePrompt(), { capture: true });
  }

  isOpen(): boolean {
    return this.ctl !== null;
  }

  /** Ends the current shell (if any) and opens a new one; later calls wait for earlier ones. */
  restart(start: ShellStart): Promise<void> {
    this.opening = this.opening.then(() => this.open(start));
    return this.opening;
  }

  clear(): void {
    this.console.clear();
  }

  private async open(start: ShellStart): Promise<void> {
    if (this.options.disabledReason) {
      this.console.clear();
      this.console.note(this.options.disabledReason, "warning");
      return;
    }
    await this.end();
    this.heldPrompt = "";
    this.setPrompt(">>>");
    this.console.begin(start.main ? `▶ ${start.main}, then a Python shell` : "Python shell");
    const ctl = startRun(SHELLS, start, {
      onQueued: (position) => this.console.queued(position),
      onStarted: () => this.console.setState("running", "Shell open"),
      onOutput: (kind, text) => {
        if (kind === "stdout") this.writeStdout(text);
        else this.console.write(kind, text);
      },
      // The driver prints each error itself; the status line and the idle note are all the end needs.
      onExit: (info) => {
        this.console.end(info, null);
        if (this.ctl === ctl) this.ctl = null;
      },
      onFailure: (message) => {
        this.console.fail(message);
        if (this.ctl === ctl) this.ctl = null;
      },
      onNotice: (message) => this.console.note(message, "warning"),
    });
    this.ctl = ctl;
  }

  /** Stops the open shell and waits (a little) until the server has let it go. */
  private async end(): Promise<void> {
    const old = this.ctl;
    if (!old) return;
    this.ctl = null;
    await old.stop();
    old.detach();
    await Promise.race([old.finished, new Promise((r) => setTimeout(r, END_WAIT_MS))]);
  }

  private submit(text: string): void {
    if (text.trim() && this.history.at(-1) !== text) {
      this.history.push(text);
      if (this.history.length > HISTORY_MAX) this.history.shift();
    }
    this.cursor = this.history.length;
    this.draft = "";
    void this.ctl?.send(`${text}\n`);
  }

  /** ↑/↓ walk the history; the line being typed is kept as the newest entry. */
  private onKey(e: KeyboardEvent): void {
    if ((e.key !== "ArrowUp" && e.key !== "ArrowDown") || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey)
      return;
    const input = this.console.input;
    if (this.cursor === this.history.length) this.draft = input.value;
    const next = e.key === "ArrowUp" ? this.cursor - 1 : this.cursor + 1;
    if (next < 0 || next > this.history.length) return;
    e.preventDefault();
    this.cursor = next;
    input.value = next === this.history.length ? this.draft : (this.history[next] ?? "");
    input.setSelectionRange(input.value.length, input.value.length);
  }

  /**
   * The driver asks for a line with ">>> " or, inside a block, "... ": that prompt is shown beside the
   * input line instead of at the transcript's end, and written to the transcript with the line sent.
   */
  private writeStdout(text: string): void {
    const all = this.heldPrompt + text;
    const prompt = all.endsWith(">>> ") ? ">>> " : all.endsWith("... ") ? "... " : "";
    this.heldPrompt = prompt;
    if (prompt) this.setPrompt(prompt.trim());
    const shown = all.slice(0, all.length - prompt.length);
    if (shown) this.console.write("stdout", shown);
  }

  private releasePrompt(): void {
    if (!this.heldPrompt || !this.console.isRunning()) return;
    this.console.write("stdout", this.heldPrompt);
    this.heldPrompt = "";
  }

  private setPrompt(prompt: string): void {
    this.prompt.textContent = prompt;
    this.console.input.setAttribute(
      "aria-label",
      prompt === "..." ? "Python line for the shell (continuing a block)" : "Python line for the shell",
    );
  }
}
