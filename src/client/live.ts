// Live updates arrive through htmx's SSE extension (see src/lib/live.tsx); this file only adds the
// finishing touches: toasts fade out after a while and can be dismissed, the bell's dropdown closes
// on a click elsewhere or Escape, and rows that changed are briefly highlighted.

const TOAST_MS = 10_000;

function dismiss(toast: Element): void {
  toast.classList.add("toast-leaving");
  setTimeout(() => toast.remove(), 250);
}

function watchToasts(): void {
  const region = document.getElementById("toasts");
  if (!region) return;
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node instanceof Element && node.matches("[data-toast]")) {
          setTimeout(() => dismiss(node), TOAST_MS);
        }
      }
    }
  }).observe(region, { childList: true });
}

document.addEventListener("click", (e) => {
  const target = e.target as Element;
  const close = target.closest("[data-toast-close]");
  if (close) {
    const toast = close.closest("[data-toast]");
    if (toast) dismiss(toast);
    return;
  }
  for (const bell of document.querySelectorAll<HTMLDetailsElement>("details[data-bell][open]")) {
    if (!bell.contains(target)) bell.open = false;
  }
});

document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  for (const bell of document.querySelectorAll<HTMLDetailsElement>("details[data-bell][open]")) {
    bell.open = false;
    bell.querySelector("summary")?.focus();
  }
});

watchToasts();
