// The AI panel under an editor (src/features/ai/views/panels.tsx): "Analyse complexity" and the
// tutor chat. Both post the editor's current files and read the answer as a stream: the place in
// the queue, then the analysis, or the reply as it is written. Findings jump to their line.
import type { Workspace } from "../editor/index.ts";
import { postForStream, queueText } from "./stream.ts";

function filesForm(ws: Workspace): FormData {
  const snap = ws.snapshot();
  const body = new FormData();
  for (const f of snap.files) {
    body.append("names[]", f.name);
    body.append("contents[]", f.content);
  }
  body.append("main", snap.main);
  return body;
}

function setStatus(form: Element, text: string): void {
  const status = form.querySelector<HTMLElement>("[data-ai-status]");
  if (status) status.textContent = text;
}

function alertHtml(message: string): HTMLElement {
  const p = document.createElement("p");
  p.className = "alert alert-error";
  p.setAttribute("role", "alert");
  p.textContent = message;
  return p;
}

function busy(form: HTMLFormElement, on: boolean): void {
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  if (!button) return;
  button.disabled = on;
  if (on) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
}

async function analyse(ws: Workspace, form: HTMLFormElement): Promise<void> {
  const out = form.querySelector<HTMLElement>("[data-ai-analysis-output]");
  if (!out) return;
  busy(form, true);
  setStatus(form, "Sending your code…");
  out.replaceChildren();
  let answered = false;
  const result = await postForStream(form.action, filesForm(ws), (e) => {
    if (e.event === "queued") setStatus(form, queueText(Number(e.data)));
    else if (e.event === "result") {
      answered = true;
      out.innerHTML = e.data; // rendered and escaped by the server
    } else if (e.event === "error") {
      answered = true;
      out.replaceChildren(alertHtml(e.data));
    }
  });
  if (!result.ok) out.replaceChildren(alertHtml(result.message));
  else if (!answered) out.replaceChildren(alertHtml("The analysis ended without an answer. Try again."));
  setStatus(form, "");
  busy(form, false);
}

function bubble(role: "user" | "assistant"): { li: HTMLLIElement; body: HTMLDivElement } {
  const li = document.createElement("li");
  li.className = `ai-msg ai-msg-${role}`;
  const who = document.createElement("span");
  who.className = "sr-only";
  who.textContent = role === "user" ? "You:" : "Tutor:";
  const body = document.createElement("div");
  body.className = role === "user" ? "ai-msg-body" : "ai-msg-body ai-md";
  li.append(who, body);
  return { li, body };
}

async function ask(ws: Workspace, form: HTMLFormElement): Promise<void> {
  const panel = form.closest<HTMLElement>(".ai-tutor");
  const log = panel?.querySelector<HTMLOListElement>("[data-ai-log]");
  const area = form.querySelector<HTMLTextAreaElement>("textarea[name=question]");
  if (!log || !area) return;
  const question = area.value.trim();
  if (!question) {
    area.focus();
    return;
  }
  panel?.querySelector("[data-ai-empty]")?.remove();
  const mine = bubble("user");
  mine.body.textContent = question;
  const reply = bubble("assistant");
  reply.li.setAttribute("aria-busy", "true");
  reply.body.innerHTML = '<span class="spinner" aria-hidden="true"></span>';
  log.append(mine.li, reply.li);
  reply.li.scrollIntoView({ block: "nearest" });
  const body = filesForm(ws);
  body.append("question", question);
  area.value = "";
  busy(form, true);
  setStatus(form, "Sending…");
  let done = false;
  const result = await postForStream(form.action, body, (e) => {
    if (e.event === "queued") setStatus(form, queueText(Number(e.data)));
    else if (e.event === "started") setStatus(form, "The tutor is writing…");
    else if (e.event === "delta") reply.body.innerHTML = e.data;
    else if (e.event === "checking") setStatus(form, "Checking the code in this reply against the tests…");
    else if (e.event === "restart") {
      reply.body.replaceChildren();
      setStatus(form, "That reply would have solved the exercise, so the tutor is asked for hints only…");
    } else if (e.event === "done") {
      done = true;
      const tpl = document.createElement("template");
      tpl.innerHTML = e.data; // the server's rendered, sanitized bubble
      const fresh = tpl.content.firstElementChild;
      if (fresh) reply.li.replaceWith(fresh);
    } else if (e.event === "error") {
      done = true;
      reply.body.replaceChildren(alertHtml(e.data));
    }
  });
  reply.li.removeAttribute("aria-busy");
  panel?.querySelector<HTMLFormElement>("[data-ai-clear]")?.removeAttribute("hidden");
  if (!result.ok) reply.body.replaceChildren(alertHtml(result.message));
  else if (!done) reply.body.replaceChildren(alertHtml("The reply was cut off. Try again."));
  setStatus(form, "");
  busy(form, false);
  area.focus();
}

async function clear(form: HTMLFormElement): Promise<void> {
  const res = await fetch(form.action, { method: "POST", headers: { "HX-Request": "true" } }).catch(
    () => null,
  );
  if (!res?.ok) return;
  form.closest(".ai-tutor")?.querySelector("[data-ai-log]")?.replaceChildren();
  form.hidden = true;
}

/** Wires the AI panel of the page (if any) to the workspace. */
export function attachAi(ws: Workspace): void {
  const panel = document.querySelector<HTMLElement>("[data-ai-panel]");
  if (!panel) return;
  panel.addEventListener("submit", (e) => {
    const form = e.target as HTMLFormElement;
    if (form.matches("[data-ai-analyze]")) void analyse(ws, form);
    else if (form.matches("[data-ai-tutor]")) void ask(ws, form);
    else if (form.matches("[data-ai-clear]")) void clear(form);
    else return;
    e.preventDefault();
  });
  panel.addEventListener("keydown", (e) => {
    // Enter sends, Shift+Enter starts a new line, as in every chat.
    const area = e.target as HTMLElement;
    if (e.key !== "Enter" || e.shiftKey || !area.matches("[data-ai-tutor] textarea")) return;
    e.preventDefault();
    area.closest("form")?.requestSubmit();
  });
  panel.addEventListener("click", (e) => {
    const button = (e.target as Element).closest<HTMLElement>("[data-ai-goto]");
    if (!button) return;
    ws.goTo(button.dataset.file ?? panel.dataset.mainFile ?? "main.py", Number(button.dataset.line ?? 1));
  });
}
