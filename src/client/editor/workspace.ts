// The workspace: ties the server-rendered skeleton (views/playground/workspace.tsx) to the editor,
// the file tabs, the console, the split and autosave. See ./index.ts for how to mount one.
import type { Extension } from "@codemirror/state";
import { CodeEditor } from "./code-editor.ts";
import { summarizeError } from "./errors.ts";
import { FileTabs } from "./file-tabs.ts";
import { makeMenu, setItemEnabled } from "./menu.ts";
import { type ExitInfo, type RunController, startRun } from "./run-client.ts";
import { RunConsole } from "./run-console.ts";
import { makeSplit, readStorage, writeStorage } from "./split.ts";
import {
  DraftFileStore,
  type FileStore,
  HttpFileStore,
  MemoryFileStore,
  type StoredFile,
  StoreError,
} from "./store.ts";

export interface WorkspaceOptions {
  /** Where files are saved; default: the data-files-url API, or in memory without one. */
  store?: FileStore;
  /** Where runs start; default: data-run-url. */
  runUrl?: string;
  /** Handlers of extra toolbar buttons, by their data-workspace-action name. */
  actions?: Record<string, (ws: Workspace, button: HTMLButtonElement) => void | Promise<void>>;
  /** Extra fields for every run request from the Run button (e.g. a problem id). */
  runBody?(): Record<string, unknown>;
  /** Called when a run ends (not when it could not start). */
  onExit?(info: ExitInfo, ws: Workspace): void;
  /** localStorage key for editor preferences (font size, wrap, split); shared by default. */
  prefsKey?: string;
  /** More CodeMirror extensions for the editor (e.g. the integrity recorder's). */
  editorExtensions?: Extension[];
  /** A file is shown in the editor (also after it was created or renamed). */
  onOpen?(key: string, name: string): void;
}

interface Prefs {
  fontSize: number;
  wrap: boolean;
}

const FONT_MIN = 11;
const FONT_MAX = 26;
const SAVE_DELAY_MS = 700;
const RETRY_MS = 4000;
const MAX_FILES = 20;
const MAX_UPLOAD_BYTES = 256 * 1024;
const KEEPALIVE_BYTES = 48 * 1024;

export function isDarkTheme(): boolean {
  const set = document.documentElement.dataset.theme;
  if (set === "dark" || set === "light") return set === "dark";
  return matchMedia("(prefers-color-scheme: dark)").matches;
}

export class Workspace {
  readonly editor: CodeEditor;
  readonly console: RunConsole;
  readonly tabs: FileTabs;
  readonly store: FileStore;
  readonly runUrl: string;
  private files: StoredFile[];
  private active: string;
  private run: RunController | null = null;
  private readonly dirty = new Set<string>();
  private saving: Promise<void> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private editedSinceRun = false;
  private prefs: Prefs;
  private readonly prefsKey: string;
  private readonly disabledReason: string | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly options: WorkspaceOptions = {},
  ) {
    const data = root.querySelector("script[data-workspace-files]")?.textContent ?? "[]";
    this.files = (JSON.parse(data) as Array<StoredFile & { id: string | number }>).map((f) => ({
      id: String(f.id),
      name: f.name,
      content: f.content,
      isMain: f.isMain,
    }));
    if (this.files.length === 0) this.files = [{ id: "m0", name: "main.py", content: "", isMain: true }];
    if (!this.files.some((f) => f.isMain)) this.files[0]!.isMain = true;
    this.store = options.store ?? this.defaultStore();
    this.runUrl = options.runUrl ?? root.dataset.runUrl ?? "";
    this.disabledReason = root.dataset.runDisabled;
    this.prefsKey = options.prefsKey ?? "slate-editor";
    this.prefs = this.loadPrefs();
    this.active = (this.files.find((f) => f.isMain) ?? this.files[0]!).id;

    const host = this.q("[data-editor]");
    host.replaceChildren();
    this.editor = new CodeEditor({
      parent: host,
      nonce: root.dataset.nonce,
      dark: isDarkTheme(),
      wrap: this.prefs.wrap,
      onChange: (key) => this.changed(key),
      onRun: () => void this.runProgram(),
      onSave: () => void this.saveNow(),
      onCursor: (line, col) => {
        this.q("[data-cursor-pos]").textContent = `Ln ${line}, Col ${col}`;
      },
      otherFiles: () =>
        this.files
          .filter((f) => f.id !== this.active)
          .map((f) => ({ name: f.name, content: this.text(f.id) })),
      extensions: options.editorExtensions,
    });
    for (const f of this.files) {
      this.editor.open(f.id, f.content);
    }
    this.console = new RunConsole(this.q(".ide-console"), {
      onLine: (text) => void this.run?.send(`${text}\n`),
      onEof: () => void this.run?.closeInput(),
      onLocation: (file, line) => this.goTo(file, line),
      files: () => this.files.map((f) => f.name),
    });
    this.tabs = new FileTabs(this.q("[data-tabs]"), {
      controls: this.q(".ide-editor").id,
      onSelect: (key) => this.open(key),
      ...(this.canManage()
        ? { onRename: (key, name) => this.rename(key, name), onCreate: (name) => this.create(name, "") }
        : {}),
    });
    this.open(this.active, true);
    if (this.store.persistent) this.setSaveState("saved", "Saved");
    this.wire();
  }

  // ------------------------------------------------------------------ public API

  /** Every file as it is in the editor now, and the main file's name: the body of a run. */
  snapshot(): { files: { name: string; content: string }[]; main: string } {
    const main = this.files.find((f) => f.isMain) ?? this.files[0]!;
    return { files: this.files.map((f) => ({ name: f.name, content: this.text(f.id) })), main: main.name };
  }

  /** The Run button: saves, then runs the main file with the workspace's files. */
  async runProgram(): Promise<void> {
    if (this.disabledReason) {
      this.console.clear();
      this.console.note(this.disabledReason, "warning");
      return;
    }
    void this.saveNow();
    const snap = this.snapshot();
    this.startStream(this.runUrl, { ...snap, ...this.options.runBody?.() }, `▶ ${snap.main}`);
  }

  /**
   * Streams any run endpoint into the console (it must answer like /playground/runs): the console
   * is reset, errors are marked in the editor, and Stop and the input line work. Returns the
   * controller; a newer run detaches the older one.
   */
  startStream(url: string, body: unknown, label: string): RunController {
    this.run?.detach();
    this.editor.clearDiagnostics();
    this.console.begin(label);
    this.editedSinceRun = false;
    this.setRunning(true);
    const ctl: RunController = startRun(url, body, {
      onQueued: (position) => this.console.queued(position),
      onStarted: () => this.console.started(),
      onOutput: (kind, text) => this.console.write(kind, text),
      onExit: (info) => {
        const error = summarizeError(
          this.console.stderr(),
          this.files.map((f) => f.name),
        );
        this.console.end(info, error);
        if (error?.where && !info.cancelled) {
          const file = this.files.find((f) => f.name === error.where!.file);
          if (file) {
            this.editor.setDiagnostics(file.id, [
              {
                line: error.where.line,
                severity: "error",
                message: `${error.type}${error.message ? `: ${error.message}` : ""}${error.hint ? `\n${error.hint}` : ""}`,
              },
            ]);
          }
        }
        this.ended(ctl);
        this.options.onExit?.(info, this);
      },
      onFailure: (message) => {
        this.console.fail(message);
        this.ended(ctl);
      },
      onNotice: (message) => this.console.note(message, "warning"),
    });
    this.run = ctl;
    return ctl;
  }

  stop(): void {
    if (!this.run) return;
    this.console.setState("running", "Stopping…");
    void this.run.stop();
  }

  /** Shows a file (by key) in the editor. */
  open(key: string, force = false): void {
    if (!force && key === this.active && this.editor.current() === key) return;
    if (!this.files.some((f) => f.id === key)) return;
    this.active = key;
    this.editor.open(key);
    this.renderFiles();
  }

  /** Opens a file by name at a line (traceback links). */
  goTo(name: string, line: number): void {
    const file = this.files.find((f) => f.name === name);
    if (!file) return;
    this.open(file.id);
    this.editor.goTo(file.id, line);
  }

  /** Adds a file (or, with `replace`, overwrites the one of that name). Resolves false when refused. */
  async create(name: string, content: string): Promise<boolean> {
    try {
      const file = await this.store.create(name, content);
      this.files.push({ ...file, isMain: file.isMain });
      this.editor.open(file.id, content);
      this.active = file.id;
      this.renderFiles();
      return true;
    } catch (error) {
      this.notify(error);
      return false;
    }
  }

  /** Puts files into the editor (same name: its text replaced, undoable; a new name: added), as if typed. */
  async loadFiles(files: { name: string; content: string }[]): Promise<void> {
    for (const f of files) {
      const known = this.files.find((x) => x.name === f.name);
      if (!known) {
        await this.create(f.name, f.content);
        continue;
      }
      this.open(known.id);
      this.editor.setText(known.id, f.content);
    }
  }

  /** Saves every changed file now (Ctrl+S, before a run, when the page is hidden). */
  async saveNow(keepalive = false): Promise<void> {
    clearTimeout(this.saveTimer);
    if (this.saving) {
      await this.saving;
      if (this.dirty.size === 0) return;
    }
    if (this.dirty.size === 0) return;
    this.saving = this.saveDirty(keepalive).finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  /** The files API when the page names one; else a browser draft (data-draft-key); else memory. */
  private defaultStore(): FileStore {
    const { filesUrl, draftKey, draftSince } = this.root.dataset;
    if (filesUrl) return new HttpFileStore(filesUrl);
    if (!draftKey) return new MemoryFileStore(this.files);
    // A draft saved after the files the page brought (say, the last submission) wins.
    const draft = DraftFileStore.load(draftKey, Number(draftSince ?? 0));
    if (draft) this.files = draft;
    return new DraftFileStore(draftKey, this.files);
  }

  /** Enables or disables Run and the extra action buttons (e.g. while a submission is graded).
   *  A button marked data-locked (say, Submit after the due time) stays disabled. */
  setBusy(busy: boolean): void {
    for (const b of this.root.querySelectorAll<HTMLButtonElement>("[data-workspace-action]"))
      b.disabled = busy || b.hasAttribute("data-locked");
    this.q<HTMLButtonElement>("[data-action=run]").disabled = busy;
  }

  /** The text of a file by key, as in the editor. */
  text(key: string): string {
    return this.editor.has(key)
      ? this.editor.text(key)
      : (this.files.find((f) => f.id === key)?.content ?? "");
  }

  // ------------------------------------------------------------------ files

  private canManage(): boolean {
    return this.root.dataset.manageFiles === "true";
  }

  private renderFiles(): void {
    const shown = this.files.find((f) => f.id === this.active);
    if (shown) this.options.onOpen?.(shown.id, shown.name);
    this.tabs.render(
      this.files.map((f) => ({ key: f.id, name: f.name, isMain: f.isMain })),
      this.active,
    );
    const main = this.files.find((f) => f.isMain);
    this.q("[data-main-label]").textContent = main ? `Run starts ${main.name}` : "";
    const panel = this.q(".ide-editor");
    panel.removeAttribute("aria-label");
    panel.setAttribute("aria-labelledby", `${panel.id}-tab-${this.active}`);
    const menu = this.root.querySelector("[role=menu]");
    if (menu) {
      const current = this.files.find((f) => f.id === this.active);
      setItemEnabled(menu.querySelector("[data-menu=main]"), !current?.isMain);
      setItemEnabled(menu.querySelector("[data-menu=delete]"), this.files.length > 1);
      setItemEnabled(menu.querySelector("[data-menu=new]"), this.files.length < MAX_FILES);
      setItemEnabled(menu.querySelector("[data-menu=upload]"), this.files.length < MAX_FILES);
    }
  }

  private async rename(key: string, name: string): Promise<boolean> {
    try {
      const file = await this.store.rename(key, name);
      const f = this.files.find((x) => x.id === key);
      if (f) f.name = file.name;
      this.renderFiles();
      return true;
    } catch (error) {
      this.notify(error);
      return false;
    }
  }

  private async makeMain(key: string): Promise<void> {
    try {
      await this.store.setMain(key);
      for (const f of this.files) f.isMain = f.id === key;
      this.renderFiles();
      const main = this.files.find((f) => f.id === key);
      if (main) this.notify(`${main.name} is now the main file: Run starts there.`, "info");
    } catch (error) {
      this.notify(error);
    }
  }

  private async remove(key: string): Promise<void> {
    const file = this.files.find((f) => f.id === key);
    if (!file || !confirm(`Delete ${file.name}? This cannot be undone.`)) return;
    try {
      const { mainId } = await this.store.remove(key);
      this.dirty.delete(key);
      this.files = this.files.filter((f) => f.id !== key);
      for (const f of this.files) f.isMain = f.id === mainId;
      this.editor.remove(key);
      this.open(this.files.find((f) => f.isMain)?.id ?? this.files[0]!.id, true);
      this.tabs.focusTab(this.active);
    } catch (error) {
      this.notify(error);
    }
  }

  private async upload(input: HTMLInputElement): Promise<void> {
    const picked = input.files?.[0];
    input.value = "";
    if (!picked) return;
    if (picked.size > MAX_UPLOAD_BYTES) {
      this.notify(
        `${picked.name} is larger than ${MAX_UPLOAD_BYTES / 1024} KiB, too large for the playground.`,
      );
      return;
    }
    const content = (await picked.text()).replace(/\r\n?/g, "\n");
    const existing = this.files.find((f) => f.name.toLowerCase() === picked.name.toLowerCase());
    if (existing) {
      if (!confirm(`Replace ${existing.name} with the uploaded file?`)) return;
      this.open(existing.id);
      this.editor.setText(existing.id, content);
      await this.saveNow();
      return;
    }
    await this.create(picked.name, content);
  }

  // ------------------------------------------------------------------ autosave

  private changed(key: string): void {
    this.editedSinceRun = true;
    if (!this.store.persistent) {
      void this.store.save(key, this.text(key));
      return;
    }
    this.dirty.add(key);
    this.setSaveState("saving", "Saving…");
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  private async saveDirty(keepalive: boolean): Promise<void> {
    this.setSaveState("saving", "Saving…");
    for (const key of [...this.dirty]) {
      this.dirty.delete(key);
      try {
        await this.store.save(key, this.text(key), { keepalive });
      } catch (error) {
        if (this.files.some((f) => f.id === key)) this.dirty.add(key);
        const why = error instanceof StoreError ? error.message : "Slate could not be reached.";
        this.setSaveState("error", `Not saved: ${why} Retrying…`);
        this.saveTimer = setTimeout(() => void this.saveNow(), RETRY_MS);
        return;
      }
    }
    if (this.dirty.size === 0) this.setSaveState("saved", "Saved");
    else this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  private setSaveState(state: "saving" | "saved" | "error", text: string): void {
    const el = this.q("[data-save-state]");
    el.dataset.state = state;
    el.textContent = text;
  }

  // ------------------------------------------------------------------ running

  private setRunning(running: boolean): void {
    const stop = this.q<HTMLButtonElement>("[data-action=stop]");
    stop.disabled = !running;
    this.root.classList.toggle("is-running", running);
  }

  private ended(ctl: RunController): void {
    if (this.run !== ctl) return;
    this.run = null;
    this.setRunning(false);
    if (document.activeElement === this.console.input) this.editor.focus();
  }

  // ------------------------------------------------------------------ preferences and wiring

  private loadPrefs(): Prefs {
    const narrow = matchMedia("(max-width: 640px)").matches;
    const fallback: Prefs = { fontSize: narrow ? 13 : 14, wrap: narrow };
    try {
      const saved = JSON.parse(readStorage(this.prefsKey) ?? "{}") as Partial<Prefs>;
      return {
        fontSize:
          typeof saved.fontSize === "number" && saved.fontSize >= FONT_MIN && saved.fontSize <= FONT_MAX
            ? saved.fontSize
            : fallback.fontSize,
        wrap: typeof saved.wrap === "boolean" ? saved.wrap : fallback.wrap,
      };
    } catch {
      return fallback;
    }
  }

  private applyPrefs(persist: boolean): void {
    this.root.style.setProperty("--ide-font-size", `${this.prefs.fontSize}px`);
    this.q("[data-font-size]").textContent = `${this.prefs.fontSize}px`;
    const wrap = this.q<HTMLButtonElement>("[data-action=wrap]");
    wrap.setAttribute("aria-pressed", String(this.prefs.wrap));
    this.q<HTMLButtonElement>("[data-action=font-smaller]").disabled = this.prefs.fontSize <= FONT_MIN;
    this.q<HTMLButtonElement>("[data-action=font-larger]").disabled = this.prefs.fontSize >= FONT_MAX;
    this.editor.setWrap(this.prefs.wrap);
    this.editor.remeasure();
    if (persist) writeStorage(this.prefsKey, JSON.stringify(this.prefs));
  }

  private wire(): void {
    const root = this.root;
    this.applyPrefs(false);
    if (/Mac|iPhone|iPad/.test(navigator.platform)) {
      const hint = root.querySelector("[data-run-shortcut]");
      if (hint) hint.textContent = "⌘ ↵";
    }
    makeSplit(this.q("[data-split]"), this.q("[data-divider]"), {
      storageKey: `${this.prefsKey}-split`,
      onResize: () => this.editor.remeasure(),
    });
    for (const b of root.querySelectorAll<HTMLButtonElement>("button[disabled][data-action]")) {
      if (b.dataset.action !== "stop") b.disabled = false;
    }
    root.addEventListener("click", (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>("button[data-action]");
      if (button && root.contains(button)) this.onAction(button);
      const extra = (e.target as Element).closest<HTMLButtonElement>("button[data-workspace-action]");
      const name = extra?.dataset.workspaceAction;
      if (extra && name) void this.options.actions?.[name]?.(this, extra);
    });
    root.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
        e.preventDefault();
        void this.runProgram();
      }
    });
    root.addEventListener("console:waiting", () => {
      const focus = document.activeElement;
      const here = !focus || focus === document.body || root.contains(focus);
      if (here && !this.editedSinceRun && focus !== this.console.input) this.console.input.focus();
    });
    const fileMenu = root.querySelector<HTMLButtonElement>("[data-action=file-menu]");
    const menu = root.querySelector<HTMLElement>("[role=menu]");
    const upload = root.querySelector<HTMLInputElement>("[data-upload]");
    if (fileMenu && menu) {
      makeMenu(fileMenu, menu, (item) => {
        const what = item.dataset.menu;
        if (what === "new") this.tabs.startCreate();
        else if (what === "upload") upload?.click();
        else if (what === "rename") this.tabs.startRename(this.active);
        else if (what === "main") void this.makeMain(this.active);
        else if (what === "delete") void this.remove(this.active);
      });
    }
    upload?.addEventListener("change", () => void this.upload(upload));
    const syncTheme = () => this.editor.setDark(isDarkTheme());
    document.addEventListener("slate:theme", syncTheme);
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", syncTheme);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void this.saveNow(true);
    });
    // Unsaved edits go out with keepalive requests, which outlive the page; only files too large for
    // one (the browser allows 64 KiB in flight) make the browser ask before leaving.
    window.addEventListener("beforeunload", (e) => {
      if (this.dirty.size === 0) return;
      const tooLarge = [...this.dirty].some((key) => this.text(key).length > KEEPALIVE_BYTES);
      void this.saveNow(true);
      if (tooLarge) e.preventDefault();
    });
  }

  private onAction(button: HTMLButtonElement): void {
    switch (button.dataset.action) {
      case "run":
        void this.runProgram();
        break;
      case "stop":
        this.stop();
        break;
      case "new-file":
        if (this.files.length >= MAX_FILES) this.notify(`You can have at most ${MAX_FILES} files.`);
        else this.tabs.startCreate();
        break;
      case "clear":
        this.console.clear();
        break;
      case "enlarge": {
        const large = this.root.dataset.consoleLarge !== "true";
        this.root.dataset.consoleLarge = String(large);
        button.setAttribute("aria-pressed", String(large));
        this.editor.remeasure();
        break;
      }
      case "wrap":
        this.prefs.wrap = !this.prefs.wrap;
        this.applyPrefs(true);
        break;
      case "font-smaller":
      case "font-larger":
        this.prefs.fontSize = Math.min(
          FONT_MAX,
          Math.max(FONT_MIN, this.prefs.fontSize + (button.dataset.action === "font-larger" ? 1 : -1)),
        );
        this.applyPrefs(true);
        break;
    }
  }

  /** A short message above the panes (errors of file operations), gone after a while. */
  notify(message: unknown, tone: "error" | "info" = "error"): void {
    const text =
      typeof message === "string"
        ? message
        : message instanceof StoreError
          ? message.message
          : "Something went wrong. Please try again.";
    const box = this.q("[data-notice]");
    box.textContent = text;
    box.dataset.tone = tone;
    box.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      box.hidden = true;
    }, 7000);
  }

  private q<T extends HTMLElement = HTMLElement>(selector: string): T {
    const el = this.root.querySelector<T>(selector);
    if (!el) throw new Error(`workspace: ${selector} is missing`);
    return el;
  }
}

/** Brings a server-rendered <Workspace> to life. */
export function mountWorkspace(root: HTMLElement, options: WorkspaceOptions = {}): Workspace {
  return new Workspace(root, options);
}
