// One runnable example of a lesson page: a small CodeMirror editor, Run (the playground's run client
// and console, so output streams live and input() works), Reset to the teacher's original, and
// Visualize (the playground's visualizer). What the student types is saved to the server as they
// type (debounced), once more when the page is hidden, and a reload shows it.
import { CodeEditor } from "../editor/code-editor.ts";
import { summarizeError } from "../editor/errors.ts";
import { type RunController, startRun } from "../editor/run-client.ts";
import { RunConsole } from "../editor/run-console.ts";
import { isDarkTheme } from "../editor/workspace.ts";
import { attachVisualizer } from "../visualizer.ts";

export interface SnippetData {
  id: number;
  code: string;
  original: string;
}

const SAVE_DELAY_MS = 600;
const RETRY_MS = 3000;
const KEY = "s";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function button(label: string, attrs: Record<string, string>, tone = "btn-secondary") {
  return el("button", { type: "button", class: `btn ${tone} btn-sm`, ...attrs }, label);
}

/** The console's parts, as RunConsole expects them (data-console-*), built for one snippet. */
function consoleMarkup(n: number): HTMLElement {
  const root = el("section", { class: "snippet-console", "aria-label": `Output of example ${n}` });
  const head = el("div", { class: "snippet-console-head" });
  head.append(el("span", { class: "run-state", "data-run-state": "", "data-state": "idle" }, "Ready"));
  const scroll = el("div", { class: "console-scroll", "data-console-scroll": "" });
  const out = el("div", {
    class: "console-out",
    "data-console-output": "",
    role: "log",
    "aria-live": "polite",
    "aria-label": `Program output of example ${n}`,
    tabindex: "0",
  });
  const form = el("form", { class: "console-input", "data-console-input": "" });
  form.hidden = true;
  const input = el("input", {
    type: "text",
    name: "line",
    "aria-label": `Input for example ${n}`,
    placeholder: "Type here and press Enter",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    enterkeyhint: "send",
  });
  form.append(
    el("span", { class: "console-prompt", "aria-hidden": "true" }, "›"),
    input,
    button("Send", { type: "submit" }),
  );
  scroll.append(out, form);
  root.append(head, scroll, el("div", { class: "console-status", "data-console-status": "" }));
  root.querySelector<HTMLElement>("[data-console-status]")!.hidden = true;
  return root;
}

export class Snippet {
  readonly editor: CodeEditor;
  readonly console: RunConsole;
  private run: RunController | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private savedText: string;
  private saving: Promise<void> = Promise.resolve();
  private readonly status: HTMLElement;
  private readonly consoleRoot: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;

  constructor(
    readonly root: HTMLElement,
    private readonly lessonId: string,
    private readonly data: SnippetData,
    n: number,
    private readonly disabledReason: string | undefined,
  ) {
    this.savedText = data.code;
    root.replaceChildren();
    root.classList.add("is-live");
    const bar = el("div", { class: "snippet-bar" });
    bar.append(el("span", { class: "snippet-label" }, `Example ${n}`));
    this.status = el("span", { class: "snippet-save muted", "aria-live": "polite", "data-snippet-save": "" });
    this.runButton = button(
      "Run",
      { "data-snippet-run": "", "aria-label": `Run example ${n}` },
      "btn-primary",
    );
    this.stopButton = button("Stop", { "data-snippet-stop": "", "aria-label": `Stop example ${n}` });
    this.stopButton.hidden = true;
    const reset = button(
      "Reset",
      { "data-snippet-reset": "", "aria-label": `Reset example ${n} to the original` },
      "btn-ghost",
    );
    const visualize = button(
      "Visualize",
      { "data-visualize": "", "aria-label": `Visualize example ${n}`, disabled: "" },
      "btn-ghost",
    );
    bar.append(this.status, this.runButton, this.stopButton, visualize, reset);
    const host = el("div", { class: "snippet-editor" });
    this.consoleRoot = consoleMarkup(n);
    this.consoleRoot.hidden = true;
    root.append(bar, host, this.consoleRoot);
    if (disabledReason) root.dataset.runDisabled = disabledReason;

    this.editor = new CodeEditor({
      parent: host,
      label: `Code of example ${n}`,
      nonce: document.querySelector<HTMLElement>("[data-nonce]")?.dataset.nonce,
      dark: isDarkTheme(),
      // Long lines wrap: a snippet sits in running text, where a sideways scroll is easy to miss.
      wrap: true,
      onChange: () => this.changed(),
      onRun: () => void this.start(),
      onSave: () => void this.saveNow(),
    });
    this.editor.open(KEY, data.code);
    this.console = new RunConsole(this.consoleRoot, {
      onLine: (text) => void this.run?.send(`${text}\n`),
      onEof: () => void this.run?.closeInput(),
      onLocation: (_file, line) => this.editor.goTo(KEY, line),
      files: () => ["main.py"],
    });
    this.runButton.addEventListener("click", () => void this.start());
    this.stopButton.addEventListener("click", () => void this.run?.stop());
    reset.addEventListener("click", () => void this.reset());
    attachVisualizer(this);
    if (data.code !== data.original) this.setStatus("Your version");
  }

  /** For the visualizer: the program as it is in the editor. */
  snapshot() {
    return { files: [{ name: "main.py", content: this.text() }], main: "main.py" };
  }

  text(): string {
    return this.editor.text(KEY);
  }

  private get base() {
    return `/lessons/${this.lessonId}/snippets/${this.data.id}`;
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private changed(): void {
    this.setStatus("Saving…");
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** Whether something typed has not reached the server yet. */
  unsaved(): boolean {
    return this.text() !== this.savedText;
  }

  saveNow(keepalive = false): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saving = this.saving.then(async () => {
      const code = this.text();
      if (code === this.savedText) {
        this.setStatus(code === this.data.original ? "" : "Saved");
        return;
      }
      try {
        const res = await fetch(this.base, {
          method: "PUT",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ code }),
          keepalive: keepalive && code.length < 60_000,
        });
        if (!res.ok) throw new Error(String(res.status));
        this.savedText = code;
        this.setStatus(this.text() === code ? "Saved" : "Saving…");
      } catch {
        // Kept in the editor; tried again shortly (and the page warns before it is left).
        this.setStatus("Not saved yet: retrying…");
        this.saveTimer = setTimeout(() => void this.saveNow(), RETRY_MS);
      }
    });
    return this.saving;
  }

  private async reset(): Promise<void> {
    if (
      this.text() !== this.data.original &&
      !confirm("Reset this example to the original? Your changes are lost.")
    )
      return;
    clearTimeout(this.saveTimer);
    await this.saving;
    const res = await fetch(this.base, { method: "DELETE", headers: { accept: "application/json" } }).catch(
      () => null,
    );
    if (!res?.ok) {
      this.setStatus("Could not reset: try again.");
      return;
    }
    const { code } = (await res.json()) as { code: string };
    this.data.original = code;
    this.savedText = code;
    this.editor.setText(KEY, code);
    this.setStatus("Reset to the original");
  }

  private setRunning(running: boolean): void {
    this.runButton.hidden = running;
    this.stopButton.hidden = !running;
    this.root.classList.toggle("is-running", running);
  }

  async start(): Promise<void> {
    this.consoleRoot.hidden = false;
    if (this.disabledReason) {
      this.console.clear();
      this.console.note(this.disabledReason, "warning");
      return;
    }
    void this.saveNow();
    this.run?.detach();
    this.console.begin("▶ Example");
    this.setRunning(true);
    const run = startRun(
      `${this.base}/runs`,
      { code: this.text() },
      {
        onQueued: (position) => this.console.queued(position),
        onStarted: () => {
          this.console.started();
          this.console.input.focus({ preventScroll: true });
        },
        onOutput: (kind, text) => this.console.write(kind, text),
        onExit: (info) => {
          this.console.end(info, summarizeError(this.console.stderr(), ["main.py"]));
          this.setRunning(false);
        },
        onFailure: (message) => {
          this.console.fail(message);
          this.setRunning(false);
        },
        onNotice: (message) => this.console.note(message, "warning"),
      },
    );
    this.run = run;
  }
}
