// A problem page: the shared workspace (editor, files, console with Run) plus "Run tests" and
// "Submit", which post the files like the no-JS form does and show the answer in #results.
import { mountWorkspace, type Workspace } from "./editor/index.ts";

declare const htmx:
  | {
      process(el: Element): void;
      ajax(verb: string, path: string, ctx: { target: string; select: string; swap: string }): Promise<void>;
    }
  | undefined;

/** Re-reads the submission history (and the count of submissions used) from the page. */
function refreshHistory(): void {
  if (document.getElementById("history")) {
    void htmx?.ajax("GET", location.pathname, { target: "#history", select: "#history", swap: "outerHTML" });
  }
}

const root = document.querySelector<HTMLElement>("[data-workspace]");
const results = document.getElementById("results");

async function send(ws: Workspace, button: HTMLButtonElement): Promise<void> {
  if (!results || !button.dataset.url) return;
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
    if (button.dataset.workspaceAction === "submit") refreshHistory();
    results.scrollIntoView({ block: "nearest", behavior: "smooth" });
  } catch {
    results.innerHTML = "";
    ws.notify("Slate could not be reached. Check your connection and try again.");
  } finally {
    button.removeAttribute("aria-busy");
    ws.setBusy(false);
  }
}

if (root) mountWorkspace(root, { actions: { tests: send, submit: send } });
// When a submission's result arrives over SSE, its row in the history gets its score. (Before the
// swap: the grading box replaces itself, so an event after it would fire on a detached element.)
document.body.addEventListener("htmx:sseBeforeMessage", (e) => {
  if ((e as CustomEvent<{ type?: string }>).detail?.type === "graded") refreshHistory();
});
