// Where a workspace's files live. HttpFileStore speaks the playground's JSON API (POST base,
// PATCH/DELETE base/:id); MemoryFileStore keeps them in the page (e.g. a problem's scratch copy).

export interface StoredFile {
  id: string;
  name: string;
  content: string;
  isMain: boolean;
}

export interface FileStore {
  /** True when files outlive the page (the save indicator is shown only then). */
  readonly persistent: boolean;
  create(name: string, content: string): Promise<StoredFile>;
  save(id: string, content: string, options?: { keepalive?: boolean }): Promise<void>;
  rename(id: string, name: string): Promise<StoredFile>;
  setMain(id: string): Promise<void>;
  /** Deletes a file; answers which file is the main one afterwards. */
  remove(id: string): Promise<{ mainId: string }>;
}

/** A refusal worded for the user ("You already have a file called …"). */
export class StoreError extends Error {}

interface FileJson {
  id: number | string;
  name: string;
  content: string;
  isMain: boolean;
}

const fromJson = (f: FileJson): StoredFile => ({
  id: String(f.id),
  name: f.name,
  content: f.content,
  isMain: f.isMain,
});

export class HttpFileStore implements FileStore {
  readonly persistent = true;
  constructor(private readonly base: string) {}

  private async call<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { "content-type": "application/json", accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        keepalive,
      });
    } catch {
      throw new StoreError("Slate could not be reached. Check your connection.");
    }
    const data = (await res.json().catch(() => ({}))) as { error?: string } & T;
    if (!res.ok) throw new StoreError(data.error ?? `Slate could not save that (HTTP ${res.status}).`);
    return data;
  }

  async create(name: string, content: string): Promise<StoredFile> {
    return fromJson((await this.call<{ file: FileJson }>("POST", "", { name, content })).file);
  }

  async save(id: string, content: string, options: { keepalive?: boolean } = {}): Promise<void> {
    await this.call("PATCH", `/${id}`, { content }, options.keepalive);
  }

  async rename(id: string, name: string): Promise<StoredFile> {
    return fromJson((await this.call<{ file: FileJson }>("PATCH", `/${id}`, { name })).file);
  }

  async setMain(id: string): Promise<void> {
    await this.call("PATCH", `/${id}`, { isMain: true });
  }

  async remove(id: string): Promise<{ mainId: string }> {
    const r = await this.call<{ mainId: number | string }>("DELETE", `/${id}`);
    return { mainId: String(r.mainId) };
  }
}

export class MemoryFileStore implements FileStore {
  readonly persistent: boolean = false;
  private next = 1;
  private readonly files = new Map<string, StoredFile>();

  constructor(initial: StoredFile[] = []) {
    for (const f of initial) this.files.set(f.id, { ...f });
  }

  /** A copy of every file, in creation order. */
  list(): StoredFile[] {
    return [...this.files.values()].map((f) => ({ ...f }));
  }

  async create(name: string, content: string): Promise<StoredFile> {
    if ([...this.files.values()].some((f) => f.name.toLowerCase() === name.toLowerCase()))
      throw new StoreError(`You already have a file called "${name}".`);
    let id = `m${this.next++}`;
    while (this.files.has(id)) id = `m${this.next++}`; // initial files may already use m-ids
    const file = { id, name, content, isMain: this.files.size === 0 };
    this.files.set(file.id, file);
    return { ...file };
  }

  async save(id: string, content: string): Promise<void> {
    const f = this.files.get(id);
    if (f) f.content = content;
  }

  async rename(id: string, name: string): Promise<StoredFile> {
    const f = this.files.get(id);
    if (!f) throw new StoreError("That file does not exist.");
    if ([...this.files.values()].some((o) => o.id !== id && o.name.toLowerCase() === name.toLowerCase()))
      throw new StoreError(`You already have a file called "${name}".`);
    f.name = name;
    return { ...f };
  }

  async setMain(id: string): Promise<void> {
    for (const f of this.files.values()) f.isMain = f.id === id;
  }

  async remove(id: string): Promise<{ mainId: string }> {
    if (this.files.size <= 1) throw new StoreError("Keep at least one file.");
    const wasMain = this.files.get(id)?.isMain;
    this.files.delete(id);
    const rest = [...this.files.values()];
    const main = wasMain ? rest[0]! : (rest.find((f) => f.isMain) ?? rest[0]!);
    await this.setMain(main.id);
    return { mainId: main.id };
  }
}

/**
 * A MemoryFileStore that also keeps every change in this browser's localStorage, under a key the
 * page chooses (problem and user), so unsubmitted work survives a reload.
 */
export class DraftFileStore extends MemoryFileStore {
  override readonly persistent = true;

  constructor(
    private readonly key: string,
    initial: StoredFile[],
  ) {
    super(initial);
  }

  /** The saved draft, when it is newer than `since` (epoch ms). */
  static load(key: string, since: number): StoredFile[] | null {
    try {
      const draft = JSON.parse(localStorage.getItem(key) ?? "null") as {
        savedAt: number;
        files: StoredFile[];
      } | null;
      return draft && draft.savedAt > since && draft.files.length > 0 ? draft.files : null;
    } catch {
      return null;
    }
  }

  private write(): void {
    try {
      localStorage.setItem(this.key, JSON.stringify({ savedAt: Date.now(), files: this.list() }));
    } catch {
      // Storage full or blocked: the work stays in the page.
    }
  }

  override async create(name: string, content: string): Promise<StoredFile> {
    const file = await super.create(name, content);
    this.write();
    return file;
  }

  override async save(id: string, content: string): Promise<void> {
    await super.save(id, content);
    this.write();
  }

  override async rename(id: string, name: string): Promise<StoredFile> {
    const file = await super.rename(id, name);
    this.write();
    return file;
  }

  override async setMain(id: string): Promise<void> {
    await super.setMain(id);
    this.write();
  }

  override async remove(id: string): Promise<{ mainId: string }> {
    const result = await super.remove(id);
    this.write();
    return result;
  }
}

/** This browser's copy of a server draft (localStorage): the fallback while Slate cannot be reached. */
export interface LocalDraft {
  files: StoredFile[];
  /** The server's time (epoch ms) of the last draft this copy matched: its edits start from there. */
  base: number;
  /** False while the copy holds changes Slate has not confirmed. */
  synced: boolean;
}

export type DraftStatus = { state: "saved"; savedAt: number } | { state: "unsaved"; message: string };

export interface ServerDraftOptions {
  /** PUT here saves the whole workspace ({files, main}); answers {savedAt}. */
  url: string;
  /** Where this browser keeps its copy. */
  localKey: string;
  /** When the server's draft the page opened with was saved (0: none). */
  base: number;
  onStatus?(status: DraftStatus): void;
}

const RETRY_MS = 4000;
/** Browsers refuse keepalive bodies over 64 KiB; a larger save goes out as a normal request. */
const KEEPALIVE_BYTES = 60 * 1024;

/**
 * A problem page's files, saved on the server as a draft (the whole workspace in one request after
 * each change; the editor already waits for a pause in typing), with a copy in this browser so that
 * nothing typed is lost while Slate cannot be reached. A save resolves only once Slate has it, so the
 * editor's "Saved" means saved on the server; a failed one is retried until it gets through.
 */
export class ServerDraftStore extends MemoryFileStore {
  override readonly persistent = true;
  private revision = 0;
  private savedRevision = 0;
  private base: number;
  private queue: Promise<unknown> = Promise.resolve();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** `unsynced`: the initial files are this browser's copy, not yet on the server. */
  constructor(
    private readonly options: ServerDraftOptions,
    initial: StoredFile[],
    unsynced = false,
  ) {
    super(initial);
    this.base = options.base;
    if (unsynced) this.revision = 1;
    addEventListener("online", () => void this.sync().catch(() => undefined));
  }

  /** The browser's copy under `key`, when there is a readable one. */
  static readLocal(key: string): LocalDraft | null {
    try {
      const d = JSON.parse(localStorage.getItem(key) ?? "null") as Partial<LocalDraft> | null;
      if (!d || typeof d.base !== "number" || !Array.isArray(d.files) || d.files.length === 0) return null;
      return { files: d.files, base: d.base, synced: d.synced === true };
    } catch {
      return null;
    }
  }

  /** True while some change has not reached Slate. */
  get unsynced(): boolean {
    return this.savedRevision < this.revision;
  }

  /** Sends the workspace to Slate unless it already has it; one request at a time, in order. */
  sync(keepalive = false): Promise<void> {
    const run = this.queue.then(() => this.put(keepalive));
    this.queue = run.catch(() => undefined);
    return run;
  }

  override async create(name: string, content: string): Promise<StoredFile> {
    const file = await super.create(name, content);
    await this.changed(() => super.remove(file.id));
    return file;
  }

  override async save(id: string, content: string, options: { keepalive?: boolean } = {}): Promise<void> {
    await super.save(id, content);
    this.touch();
    await this.sync(options.keepalive);
  }

  override async rename(id: string, name: string): Promise<StoredFile> {
    const before = this.list().find((f) => f.id === id)?.name;
    const file = await super.rename(id, name);
    await this.changed(async () => {
      if (before) await super.rename(id, before);
    });
    return file;
  }

  override async setMain(id: string): Promise<void> {
    await super.setMain(id);
    await this.changed(() => Promise.resolve());
  }

  override async remove(id: string): Promise<{ mainId: string }> {
    const result = await super.remove(id);
    await this.changed(() => Promise.resolve());
    return result;
  }

  /** A change to the files: kept here, then sent. Slate refusing it (a bad name) undoes it. */
  private async changed(undo: () => Promise<unknown>): Promise<void> {
    this.touch();
    try {
      await this.sync();
    } catch (error) {
      if (!(error instanceof RefusedError)) return; // unreachable: kept here, sent on a retry
      await undo();
      this.touch();
      throw new StoreError(error.message);
    }
  }

  private touch(): void {
    this.revision++;
    this.writeLocal();
  }

  private writeLocal(): void {
    try {
      const copy: LocalDraft = { files: this.list(), base: this.base, synced: !this.unsynced };
      localStorage.setItem(this.options.localKey, JSON.stringify(copy));
    } catch {
      // Storage full or blocked: the server copy is all there is.
    }
  }

  private async put(keepalive: boolean): Promise<void> {
    if (!this.unsynced) return;
    clearTimeout(this.retryTimer);
    const revision = this.revision;
    const files = this.list();
    const main = files.find((f) => f.isMain) ?? files[0];
    const body = JSON.stringify({
      files: files.map((f) => ({ name: f.name, content: f.content })),
      main: main?.name ?? "",
    });
    let res: Response;
    try {
      res = await fetch(this.options.url, {
        method: "PUT",
        headers: { "content-type": "application/json", accept: "application/json" },
        body,
        keepalive: keepalive && body.length < KEEPALIVE_BYTES,
      });
    } catch {
      throw this.failed("Slate could not be reached.", true);
    }
    const data = (await res.json().catch(() => null)) as { savedAt?: number; error?: string } | null;
    if (!res.ok || typeof data?.savedAt !== "number") {
      // A redirect to the login page answers HTML: the session ended.
      const why = data?.error ?? (res.ok ? "You are no longer logged in." : `Slate answered ${res.status}.`);
      const transient = res.status === 429 || res.status >= 500 || res.ok;
      throw this.failed(why, transient);
    }
    this.savedRevision = Math.max(this.savedRevision, revision);
    this.base = data.savedAt;
    this.writeLocal();
    if (!this.unsynced) this.options.onStatus?.({ state: "saved", savedAt: data.savedAt });
  }

  /** Reports a failed save; transient ones are tried again by themselves. */
  private failed(message: string, transient: boolean): StoreError {
    this.options.onStatus?.({ state: "unsaved", message });
    if (transient) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.sync().catch(() => undefined), RETRY_MS);
      return new StoreError(message);
    }
    return new RefusedError(message);
  }
}

/** Slate refused the draft itself (a bad file name, too much code): sending it again will not help. */
class RefusedError extends StoreError {}
