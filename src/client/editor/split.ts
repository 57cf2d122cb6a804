// A draggable, keyboard-resizable divider between two panes. The split is a percentage in the
// container's --ide-split custom property (set through the CSSOM, which the CSP allows).

export interface SplitOptions {
  min?: number;
  max?: number;
  initial?: number;
  /** Remembers the split in localStorage under this key. */
  storageKey?: string;
  /** Called after every change (e.g. to let the editor re-measure). */
  onResize?(): void;
}

export function makeSplit(container: HTMLElement, divider: HTMLElement, options: SplitOptions = {}): void {
  const min = options.min ?? 20;
  const max = options.max ?? 80;
  const initial = options.initial ?? 58;
  const saved = options.storageKey ? Number(readStorage(options.storageKey)) : Number.NaN;
  let value = Number.isFinite(saved) && saved >= min && saved <= max ? saved : initial;

  const apply = (next: number, persist = false) => {
    value = Math.round(Math.min(max, Math.max(min, next)) * 10) / 10;
    container.style.setProperty("--ide-split", `${value}%`);
    divider.setAttribute("aria-valuenow", String(Math.round(value)));
    divider.setAttribute("aria-valuetext", `Editor ${Math.round(value)}% of the width`);
    if (persist && options.storageKey) writeStorage(options.storageKey, String(value));
    options.onResize?.();
  };
  apply(value);

  divider.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    divider.setPointerCapture(e.pointerId);
    container.classList.add("is-resizing");
    const move = (ev: PointerEvent) => {
      const rect = container.getBoundingClientRect();
      apply(((ev.clientX - rect.left) / rect.width) * 100);
    };
    const up = () => {
      container.classList.remove("is-resizing");
      divider.removeEventListener("pointermove", move);
      divider.removeEventListener("pointerup", up);
      divider.removeEventListener("pointercancel", up);
      apply(value, true);
    };
    divider.addEventListener("pointermove", move);
    divider.addEventListener("pointerup", up);
    divider.addEventListener("pointercancel", up);
  });
  divider.addEventListener("dblclick", () => apply(initial, true));
  divider.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 10 : 2;
    const next =
      e.key === "ArrowLeft" || e.key === "ArrowUp"
        ? value - step
        : e.key === "ArrowRight" || e.key === "ArrowDown"
          ? value + step
          : e.key === "Home"
            ? min
            : e.key === "End"
              ? max
              : e.key === "Enter"
                ? initial
                : null;
    if (next === null) return;
    e.preventDefault();
    apply(next, true);
  });
}

export function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: not remembered
  }
}
