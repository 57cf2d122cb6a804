// A problem page: the shared workspace (editor, files, console with Run) plus "Run tests" and
// "Submit", which post the files like the no-JS form does and show the answer in #results. A
// student's code is saved on the server as a draft while they type (ServerDraftStore), and the line
// above the editor (#code-version) says which version is shown. A teacher's preview has no such line
// and keeps its edits in the page only.
import { timeAgo } from "../lib/format.ts";
import { attachAi } from "./ai/panels.ts";
import { mountWorkspace, type StoredFile, type Workspace } from "./editor/index.ts";
import { type DraftStatus, ServerDraftStore } from "./editor/store.ts";
import { startRecorder } from "./integrity/recorder.ts";
import { attachVisualizer } from "./visualizer.ts";

declare const htmx: { process(el: Element): void } | undefined;

const root = document.querySelector<HTMLElement>("[data-workspace]");
const results = document.getElementById("results");
const versionLine = () => document.getElementById("code-version");
const recorder = startRecorder(); // paste blocking and recording, when the problem has them

/** Re-reads the submission history and the version line from the page, after a submission. */
async function refreshFromPage(): Promise<void> {
  const res = await fetch(location.pathname).catch(() => null);
  if (!res?.ok) return;
  const fresh = new DOMParser().parseFromString(await res.text(), "text/html");
  for (const id of ["history", "code-version"]) {
    const now = document.getElementById(id);
    const next = fresh.getElementById(id);
    if (now && next) now.replaceWith(document.importNode(next, true));
  }
  savedAt = null; // the line now says what the server knows
}

async function send(ws: Workspace, button: HTMLButtonElement): Promise<void> {
  if (!results || !button.dataset.url) return;
  const submitting = button.dataset.workspaceAction === "submit";
  // The draft goes first, so the submission is the newer of the two and the page shows it as such.
  if (submitting) await ws.saveNow();
  if (submitting) await recorder?.beforeSubmit();
  const snap = ws.snapshot();
  const body = new FormData();
  for (const f of snap.files) {
    body.append("names[]", f.name);
    body.append("contents[]", f.content);
  }
  body.append("main", snap.main);
  ws.setBusy(true);
  button.setAttribute("aria-busy", "true");
  results.innerHTML =
    '<p class="grading" role="status"><span class="spinner" aria-hidden="true"></span>Working…</p>';
  try {
    const res = await fetch(button.dataset.url, { method: "POST", body, headers: { "HX-Request": "true" } });
    results.innerHTML = await res.text();
    htmx?.process(results); // starts the live "grading…" stream of a submission
    if (submitting) void refreshFromPage();
    if (submitting && res.ok) void recorder?.afterSubmit();
    results.scrollIntoView({ block: "nearest", behavior: "smooth" });
  } catch {
    results.innerHTML = "";
    ws.notify("Slate could not be reached. Check your connection and try again.");
  } finally {
    button.removeAttribute("aria-busy");
    ws.setBusy(false);
  }
}

// ---------------------------------------------------------------- drafts

/** When (this browser's clock) the shown draft was saved; null when the line shows something else. */
let savedAt: number | null = null;

function setVersion(text: string, shown: string): void {
  const line = versionLine();
  const span = line?.querySelector("[data-code-version-text]");
  if (!line || !span) return;
  line.dataset.shown = shown;
  span.textContent = text;
}

function draftText(at: number): string {
  const count = Number(versionLine()?.dataset.submissions ?? 0);
  const saved = `Draft saved ${timeAgo(at)}`;
  return count > 0 ? `${saved}, newer than your last submission.` : `${saved}. Not submitted yet.`;
}

/** The editor's own "Saved" mark, for saves it did not start (a restored copy, a renamed file). */
function setSaveMark(state: "saving" | "saved" | "error", text: string): void {
  const mark = root?.querySelector<HTMLElement>("[data-save-state]");
  if (!mark) return;
  mark.dataset.state = state;
  mark.textContent = text;
}

function showStatus(status: DraftStatus): void {
  if (status.state === "saved") {
    savedAt = Date.now();
    setVersion(draftText(savedAt), "draft");
    setSaveMark("saved", "Saved");
  } else {
    setSaveMark("error", "Not saved: kept in this browser");
    setVersion(
      `Not saved to Slate yet: ${status.message} Your code is kept in this browser and saved as soon as Slate can be reached.`,
      "unsaved",
    );
  }
}

/** The files the page brought (as the workspace reads them), so the store starts with the same ones. */
function pageFiles(script: Element): StoredFile[] {
  const files = (JSON.parse(script.textContent ?? "[]") as Array<StoredFile & { id: string | number }>).map(
    (f) => ({ id: String(f.id), name: f.name, content: f.content, isMain: f.isMain }),
  );
  if (files.length === 0) files.push({ id: "m0", name: "main.py", content: "", isMain: true });
  if (!files.some((f) => f.isMain)) files[0]!.isMain = true;
  return files;
}

/**
 * The student's draft store. Changes this browser kept while Slate was unreachable win over the
 * server's draft they started from (and are sent at once); a draft saved later elsewhere wins over them.
 */
function draftStore(workspace: HTMLElement, line: HTMLElement): ServerDraftStore | null {
  const script = workspace.querySelector("script[data-workspace-files]");
  const { draftUrl, localKey, draftSavedAt } = line.dataset;
  if (!script || !draftUrl || !localKey) return null;
  const serverBase = Number(draftSavedAt ?? 0);
  const local = ServerDraftStore.readLocal(localKey);
  const restore = local !== null && !local.synced && local.base >= serverBase;
  if (restore) script.textContent = JSON.stringify(local.files); // what the workspace opens with
  const store = new ServerDraftStore(
    { url: draftUrl, localKey, base: restore ? local.base : serverBase, onStatus: showStatus },
    restore ? local.files : pageFiles(script),
    restore,
  );
  if (restore) {
    setVersion("Changes kept in this browser while Slate could not be reached: saving them now…", "unsaved");
    void store.sync().catch(() => undefined);
  }
  return store;
}

/**
 * Logging out clears this browser's drafts (src/client/app.ts): first make sure Slate has the latest
 * code, and ask before logging out when it cannot be saved.
 */
function saveBeforeLogout(ws: Workspace, store: ServerDraftStore): void {
  document.addEventListener(
    "submit",
    (e) => {
      const form = e.target as HTMLFormElement;
      if (form.getAttribute("action") !== "/logout") return;
      e.preventDefault();
      e.stopPropagation(); // app.ts clears the drafts after this
      void (async () => {
        await ws.saveNow();
        await store.sync().catch(() => undefined);
        if (
          store.unsynced &&
          !confirm("Your latest code could not be saved to Slate. Log out anyway and lose it?")
        )
          return;
        forgetLocalDrafts();
        form.submit();
      })();
    },
    { capture: true },
  );
}

function forgetLocalDrafts(): void {
  try {
    for (const key of Object.keys(localStorage))
      if (key.startsWith("slate-draft:")) localStorage.removeItem(key);
  } catch {
    // Storage blocked: nothing was kept either.
  }
}

function start(workspace: HTMLElement): void {
  const line = versionLine();
  const store = line ? draftStore(workspace, line) : null;
  // Without a store (a teacher's preview) the workspace keeps edits in the page.
  // Runs on a problem page get the problem's data files (issue 18).
  const problemId = Number(/^\/problems\/(\d+)/.exec(location.pathname)?.[1]);
  const ws = mountWorkspace(workspace, {
    ...(store ? { store } : {}),
    actions: { tests: send, submit: send },
    ...(problemId ? { runBody: () => ({ problemId }) } : {}),
    ...recorder?.workspaceOptions,
  });
  attachAi(ws); // AI Analysis and the tutor, when the page has them
  recorder?.attach(ws);
  // Other features reach the editor through events (the problem chat attaches the code and loads a
  // teacher's reply into the editor): src/client/community.ts.
  document.addEventListener("slate:code-request", (e) =>
    (e as CustomEvent<(s: unknown) => void>).detail(ws.snapshot()),
  );
  document.addEventListener("slate:code-load", (e) => {
    void ws.loadFiles((e as CustomEvent<{ files: { name: string; content: string }[] }>).detail.files);
  });
  attachVisualizer(ws);
  if (!store || !line) return;
  if (store.unsynced) setSaveMark("saving", "Saving…");
  const age = Number(line.dataset.ageMs ?? 0);
  if (line.dataset.shown === "draft") savedAt = Date.now() - age;
  // "2 min ago" stays true while the page is open.
  setInterval(() => {
    if (savedAt !== null && versionLine()?.dataset.shown === "draft") setVersion(draftText(savedAt), "draft");
  }, 30_000);
  addEventListener("online", () => void ws.saveNow());
  saveBeforeLogout(ws, store);
}

if (root) start(root);
// When a submission's result arrives over SSE, its row in the history gets its score. (Before the
// swap: the grading box replaces itself, so an event after it would fire on a detached element.)
document.body.addEventListener("htmx:sseBeforeMessage", (e) => {
  if ((e as CustomEvent<{ type?: string }>).detail?.type === "graded") void refreshFromPage();
});
