// The visualizer dialog: Python Tutor's split layout (code with gutter arrows and a legend on the
// left, output below it behind a draggable gutter, Frames and Objects with SVG arrows on the right),
// navigation (First/Prev/Next/Last, a slider, a "Step 5 / 42" counter, ←/→/Home/End, clicking a line
// jumps to its next execution), options remembered per user, predict mode, and an output window that
// pops out, drags and resizes. Built once per page; each trace replaces the one shown.
import type { Trace, TracePoint } from "../../features/visualizer/codec.ts";
import { drawArrows, forgetAllPointers } from "./arrows.ts";
import { CodePane } from "./code-pane.ts";
import { FramesDom, framesHtml, ObjectsDom, Painter, type RenderOptions, renderPoint } from "./render.ts";

export interface ViewOptions extends RenderOptions {
  heapPrimitives: boolean;
  start: "first" | "error" | "last";
}

export interface ViewHooks {
  /** An option changed (saved per user by the caller). heapPrimitives needs a new trace. */
  onOptions(options: ViewOptions, retrace: boolean): void;
  /** The user sent the program's input from the input form. */
  onInput(stdin: string): void;
}

const OPTION_LABELS: [keyof RenderOptions | "heapPrimitives", string][] = [
  ["heapPrimitives", "Draw numbers and strings as objects"],
  ["grid", "Draw lists of lists as a grid"],
  ["showReturned", "Show frames of functions that returned"],
  ["nest", "Draw objects inside their parents"],
  ["textLabels", "Text labels instead of arrows"],
];

const TEMPLATE = `
<div class="viz-head">
  <h2 class="viz-title" id="viz-title">Visualize</h2>
  <span class="viz-counter" data-counter aria-live="polite">Step 0 / 0</span>
  <span class="viz-head-tools">
    <button type="button" class="btn btn-ghost btn-sm" data-predict aria-pressed="false" title="Guess the next line before you step">Predict</button>
    <details class="viz-options-menu">
      <summary class="btn btn-ghost btn-sm" aria-label="Options">Options</summary>
      <div class="viz-options" role="group" aria-label="Visualizer options" data-options></div>
    </details>
    <button type="button" class="btn btn-ghost btn-sm" data-close aria-label="Close the visualizer">Close</button>
  </span>
</div>
<div class="viz-message" data-message role="status" aria-live="polite" hidden></div>
<form class="viz-input" data-input-form hidden>
  <label for="viz-stdin">Your program reads input. Type it here first, one line for each <code>input()</code>:</label>
  <textarea id="viz-stdin" name="stdin" rows="4" spellcheck="false"></textarea>
  <button type="submit" class="btn btn-primary btn-sm">Visualize with this input</button>
</form>
<div class="viz-body" data-body>
  <section class="viz-left" aria-label="Code and output">
    <div class="viz-code-head">
      <span class="viz-file" data-file></span>
      <span class="viz-legend" aria-label="Legend">
        <span class="viz-key"><span class="viz-arrow-mark viz-mark-done">➜</span> line that just ran</span>
        <span class="viz-key" data-legend-next><span class="viz-arrow-mark viz-mark-next">➜</span> next line to run</span>
      </span>
    </div>
    <div class="viz-code" data-code></div>
    <nav class="viz-nav" aria-label="Steps">
      <button type="button" class="btn btn-secondary btn-sm" data-go="first" aria-label="First step">« First</button>
      <button type="button" class="btn btn-secondary btn-sm" data-go="prev" aria-label="Previous step">‹ Previous</button>
      <input type="range" min="0" max="0" value="0" data-slider aria-label="Step" />
      <button type="button" class="btn btn-secondary btn-sm" data-go="next" aria-label="Next step">Next ›</button>
      <button type="button" class="btn btn-secondary btn-sm" data-go="last" aria-label="Last step">Last »</button>
    </nav>
    <div class="viz-gutter" data-gutter role="separator" tabindex="0" aria-orientation="horizontal" aria-label="Resize code and output" aria-valuemin="0" aria-valuemax="100" aria-valuenow="60"></div>
    <section class="viz-output" data-output aria-labelledby="viz-output-title">
      <div class="viz-output-head" data-output-head>
        <h3 id="viz-output-title">Output</h3>
        <button type="button" class="btn btn-ghost btn-sm" data-popout aria-pressed="false">Pop out</button>
      </div>
      <pre class="viz-stdout" data-stdout tabindex="0" role="log" aria-label="Program output so far"></pre>
    </section>
  </section>
  <section class="viz-right" aria-label="Frames and objects" tabindex="0">
    <div class="viz-state" data-state>
      <div class="viz-col"><h3>Frames</h3><div data-frames></div></div>
      <div class="viz-col"><h3>Objects</h3><div data-objects></div></div>
    </div>
  </section>
</div>
<p class="viz-score" data-score hidden></p>`;

export class VisualizerView {
  readonly dialog: HTMLDialogElement;
  trace: Trace | null = null;
  index = 0;
  /** Milliseconds each rendered step took (HTML, layout and arrows): read by the benchmark. */
  readonly renderTimes: number[] = [];
  private code: CodePane;
  private objectsDom: ObjectsDom;
  private framesDom: FramesDom;
  private shownStdout: string | null = null;
  private predicting = false;
  private guessed = false;
  private score = { right: 0, total: 0 };
  private readonly resize: ResizeObserver;
  private frameRequest = 0;

  constructor(
    public options: ViewOptions,
    private readonly hooks: ViewHooks,
    dark: boolean,
  ) {
    this.dialog = document.createElement("dialog");
    this.dialog.className = "viz";
    this.dialog.setAttribute("aria-labelledby", "viz-title");
    this.dialog.innerHTML = TEMPLATE;
    document.body.append(this.dialog);
    this.code = new CodePane(this.q("[data-code]"), (line) => this.lineClicked(line), dark);
    this.objectsDom = new ObjectsDom(this.q("[data-objects]"));
    this.framesDom = new FramesDom(this.q("[data-frames]"));
    this.buildOptions();
    this.wire();
    this.resize = new ResizeObserver(() => this.scheduleArrows());
    this.resize.observe(this.q("[data-state]"));
    // The columns too: one can change size while the whole state keeps its size (it fills the pane).
    this.resize.observe(this.q("[data-frames]"));
    this.resize.observe(this.q("[data-objects]"));
    // A web font arriving changes text widths without any element changing: measure pointers anew.
    document.fonts?.addEventListener("loadingdone", () => {
      forgetAllPointers();
      this.scheduleArrows();
    });
  }

  private q<T extends HTMLElement = HTMLElement>(sel: string): T {
    return this.dialog.querySelector<T>(sel)!;
  }

  open(title: string): void {
    this.q("#viz-title").textContent = title;
    if (!this.dialog.open) this.dialog.showModal();
  }

  busy(text: string): void {
    this.message(text, "info");
    this.q("[data-body]").setAttribute("aria-busy", "true");
  }

  message(text: string | null, tone: "info" | "error" | "success" = "info"): void {
    const box = this.q("[data-message]");
    box.hidden = !text;
    box.textContent = text ?? "";
    box.dataset.tone = tone;
  }

  askInput(initial: string): void {
    const form = this.q<HTMLFormElement>("[data-input-form]");
    form.hidden = false;
    const area = form.querySelector("textarea")!;
    area.value = initial;
    area.focus();
  }

  show(trace: Trace, start?: "first" | "error" | "last"): void {
    this.q("[data-input-form]").hidden = true;
    this.q("[data-body]").removeAttribute("aria-busy");
    this.trace = trace;
    this.shownStdout = null;
    const slider = this.q<HTMLInputElement>("[data-slider]");
    slider.max = String(trace.trace.length - 1);
    this.score = { right: 0, total: 0 };
    this.updateScore();
    this.message(null);
    this.go(startIndex(trace, start ?? this.options.start));
  }

  go(index: number): void {
    const trace = this.trace;
    if (!trace) return;
    const n = trace.trace.length;
    this.index = Math.max(0, Math.min(n - 1, index));
    this.guessed = false;
    this.render();
  }

  private render(): void {
    const trace = this.trace!;
    const started = performance.now();
    const point = trace.trace[this.index]!;
    const prev = this.index > 0 ? trace.trace[this.index - 1] : undefined;
    const file = point.file || trace.main;
    this.code.show(file, trace.files.find((f) => f.name === file)?.content ?? trace.code);
    this.q("[data-file]").textContent = file;
    const done = prev && (prev.file || trace.main) === file ? prev.line : null;
    const ended =
      point.event === "return" && point.func_name === "<module>" && this.index === trace.trace.length - 1;
    const hideNext = this.predicting && !this.guessed;
    this.code.mark({ done: ended ? point.line : done, next: ended || hideNext ? null : point.line });
    this.q("[data-legend-next]").hidden = hideNext;
    this.drawState(point);
    const out = this.q("[data-stdout]");
    const text = point.stdout + (point.result !== undefined ? `\n→ returned ${point.result}` : "");
    const outputChanged = text !== this.shownStdout;
    if (outputChanged) {
      out.textContent = text;
      this.shownStdout = text;
    }
    const n = trace.trace.length;
    this.q("[data-counter]").textContent = `Step ${this.index + 1} / ${n}`;
    const slider = this.q<HTMLInputElement>("[data-slider]");
    slider.value = String(this.index);
    slider.setAttribute("aria-valuetext", `Step ${this.index + 1} of ${n}`);
    this.describe(point);
    if (!this.options.textLabels) drawArrows(this.q("[data-state]"));
    if (outputChanged) out.scrollTop = out.scrollHeight; // read after the arrows' layout: no second one
    this.renderTimes.push(performance.now() - started);
  }

  /** Frames and objects keep the elements a step did not change, except when objects are nested. */
  private drawState(point: TracePoint): void {
    const framesEl = this.q("[data-frames]");
    this.q("[data-state]").classList.toggle("viz-labels", this.options.textLabels);
    if (this.options.nest) {
      const { frames, objects } = renderPoint(point, this.options);
      framesEl.innerHTML = frames;
      this.q("[data-objects]").innerHTML = objects;
      this.objectsDom.reset();
      this.framesDom.reset();
      return;
    }
    const painter = new Painter(point.heap, this.options);
    this.framesDom.update(framesHtml(point, this.options, painter));
    this.objectsDom.update(point, this.options, painter, [...painter.order]);
  }

  private describe(point: TracePoint): void {
    if (point.exception_msg) {
      const tone = point.event === "exception" ? "info" : "error";
      this.message(
        point.event === "exception"
          ? `Exception raised (it may be caught): ${point.exception_msg}`
          : point.exception_msg,
        tone,
      );
    } else if (!this.predicting) this.message(null);
    else if (!this.guessed) this.message("Predict: click the line you expect to run next.", "info");
  }

  private scheduleArrows(): void {
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = requestAnimationFrame(() => {
      if (this.trace && !this.options.textLabels) drawArrows(this.q("[data-state]"));
    });
  }

  private lineClicked(line: number): void {
    const trace = this.trace;
    if (!trace) return;
    const point = trace.trace[this.index]!;
    const file = point.file || trace.main;
    if (this.predicting) {
      if (this.guessed) return;
      this.guessed = true;
      const right = line === point.line;
      this.score.total += 1;
      if (right) this.score.right += 1;
      this.updateScore();
      this.render();
      this.message(
        right
          ? `Right: line ${point.line} runs next.`
          : `Not quite: line ${point.line} runs next, not line ${line}.`,
        right ? "success" : "error",
      );
      return;
    }
    const later = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const p = trace.trace[i]!;
        if (p.line === line && (p.file || trace.main) === file) return i;
      }
      return -1;
    };
    let found = later(this.index + 1, trace.trace.length);
    if (found < 0) found = later(0, this.index);
    if (found < 0) this.message(`Line ${line} never runs in this trace.`, "info");
    else this.go(found);
  }

  private updateScore(): void {
    const el = this.q("[data-score]");
    el.hidden = !this.predicting && this.score.total === 0;
    el.textContent = `Predictions this session: ${this.score.right} of ${this.score.total} right`;
  }

  setOptions(options: ViewOptions): void {
    this.options = options;
    for (const input of this.dialog.querySelectorAll<HTMLInputElement>("[data-option]")) {
      input.checked = Boolean(options[input.dataset.option as keyof ViewOptions]);
    }
    this.q<HTMLSelectElement>("[data-start]").value = options.start;
    if (this.trace) this.render();
  }

  private buildOptions(): void {
    const box = this.q("[data-options]");
    box.innerHTML =
      OPTION_LABELS.map(
        ([key, label]) =>
          `<label class="viz-check"><input type="checkbox" data-option="${key}"${this.options[key] ? " checked" : ""}> ${label}</label>`,
      ).join("") +
      `<label class="viz-check">Start at <select data-start aria-label="Start at"><option value="first">the first step</option><option value="error">the error</option><option value="last">the last step</option></select></label>`;
    this.q<HTMLSelectElement>("[data-start]").value = this.options.start;
    box.addEventListener("change", (e) => {
      const target = e.target as HTMLInputElement | HTMLSelectElement;
      if (target instanceof HTMLSelectElement) {
        this.options = { ...this.options, start: target.value as ViewOptions["start"] };
        this.hooks.onOptions(this.options, false);
        return;
      }
      const key = target.dataset.option as keyof ViewOptions;
      this.options = { ...this.options, [key]: (target as HTMLInputElement).checked };
      this.hooks.onOptions(this.options, key === "heapPrimitives");
      if (key !== "heapPrimitives" && this.trace) this.render();
    });
  }

  private wire(): void {
    this.q("[data-close]").addEventListener("click", () => this.dialog.close());
    for (const btn of this.dialog.querySelectorAll<HTMLButtonElement>("[data-go]")) {
      btn.addEventListener("click", () => this.step(btn.dataset.go!));
    }
    const slider = this.q<HTMLInputElement>("[data-slider]");
    slider.addEventListener("input", () => this.go(Number(slider.value)));
    this.dialog.addEventListener("keydown", (e) => {
      const target = e.target as HTMLElement;
      if (target === slider || target.closest("textarea, select, .viz-options-menu")) return;
      const keys: Record<string, string> = {
        ArrowLeft: "prev",
        ArrowRight: "next",
        Home: "first",
        End: "last",
      };
      const action = keys[e.key];
      if (!action || !this.trace) return;
      e.preventDefault();
      this.step(action);
    });
    this.q("[data-predict]").addEventListener("click", (e) => {
      this.predicting = !this.predicting;
      (e.currentTarget as HTMLElement).setAttribute("aria-pressed", String(this.predicting));
      this.updateScore();
      if (this.trace) this.render();
    });
    this.q<HTMLFormElement>("[data-input-form]").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.q<HTMLTextAreaElement>("#viz-stdin").value;
      this.hooks.onInput(text.endsWith("\n") || text === "" ? text : `${text}\n`);
    });
    this.wireGutter();
    this.wirePopout();
  }

  private step(action: string): void {
    const n = this.trace?.trace.length ?? 0;
    const to = { first: 0, prev: this.index - 1, next: this.index + 1, last: n - 1 }[action];
    if (to !== undefined) this.go(to);
  }

  /** The gutter between code and output: drag (or arrow keys) to give one more room. */
  private wireGutter(): void {
    const gutterEl = this.q("[data-gutter]");
    const code = this.q("[data-code]");
    const setHeight = (px: number) => {
      const max = window.innerHeight - 220;
      const h = Math.max(120, Math.min(px, max));
      code.style.height = `${h}px`;
      gutterEl.setAttribute("aria-valuenow", String(Math.round((h / max) * 100)));
      this.scheduleArrows();
    };
    gutterEl.addEventListener("pointerdown", (e) => {
      const startY = e.clientY;
      const startH = code.getBoundingClientRect().height;
      gutterEl.setPointerCapture(e.pointerId);
      const move = (m: PointerEvent) => setHeight(startH + m.clientY - startY);
      const up = () => {
        gutterEl.removeEventListener("pointermove", move);
        gutterEl.removeEventListener("pointerup", up);
      };
      gutterEl.addEventListener("pointermove", move);
      gutterEl.addEventListener("pointerup", up);
    });
    gutterEl.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
      e.preventDefault();
      e.stopPropagation();
      setHeight(code.getBoundingClientRect().height + (e.key === "ArrowDown" ? 24 : -24));
    });
  }

  /** The output pops out into a floating window: dragged by its title bar, resized by its corner. */
  private wirePopout(): void {
    const out = this.q("[data-output]");
    const head = this.q("[data-output-head]");
    const button = this.q("[data-popout]");
    button.addEventListener("click", () => {
      const floating = !out.classList.contains("is-floating");
      out.classList.toggle("is-floating", floating);
      button.setAttribute("aria-pressed", String(floating));
      button.textContent = floating ? "Dock" : "Pop out";
      // Out of the contained left pane while floating (containment would clip it and pin it there).
      if (floating) this.dialog.append(out);
      else this.q("[data-gutter]").after(out);
      if (floating) {
        out.style.left = `${Math.max(8, window.innerWidth - 440)}px`;
        out.style.top = `${Math.max(8, window.innerHeight - 300)}px`;
      } else {
        out.style.left = "";
        out.style.top = "";
      }
      this.scheduleArrows();
    });
    head.addEventListener("pointerdown", (e) => {
      if (!out.classList.contains("is-floating") || (e.target as HTMLElement).closest("button")) return;
      const box = out.getBoundingClientRect();
      const dx = e.clientX - box.left;
      const dy = e.clientY - box.top;
      head.setPointerCapture(e.pointerId);
      const move = (m: PointerEvent) => {
        out.style.left = `${Math.max(0, Math.min(window.innerWidth - 80, m.clientX - dx))}px`;
        out.style.top = `${Math.max(0, Math.min(window.innerHeight - 40, m.clientY - dy))}px`;
      };
      const up = () => {
        head.removeEventListener("pointermove", move);
        head.removeEventListener("pointerup", up);
      };
      head.addEventListener("pointermove", move);
      head.addEventListener("pointerup", up);
    });
  }
}

/** Where a trace opens: its first step, its first error (else the last step), or its last step. */
export function startIndex(trace: Trace, start: "first" | "error" | "last"): number {
  const n = trace.trace.length;
  if (start === "first") return 0;
  if (start === "error") {
    const i = trace.trace.findIndex((p) => p.event === "exception" || p.event === "uncaught_exception");
    return i >= 0 ? i : n - 1;
  }
  return n - 1;
}
