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
