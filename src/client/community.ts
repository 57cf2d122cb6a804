// People around the code, in the browser: avatars open large in a dialog, and the problem chat,
// discussion, code comments and live class view get their small enhancements. Every page works
// without this file (avatars are links to the picture, forms post normally).

function zoomAvatar(link: HTMLAnchorElement): void {
  let dialog = document.querySelector<HTMLDialogElement>("dialog.avatar-zoom");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.className = "avatar-zoom";
    dialog.innerHTML =
      '<div class="avatar-zoom-head"><strong></strong><button type="button" class="btn btn-ghost btn-sm" data-close>Close</button></div><img alt="">';
    dialog.addEventListener("click", (e) => {
      const target = e.target as HTMLElement;
      if (target === dialog || target.closest("[data-close]")) dialog?.close();
    });
    document.body.append(dialog);
  }
  const name = link.dataset.avatarZoom ?? "";
  dialog.querySelector("strong")!.textContent = name;
  const img = dialog.querySelector("img")!;
  img.src = link.href;
  img.alt = `Picture of ${name}`;
  dialog.showModal();
}

document.addEventListener("click", (e) => {
  const link = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-avatar-zoom]");
  if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  zoomAvatar(link);
});

// ---------------------------------------------------------------- problem chat

/** The editor's files now, from the problem page's workspace (src/client/problem.ts), or null. */
function editorCode(): unknown {
  let snapshot: unknown = null;
  document.dispatchEvent(
    new CustomEvent("slate:code-request", {
      detail: (s: unknown) => {
        snapshot = s;
      },
    }),
  );
  return snapshot;
}

// A student's question carries the code as it is in the editor, not only the last saved draft.
document.addEventListener(
  "submit",
  (e) => {
    const form = e.target as HTMLFormElement;
    if (!form.matches("[data-chat-form], .discussion-form")) return;
    const attach = form.querySelector<HTMLInputElement>('input[name="attach"]');
    form.querySelector('input[name="code"]')?.remove();
    const code = attach?.checked ? editorCode() : null;
    if (!code) return;
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "code";
    field.value = JSON.stringify(code);
    form.append(field);
  },
  { capture: true },
);

// A sent message or comment clears its box (the list updates live; the form is not re-rendered).
document.body.addEventListener("htmx:afterRequest", (e) => {
  const form = e.target as HTMLElement;
  const ok = (e as CustomEvent<{ successful?: boolean }>).detail?.successful;
  if (!ok || !(form instanceof HTMLFormElement) || !form.matches("[data-chat-form], .discussion-form"))
    return;
  const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (body) body.value = "";
  const reply = form.querySelector<HTMLTextAreaElement>('textarea[name="replyCode"]');
  if (reply) reply.value = "";
});

function scrollChats(): void {
  for (const list of document.querySelectorAll<HTMLElement>("[data-chat-list]"))
    list.scrollTop = list.scrollHeight;
}
document.body.addEventListener("htmx:afterSwap", scrollChats);
document.body.addEventListener("htmx:sseMessage", scrollChats);
addEventListener("DOMContentLoaded", scrollChats);

// "Load into my editor": a teacher's reply code replaces the same-named files in the editor.
document.addEventListener("click", (e) => {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>("[data-load-code]");
  if (!button) return;
  const script = document.querySelector(`script[data-chat-code="${button.dataset.loadCode}"]`);
  if (!script?.textContent) return;
  const code = JSON.parse(script.textContent) as { files: { name: string; content: string }[] };
  if (!confirm("Replace the code in your editor with this code? You can undo with Ctrl+Z.")) return;
  document.dispatchEvent(new CustomEvent("slate:code-load", { detail: code }));
  button.textContent = "Loaded into your editor";
});

// ---------------------------------------------------------------- code comments

// Clicking a line number of a submission picks that line in the file's "Comment on line" form.
document.addEventListener("click", (e) => {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>("[data-pick-line]");
  if (!button) return;
  const card = button.closest(".annotated");
  const input = card?.querySelector<HTMLInputElement>("[data-line-input]");
  if (!input) return;
  input.value = button.dataset.pickLine ?? "";
  card?.querySelector<HTMLTextAreaElement>('[data-line-form] textarea[name="body"]')?.focus();
});
