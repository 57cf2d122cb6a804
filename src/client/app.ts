// Small progressive enhancements for every page: theme toggle, mobile drawer, confirm prompts,
// copy buttons. Every page works without this file.

function currentTheme(): "light" | "dark" {
  const set = document.documentElement.dataset.theme;
  if (set === "light" || set === "dark") return set;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function syncThemeButtons(): void {
  const dark = currentTheme() === "dark";
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-theme-toggle]")) {
    b.setAttribute("aria-pressed", String(dark));
  }
}

function toggleTheme(): void {
  const next = currentTheme() === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem("slate-theme", next);
  } catch {
    // Not persisted; still applied for this page.
  }
  syncThemeButtons();
  document.dispatchEvent(new CustomEvent("slate:theme", { detail: next }));
}

/**
 * Opens or closes the phone drawer. It covers the page, so focus moves into it on open and back to the
 * menu button on close (Tab is kept inside it meanwhile: see trapNavFocus).
 */
function setNav(open: boolean): void {
  const wasOpen = document.body.hasAttribute("data-nav-open");
  document.body.toggleAttribute("data-nav-open", open);
  for (const b of document.querySelectorAll("[data-nav-toggle]"))
    b.setAttribute("aria-expanded", String(open));
  if (open && !wasOpen) navFocusables()[0]?.focus();
  else if (!open && wasOpen) document.querySelector<HTMLElement>("[data-nav-toggle]")?.focus();
}

function navFocusables(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("#sidebar a[href], #sidebar button:not([disabled])")];
}

/** Tab and Shift+Tab wrap around inside the open drawer instead of reaching the page under it. */
function trapNavFocus(e: KeyboardEvent): void {
  const items = navFocusables();
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const inside = items.includes(document.activeElement as HTMLElement);
  if (e.shiftKey && (document.activeElement === first || !inside)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
    e.preventDefault();
    first.focus();
  }
}

async function copyFrom(button: HTMLElement): Promise<void> {
  const target = document.getElementById(button.dataset.copy ?? "") as HTMLInputElement | null;
  if (!target) return;
  target.select();
  try {
    await navigator.clipboard.writeText(target.value);
  } catch {
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = "Copied";
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

document.addEventListener("click", (e) => {
  const el = (e.target as Element).closest<HTMLElement>(
    "[data-theme-toggle],[data-nav-toggle],[data-nav-close],[data-copy]",
  );
  if (!el) return;
  if (el.hasAttribute("data-theme-toggle")) toggleTheme();
  else if (el.hasAttribute("data-nav-toggle")) setNav(!document.body.hasAttribute("data-nav-open"));
  else if (el.hasAttribute("data-nav-close")) setNav(false);
  else if (el.dataset.copy) void copyFrom(el);
});

document.addEventListener("keydown", (e) => {
  if (!document.body.hasAttribute("data-nav-open")) return;
  if (e.key === "Escape") setNav(false);
  else if (e.key === "Tab") trapNavFocus(e);
});

document.addEventListener("submit", (e) => {
  const form = e.target as HTMLFormElement;
  const question = form.dataset.confirm;
  if (question && !confirm(question)) e.preventDefault();
  else if (form.getAttribute("action") === "/logout") forgetDrafts();
});

/** Unsubmitted code kept in this browser (problem pages) goes with the person logging out. */
function forgetDrafts(): void {
  try {
    for (const key of Object.keys(localStorage))
      if (key.startsWith("slate-draft:")) localStorage.removeItem(key);
  } catch {
    // Storage blocked: there are no drafts either.
  }
}

// Select-all checkboxes in tables (the submissions table): one box toggles every row of its form.
document.addEventListener("change", (e) => {
  const box = e.target as HTMLInputElement;
  if (!box.matches("[data-select-all]")) return;
  const scope = box.closest("[data-select-scope]") ?? document;
  for (const row of scope.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="ids[]"]')) {
    row.checked = box.checked;
  }
});

syncThemeButtons();
