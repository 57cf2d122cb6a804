// The console pane: program output as it streams (stdout and stderr apart, batched per frame),
// traceback lines linked to the editor, an input line while the program runs, and a status line and
// notice when it ends. Knows nothing about HTTP: the workspace feeds it events.
import type { ExitInfo } from "../../features/playground/runs.ts";
import { PictureStream, renderPng, TurtleCanvas, type TurtleOp } from "../pictures.ts";
import { describeExit, type ErrorSummary, splitFrameRef, type Tone } from "./errors.ts";

export interface RunConsoleOptions {
  /** The person typed a line for the program (without the newline). */
  onLine?(text: string): void;
  /** Ctrl+D in the input line. */
  onEof?(): void;
  /** A traceback link was followed. */
  onLocation?(file: string, line: number): void;
  /** File names of the workspace: only references to these become links. */
  files?(): readonly string[];
  /** The parts' data attributes are data-PREFIX-output, -scroll, -input, -status and -state; default:
   * "console" (with data-run-state), so a second console on the page (the playground's shell) has its own. */
  prefix?: string;
}

export type RunState = "idle" | "queued" | "running" | "done" | "stopped" | "warning" | "failed";

type Kind = "stdout" | "stderr";

const PROMPT_QUIET_MS = 150; // output without a newline, then quiet: the program likely waits in input()
const LINE_QUIET_MS = 600; // any output, then quiet this long: it may be waiting too

export class RunConsole {
  readonly output: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly scroller: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly status: HTMLElement;
  private readonly state: HTMLElement;
  private pre: HTMLPreElement | null = null;
  private tail: { kind: Kind | "stdin"; node: Text } | null = null;
  private errPartial: Text | null = null;
  private errPartialText = "";
  private pending: Array<[Kind, string]> = [];
  private frame = 0;
  private stderrText = "";
  private endsWithNewline = true;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private pictures = new PictureStream();
  private turtle: TurtleCanvas | null = null;

  constructor(
    readonly root: HTMLElement,
    private readonly options: RunConsoleOptions = {},
  ) {
    const q = <T extends Element>(sel: string) => {
      const el = root.querySelector<T>(sel);
      if (!el) throw new Error(`console: ${sel} is missing`);
      return el;
    };
    const p = options.prefix ?? "console";
    this.output = q<HTMLElement>(`[data-${p}-output]`);
    this.scroller = root.querySelector<HTMLElement>(`[data-${p}-scroll]`) ?? this.output;
    this.form = q<HTMLFormElement>(`[data-${p}-input]`);
    this.input = q<HTMLInputElement>(`[data-${p}-input] input`);
    this.status = q<HTMLElement>(`[data-${p}-status]`);
    this.state = q<HTMLElement>(p === "console" ? "[data-run-state]" : `[data-${p}-state]`);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submitLine();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "d" && e.ctrlKey && !e.altKey) {
        e.preventDefault();
        this.options.onEof?.();
        this.note("(input closed)", "info");
      }
    });
    this.output.addEventListener("click", (e) => {
      const link = (e.target as Element).closest<HTMLElement>("[data-file][data-line]");
      if (!link) return;
      e.preventDefault();
      this.options.onLocation?.(link.dataset.file ?? "", Number(link.dataset.line));
    });
  }

  /** Everything the current run wrote to stderr so far. */
  stderr(): string {
    return this.stderrText;
  }

  isRunning(): boolean {
    return this.running;
  }

  clear(): void {
    this.flush();
    this.output.replaceChildren();
    this.pre = null;
    this.tail = null;
    this.errPartial = null;
    this.errPartialText = "";
    this.status.hidden = true;
    this.status.replaceChildren();
  }

  /** A new run: fresh console, "Starting…". */
  begin(label: string): void {
    this.clear();
    this.pictures = new PictureStream();
    this.turtle = null;
    this.stderrText = "";
    this.endsWithNewline = true;
    this.running = true;
    const head = el("p", "console-meta", label);
    this.output.append(head);
    this.setState("running", "Starting…");
    this.showInput(true);
  }

  queued(position: number): void {
    const ordinal = position === 1 ? "next" : `number ${position}`;
    this.setState("queued", `Waiting for a free sandbox: you are ${ordinal} in line`);
  }

  started(): void {
    this.setState("running", "Running…");
  }

  /** Streams program output; rendering happens once per animation frame. */
  write(kind: Kind, text: string): void {
    if (kind === "stderr") this.stderrText += text;
    this.pending.push([kind, text]);
    this.endsWithNewline = text.endsWith("\n");
    if (!this.frame) {
      const flush = () => this.flush();
      this.frame = document.hidden ? window.setTimeout(flush, 50) : requestAnimationFrame(flush);
    }
    this.watchForPrompt();
  }

  /** Shows what the person typed, as the program will read it. */
  echo(text: string): void {
    this.flush();
    this.append("stdin", `${text}\n`);
    this.endsWithNewline = true;
    this.scrollToEnd(true);
  }

  /** A line from Slate itself (not the program). */
  note(text: string, tone: Tone | "info" = "info"): void {
    this.flush();
    this.tail = null;
    this.output.append(el("p", `console-note tone-${tone}`, text));
    this.pre = null;
    this.scrollToEnd(true);
  }

  /** The run ended: status line, a friendly notice, the error card when the program crashed. */
  end(info: ExitInfo, error: ErrorSummary | null): void {
    this.flush();
    for (const part of this.pictures.end()) if ("text" in part) this.append("stdout", part.text);
    this.finishRunning();
    const report = describeExit(info);
    const crashed =
      error && !info.error && !info.cancelled && !info.timedOut && !info.memoryExceeded && !info.truncated;
    if (crashed) this.errorCard(error);
    else if (report.detail) this.notice(report.tone, report.title, report.detail);
    const title = crashed
      ? `${error.type}${error.where ? ` on line ${error.where.line}` : ""}`
      : report.title;
    const tone = crashed ? "error" : report.tone;
    const state: RunState =
      tone === "success" ? "done" : tone === "info" ? "stopped" : tone === "warning" ? "warning" : "failed";
    this.setState(state, crashed ? title : report.short);
    this.status.hidden = false;
    this.status.className = `console-status tone-${tone}`;
    const facts = [
      report.stats,
      info.exitCode !== null && !info.cancelled ? `exit code ${info.exitCode}` : "",
    ]
      .filter(Boolean)
      .join(" · ");
    const figures = el("span", "muted", facts);
    figures.title = "How long it ran · the most memory it used · its exit code";
    this.status.replaceChildren(el("strong", "", title), figures);
  }

  /** The run never got going, or its stream broke for good. */
  fail(message: string): void {
    this.flush();
    this.finishRunning();
    this.notice("error", "Could not run", message);
    this.setState("failed", "Not run");
  }

  setState(state: RunState, label: string): void {
    this.state.dataset.state = state;
    this.state.textContent = label;
  }

  showInput(show: boolean): void {
    const stick = this.atBottom();
    this.form.hidden = !show;
    if (!show) this.form.classList.remove("is-waiting");
    this.scrollToEnd(stick);
  }

  // ------------------------------------------------------------------ rendering

  private finishRunning(): void {
    this.running = false;
    clearTimeout(this.quietTimer);
    this.showInput(false);
    if (this.errPartialText) {
      this.errPartial?.remove();
      this.renderErrLines(this.errPartialText);
      this.errPartial = null;
      this.errPartialText = "";
    }
  }

  private submitLine(): void {
    if (!this.running) return;
    const text = this.input.value;
    this.input.value = "";
    this.form.classList.remove("is-waiting");
    this.echo(text);
    this.options.onLine?.(text);
  }

  /** A program that printed a prompt (or anything) and went quiet is probably waiting for input. */
  private watchForPrompt(): void {
    clearTimeout(this.quietTimer);
    this.form.classList.remove("is-waiting");
    this.quietTimer = setTimeout(
      () => {
        if (!this.running) return;
        this.form.classList.add("is-waiting");
        this.root.dispatchEvent(new CustomEvent("console:waiting", { bubbles: true }));
      },
      this.endsWithNewline ? LINE_QUIET_MS : PROMPT_QUIET_MS,
    );
  }

  private flush(): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      clearTimeout(this.frame);
      this.frame = 0;
    }
    if (this.pending.length === 0) return;
    const stick = this.atBottom();
    for (const [kind, text] of this.pending) {
      if (kind === "stdout") this.appendStdout(text);
      else this.appendStderr(text);
    }
    this.pending = [];
    this.scrollToEnd(stick);
  }

  /** Printed text, with the pictures the program drew (turtle, matplotlib) in their place. */
  private appendStdout(text: string): void {
    for (const part of this.pictures.push(text)) {
      if ("text" in part) this.append("stdout", part.text);
      else this.appendPicture(part);
    }
  }

  private appendPicture(part: { png: string } | { turtle: TurtleOp[] }): void {
    if ("png" in part) this.output.append(renderPng(part.png));
    else if (this.turtle) this.turtle.add(part.turtle);
    else {
      this.turtle = new TurtleCanvas();
      this.output.append(this.turtle.element);
      this.turtle.add(part.turtle);
    }
    this.pre = null; // text printed after the picture goes below it
    this.tail = null;
  }

  private ensurePre(): HTMLPreElement {
    if (!this.pre) {
      this.pre = el("pre", "console-text", "") as HTMLPreElement;
      this.output.append(this.pre);
      this.tail = null;
    }
    return this.pre;
  }

  private append(kind: Kind | "stdin", text: string): void {
    const pre = this.ensurePre();
    if (this.tail?.kind === kind && !this.errPartial) {
      this.tail.node.appendData(text);
      return;
    }
    const span = el("span", kind === "stdout" ? "out" : kind === "stderr" ? "err" : "in", "");
    const node = document.createTextNode(text);
    span.append(node);
    pre.append(span);
    this.tail = { kind, node };
  }

  /** stderr is rendered by whole lines, so `File "main.py", line 3` can become a link. */
  private appendStderr(text: string): void {
    const all = this.errPartialText + text;
    const cut = all.lastIndexOf("\n") + 1;
    if (cut > 0) {
      this.errPartial?.parentElement?.remove();
      this.errPartial = null;
      this.renderErrLines(all.slice(0, cut));
    }
    this.errPartialText = all.slice(cut);
    if (this.errPartialText) {
      if (this.errPartial) this.errPartial.data = this.errPartialText;
      else {
        const span = el("span", "err", "");
        this.errPartial = document.createTextNode(this.errPartialText);
        span.append(this.errPartial);
        this.ensurePre().append(span);
        this.tail = null;
      }
    }
  }

  private renderErrLines(text: string): void {
    const pre = this.ensurePre();
    const files = this.options.files?.() ?? [];
    const span = el("span", "err", "");
    for (const line of text.split(/(?<=\n)/)) {
      for (const part of splitFrameRef(line, files)) {
        if (typeof part === "string") span.append(part);
        else {
          const a = el("a", "trace-link", part.text) as HTMLAnchorElement;
          a.href = "#";
          a.dataset.file = part.file;
          a.dataset.line = String(part.line);
          a.title = `Show line ${part.line} of ${part.file} in the editor`;
          span.append(a);
        }
      }
    }
    pre.append(span);
    this.tail = null;
  }

  private notice(tone: Tone, title: string, detail: string): void {
    const box = el("div", `console-notice tone-${tone}`, "");
    box.append(el("strong", "", title), el("p", "", detail));
    this.tail = null;
    this.pre = null;
    this.output.append(box);
    this.scrollToEnd(true);
  }

  private errorCard(error: ErrorSummary): void {
    const box = el("div", "console-notice tone-error", "");
    const where = error.where;
    const title = el("strong", "", `${error.type}${where ? ` in ${where.file}, line ${where.line}` : ""}`);
    box.append(title);
    if (error.message) box.append(el("p", "console-error-message", error.message));
    if (error.hint) box.append(el("p", "", error.hint));
    if (where) {
      const go = el("button", "btn btn-secondary btn-sm", `Show line ${where.line}`) as HTMLButtonElement;
      go.type = "button";
      go.dataset.file = where.file;
      go.dataset.line = String(where.line);
      box.append(go);
    }
    this.tail = null;
    this.pre = null;
    this.output.append(box);
    this.scrollToEnd(true);
  }

  private atBottom(): boolean {
    const o = this.scroller;
    return o.scrollHeight - o.scrollTop - o.clientHeight < 48;
  }

  private scrollToEnd(stick: boolean): void {
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}

function el(tag: string, cls: string, text: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}
