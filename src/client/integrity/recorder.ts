// The integrity recorder of a problem's editor (features/integrity): it blocks paste, drop and file
// upload when the teacher chose so, and, when recording is on, records CodeMirror transactions
// compactly (ChangeSet JSON and where each came from), pastes, focus losses, file switches, runs,
// tests and submissions and open developer tools, sending them in batches with the session's
// integrity token. The page renders its settings in #integrity-editor; without that element nothing runs.
import type { Extension, Transaction } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type {
  EditEvent,
  EditKind,
  RecordingBatch,
  SignalEvent,
} from "../../features/integrity/recording-format.ts";
import type { Workspace, WorkspaceOptions } from "../editor/index.ts";

const FLUSH_MS = 5000;
const FLUSH_EVENTS = 300;
const FLUSH_BYTES = 96 * 1024;
/** Typed-looking insertions this long with no key pressed just before come from a script. */
const SYNTHETIC_CHARS = 20;

export interface Recorder {
  /** Spread into mountWorkspace's options. */
  readonly workspaceOptions: Pick<WorkspaceOptions, "editorExtensions" | "onOpen">;
  attach(ws: Workspace): void;
  /** Records the submit and sends everything pending; resolves when the server has it (or gave up). */
  beforeSubmit(): Promise<void>;
  /** The submission ended the session: a new one starts with the current code. */
  afterSubmit(): Promise<void>;
}

function kindOf(tr: Transaction, lastKeyAt: number, inserted: number, uploading: boolean): EditKind {
  if (tr.isUserEvent("input.paste")) return "p";
  if (tr.isUserEvent("input.drop") || tr.isUserEvent("move.drop")) return "d";
  if (tr.isUserEvent("undo") || tr.isUserEvent("redo")) return "u";
  if (tr.isUserEvent("input.complete")) return "c";
  if (tr.isUserEvent("input") || tr.isUserEvent("delete")) {
    return inserted >= SYNTHETIC_CHARS && performance.now() - lastKeyAt > 500 ? "x" : "t";
  }
  if (tr.isUserEvent("move")) return "o";
  return uploading ? "d" : "x"; // no user event: a script changed the text (or an upload replaced a file)
}

function insertedLength(tr: Transaction): number {
  let n = 0;
  tr.changes.iterChanges((_a, _b, _c, _d, text) => {
    n += text.length;
  });
  return n;
}

class IntegrityRecorder implements Recorder {
  private ws: Workspace | null = null;
  private readonly blocked: boolean;
  private readonly recording: boolean;
  private token: string | null;
  private started = performance.now();
  private seq = 0;
  private edits: EditEvent[] = [];
  private signals: SignalEvent[] = [];
  private keystrokes = 0;
  private bytes = 0;
  private init: { name: string; content: string }[] | null = null;
  private stopped = false;
  private sending: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastKeyAt = -1e9;
  private uploadingUntil = 0;
  private away = false;
  private devtoolsOpen = false;
  private current: string | null = null;
  private readonly names = new Map<string, string>();
  private readonly mirror = new Map<string, string>();

  constructor(private readonly host: HTMLElement) {
    this.blocked = host.dataset.paste === "blocked";
    this.recording = host.dataset.recording === "on";
    this.token = host.dataset.token ?? null;
  }

  get workspaceOptions() {
    return {
      editorExtensions: this.extensions(),
      onOpen: (key: string, name: string) => this.opened(key, name),
    };
  }

  private now(): number {
    return Math.round(performance.now() - this.started);
  }

  private signal(e: SignalEvent): void {
    if (!this.recording || this.stopped) return;
    this.signals.push(e);
    this.bytes += 24;
    this.schedule();
  }

  private edit(e: EditEvent): void {
    if (!this.recording || this.stopped) return;
    this.edits.push(e);
    this.bytes += JSON.stringify(e).length;
    this.schedule();
  }

  private schedule(): void {
    if (this.edits.length + this.signals.length >= FLUSH_EVENTS || this.bytes >= FLUSH_BYTES) {
      void this.flush();
      return;
    }
    if (this.timer === undefined) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private refuse(what: "paste" | "drop" | "upload", event: Event): boolean {
    event.preventDefault();
    event.stopPropagation();
    this.signal(["blocked", this.now(), what]);
    this.ws?.notify(
      what === "upload"
        ? "File upload is turned off for this problem."
        : "Copy and paste is turned off for this problem: type your code yourself.",
    );
    return true;
  }

  private extensions(): Extension[] {
    return [
      EditorView.domEventHandlers({
        keydown: (e) => {
          if (e.isTrusted) this.lastKeyAt = performance.now();
          return false;
        },
        paste: (e) => {
          if (this.blocked) return this.refuse("paste", e);
          this.signal(["paste", this.now(), e.clipboardData?.getData("text/plain").length ?? 0]);
          return false;
        },
        drop: (e) => {
          if (this.blocked) return this.refuse("drop", e);
          this.signal(["drop", this.now(), e.dataTransfer?.getData("text/plain").length ?? 0]);
          return false;
        },
      }),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged || this.current === null) return;
        for (const tr of u.transactions) {
          if (!tr.docChanged) continue;
          const inserted = insertedLength(tr);
          const kind = kindOf(tr, this.lastKeyAt, inserted, performance.now() < this.uploadingUntil);
          if (kind === "t") this.keystrokes++;
          if (kind === "x") this.signal(["replace", this.now(), inserted]);
          this.edit(["e", this.now(), this.current, tr.changes.toJSON() as unknown[], kind]);
        }
        this.mirror.set(this.current, u.state.doc.toString());
      }),
    ];
  }

  /** A file is on screen: note switches and renames, and snapshot text changed outside the editor. */
  private opened(key: string, name: string): void {
    const before = this.names.get(key);
    this.names.set(key, name);
    if (!this.ws) return; // still mounting: attach() takes the first snapshot
    if (before && before !== name) {
      this.edit(["r", this.now(), before, name]);
      this.mirror.set(name, this.mirror.get(before) ?? "");
      this.mirror.delete(before);
    }
    const text = this.ws.text(key);
    if (this.mirror.get(name) !== text) {
      this.edit(["s", this.now(), name, text]);
      this.mirror.set(name, text);
    }
    const renamed = before !== undefined && before !== name;
    if (this.current !== name) {
      if (this.current !== null && !renamed) this.signal(["file", this.now(), name]);
      this.current = name;
    }
  }

  attach(ws: Workspace): void {
    this.ws = ws;
    const root = ws.root;
    this.beginSession();
    const key = ws.editor.current();
    if (key) this.current = this.names.get(key) ?? null;
    // Capture phase: these run before the workspace's own handlers.
    root.addEventListener(
      "change",
      (e) => {
        const input = e.target as HTMLInputElement;
        if (!input.matches("[data-upload]")) return;
        if (this.blocked) {
          input.value = "";
          this.refuse("upload", e);
        } else this.uploadingUntil = performance.now() + 3000;
      },
      { capture: true },
    );
    root.addEventListener(
      "click",
      (e) => {
        const el = e.target as Element;
        if (el.closest("[data-action=run]")) this.signal(["run", this.now()]);
        else if (el.closest("[data-workspace-action=tests]")) this.signal(["test", this.now()]);
      },
      { capture: true },
    );
    root.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) this.signal(["run", this.now()]);
      },
      { capture: true },
    );
    addEventListener("blur", () => this.leave(document.visibilityState === "hidden" ? "tab" : "window"));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        this.leave("tab");
        void this.flush(true);
      } else this.back();
    });
    addEventListener("focus", () => this.back());
    setInterval(() => this.checkDevtools(), 2000);
  }

  private leave(reason: "window" | "tab"): void {
    if (this.away) return;
    this.away = true;
    this.signal(["blur", this.now(), reason]);
  }

  private back(): void {
    if (!this.away) return;
    this.away = false;
    this.signal(["focus", this.now()]);
  }

  /** Docked developer tools shrink the page's inner size well below the window's (a heuristic). */
  private checkDevtools(): void {
    if (outerWidth === 0 || outerHeight === 0) return;
    const open = outerWidth - innerWidth > 200 || outerHeight - innerHeight > 260;
    if (open && !this.devtoolsOpen) this.signal(["devtools", this.now()]);
    this.devtoolsOpen = open;
  }

  private beginSession(): void {
    if (!this.ws) return;
    this.started = performance.now();
    this.seq = 0;
    this.init = this.ws.snapshot().files;
    // Edits not sent yet are in the snapshot already.
    this.edits = [];
    this.keystrokes = 0;
    this.mirror.clear();
    for (const f of this.init) this.mirror.set(f.name, f.content);
  }

  async flush(keepalive = false): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.recording || this.stopped || !this.token) return;
    if (this.edits.length === 0 && this.signals.length === 0 && this.init === null) return;
    const batch: RecordingBatch = {
      seq: this.seq++,
      ...(this.init ? { init: this.init } : {}),
      keystrokes: this.keystrokes,
      edits: this.edits,
      signals: this.signals,
    };
    this.init = null;
    this.edits = [];
    this.signals = [];
    this.keystrokes = 0;
    this.bytes = 0;
    this.sending = this.sending.then(() => this.send(batch, keepalive));
    return this.sending;
  }

  private async send(batch: RecordingBatch, keepalive: boolean, retried = false): Promise<void> {
    const url = this.host.dataset.batchUrl!;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        keepalive: keepalive && JSON.stringify(batch).length < 60_000,
        headers: { "Content-Type": "application/json", "X-Integrity-Token": this.token ?? "" },
        body: JSON.stringify(batch),
      });
    } catch {
      return this.requeue(batch); // offline
    }
    // Busy or failing: the server checks the submitted code against the replayed recording, so a
    // lost batch (above all the first, with the session's files) would read as code written elsewhere.
    if (res.status === 429 || res.status >= 500) return this.requeue(batch);
    if (res.status === 409 && !retried) {
      // The session ended with a submission (in another tab, say): a new one starts from a snapshot
      // that already holds these edits, so only the signals go again.
      if (await this.renew()) {
        const again = {
          seq: this.seq++,
          init: this.init ?? undefined,
          keystrokes: 0,
          edits: [],
          signals: batch.signals,
        };
        await this.send(again, keepalive, true);
      }
      this.init = null;
      return;
    }
    if (res.status === 403 || res.status === 413 || res.status === 409) this.stopped = true; // refused: stop sending
  }

  /** The batch's events go out again with the next one. */
  private requeue(batch: RecordingBatch): void {
    this.edits = [...batch.edits, ...this.edits];
    this.signals = [...batch.signals, ...this.signals];
    this.keystrokes += batch.keystrokes;
    if (batch.init) this.init = batch.init;
    this.seq = Math.min(this.seq, batch.seq);
    this.schedule();
  }

  private async renew(): Promise<boolean> {
    const res = await fetch(this.host.dataset.sessionUrl!, { method: "POST" }).catch(() => null);
    if (!res?.ok) return false;
    this.token = ((await res.json()) as { token: string }).token;
    this.beginSession();
    return true;
  }

  async beforeSubmit(): Promise<void> {
    this.signal(["submit", this.now()]);
    await this.flush();
  }

  async afterSubmit(): Promise<void> {
    if (!this.recording || this.stopped) return;
    await this.sending;
    await this.renew();
  }
}

export function startRecorder(): Recorder | null {
  const host = document.getElementById("integrity-editor");
  return host ? new IntegrityRecorder(host) : null;
}
