// A menu button (WAI-ARIA pattern): opens on click, Enter, Space or ArrowDown; arrows move between
// items, Escape closes and returns focus to the button, a click outside or Tab closes it.

export interface Menu {
  close(): void;
}

export function makeMenu(
  button: HTMLButtonElement,
  menu: HTMLElement,
  onChoose: (item: HTMLElement) => void,
  beforeOpen?: () => void,
): Menu {
  const items = () =>
    [...menu.querySelectorAll<HTMLElement>("[role=menuitem]")].filter(
      (i) => !i.hidden && i.getAttribute("aria-disabled") !== "true",
    );
  const isOpen = () => !menu.hidden;
  const open = (focusLast = false) => {
    beforeOpen?.();
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const list = items();
    (focusLast ? list[list.length - 1] : list[0])?.focus();
  };
  const close = (refocus = false) => {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (refocus) button.focus();
  };
  button.addEventListener("click", () => (isOpen() ? close() : open()));
  button.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      open(e.key === "ArrowUp");
    }
  });
  menu.addEventListener("keydown", (e) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === "ArrowDown") list[(i + 1) % list.length]?.focus();
    else if (e.key === "ArrowUp") list[(i - 1 + list.length) % list.length]?.focus();
    else if (e.key === "Home") list[0]?.focus();
    else if (e.key === "End") list[list.length - 1]?.focus();
    else if (e.key === "Escape") close(true);
    else if (e.key === "Tab") close();
    else return;
    if (e.key !== "Tab") e.preventDefault();
  });
  menu.addEventListener("click", (e) => {
    const item = (e.target as Element).closest<HTMLElement>("[role=menuitem]");
    if (!item || item.getAttribute("aria-disabled") === "true") {
      e.preventDefault();
      return;
    }
    close(item.tagName !== "A");
    onChoose(item);
  });
  document.addEventListener("pointerdown", (e) => {
    if (isOpen() && !menu.contains(e.target as Node) && !button.contains(e.target as Node)) close();
  });
  return { close: () => close() };
}

/** Enables or disables a menu item (kept focusable-out: disabled items are skipped by the arrows). */
export function setItemEnabled(item: HTMLElement | null, enabled: boolean): void {
  if (!item) return;
  item.setAttribute("aria-disabled", String(!enabled));
}
