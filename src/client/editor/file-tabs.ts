// File tabs: a WAI-ARIA tablist (arrow keys move and select, F2 renames), the main file marked,
// inline inputs for renaming and naming a new file. It renders and reports; the workspace decides.

export interface TabFile {
  key: string;
  name: string;
  isMain: boolean;
}

export interface FileTabsOptions {
  /** id of the element the tabs control (the editor section). */
  controls: string;
  onSelect(key: string): void;
  /** Resolves true when the name was accepted (the tabs re-render either way). */
  onRename?(key: string, name: string): Promise<boolean>;
  onCreate?(name: string): Promise<boolean>;
}

const SVG = "http://www.w3.org/2000/svg";
const FILE_ICON = "M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6";
const MAIN_ICON = "m7 4 13 8-13 8z";

export function svgIcon(path: string, size = 15): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({
    class: "icon",
    width: String(size),
    height: String(size),
    viewBox: "0 0 24 24",
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
    "aria-hidden": "true",
  }))
    svg.setAttribute(k, v);
  const p = document.createElementNS(SVG, "path");
  p.setAttribute("d", path);
  svg.append(p);
  return svg;
}

export class FileTabs {
  private files: TabFile[] = [];
  private active = "";
  private editing: string | null = null; // key being renamed, or "" for a new file

  constructor(
    private readonly list: HTMLElement,
    private readonly options: FileTabsOptions,
  ) {
    list.addEventListener("click", (e) => {
      const tab = (e.target as Element).closest<HTMLElement>("[role=tab]");
      if (tab?.dataset.key) options.onSelect(tab.dataset.key);
    });
    list.addEventListener("dblclick", (e) => {
      const tab = (e.target as Element).closest<HTMLElement>("[role=tab]");
      if (tab?.dataset.key && options.onRename) this.startRename(tab.dataset.key);
    });
    list.addEventListener("keydown", (e) => this.onKey(e));
  }

  render(files: TabFile[], active: string): void {
    this.files = files;
    this.active = active;
    const focused = this.list.contains(document.activeElement);
    this.list.replaceChildren(
      ...files.map((f) => (this.editing === f.key ? this.nameInput(f) : this.tab(f))),
    );
    if (this.editing === "") this.list.append(this.nameInput(null));
    if (focused && this.editing === null) this.focusTab(active);
  }

  startRename(key: string): void {
    this.editing = key;
    this.render(this.files, this.active);
  }

  startCreate(): void {
    this.editing = "";
    this.render(this.files, this.active);
  }

  focusTab(key: string): void {
    this.list.querySelector<HTMLElement>(`[role=tab][data-key="${CSS.escape(key)}"]`)?.focus();
  }

  private tab(f: TabFile): HTMLElement {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `ide-tab${f.key === this.active ? " is-active" : ""}${f.isMain ? " is-main" : ""}`;
    b.setAttribute("role", "tab");
    b.id = `${this.options.controls}-tab-${f.key}`;
    b.dataset.key = f.key;
    b.setAttribute("aria-selected", String(f.key === this.active));
    b.setAttribute("aria-controls", this.options.controls);
    b.tabIndex = f.key === this.active ? 0 : -1;
    const name = document.createElement("span");
    name.className = "tab-name";
    name.textContent = f.name;
    b.append(svgIcon(f.isMain ? MAIN_ICON : FILE_ICON), name);
    if (f.isMain) {
      const mark = document.createElement("span");
      mark.className = "tab-main";
      mark.textContent = "main";
      mark.setAttribute("aria-label", "(main file)");
      b.append(mark);
      b.title = `${f.name}: the main file, where Run starts`;
    } else {
      b.title = f.name;
    }
    return b;
  }

  private nameInput(f: TabFile | null): HTMLElement {
    const wrap = document.createElement("span");
    wrap.className = "ide-tab is-editing";
    const input = document.createElement("input");
    input.type = "text";
    input.className = "tab-input";
    input.value = f ? f.name : suggestName(this.files);
    input.setAttribute("aria-label", f ? `New name for ${f.name}` : "Name of the new file");
    input.spellcheck = false;
    input.autocomplete = "off";
    input.maxLength = 100;
    input.size = Math.max(8, input.value.length + 1);
    let done = false;
    const finish = async (commit: boolean, blurred = false) => {
      if (done) return;
      done = true;
      const name = cleanFileName(input.value);
      const key = this.editing;
      this.editing = null; // re-renders while the name is being saved show the tabs without this input
      let ok = true;
      if (commit && name && key !== null) {
        if (key === "") ok = (await this.options.onCreate?.(name)) ?? true;
        else if (name !== f?.name) ok = (await this.options.onRename?.(key, name)) ?? true;
      }
      if (!ok && !blurred) {
        // Refused (the reason is shown by the caller): edit again, with what was typed.
        this.editing = key;
        this.render(this.files, this.active);
        const again = this.list.querySelector<HTMLInputElement>(".tab-input");
        if (again) again.value = name;
        return;
      }
      this.render(this.files, this.active);
      if (!blurred) this.focusTab(this.active);
    };
    input.addEventListener("input", () => {
      input.size = Math.max(8, input.value.length + 1);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        void finish(true);
      } else if (e.key === "Escape") {
        e.preventDefault();
        void finish(false);
      }
      e.stopPropagation();
    });
    input.addEventListener("blur", () => void finish(true, true)); // a refused name is then dropped
    wrap.append(input);
    requestAnimationFrame(() => {
      input.focus();
      // A new file's suggested name is replaced whole (typing "helper.py" gives helper.py); a rename
      // keeps the extension selected out, as editors do, and cleanFileName catches a typed one.
      const dot = f ? input.value.lastIndexOf(".") : -1;
      input.setSelectionRange(0, dot > 0 ? dot : input.value.length);
    });
    return wrap;
  }

  private onKey(e: KeyboardEvent): void {
    const tab = (e.target as Element).closest<HTMLElement>("[role=tab]");
    if (!tab?.dataset.key) return;
    const keys = this.files.map((f) => f.key);
    const i = keys.indexOf(tab.dataset.key);
    let next: string | undefined;
    if (e.key === "ArrowRight") next = keys[(i + 1) % keys.length];
    else if (e.key === "ArrowLeft") next = keys[(i - 1 + keys.length) % keys.length];
    else if (e.key === "Home") next = keys[0];
    else if (e.key === "End") next = keys[keys.length - 1];
    else if (e.key === "F2" && this.options.onRename) {
      e.preventDefault();
      this.startRename(tab.dataset.key);
      return;
    }
    if (next === undefined) return;
    e.preventDefault();
    this.options.onSelect(next);
    this.focusTab(next);
  }
}

/** untitled.py, untitled2.py, ... whichever is free. */
export function suggestName(files: { name: string }[]): string {
  const taken = new Set(files.map((f) => f.name.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = n === 1 ? "untitled.py" : `untitled${n}.py`;
    if (!taken.has(name)) return name;
  }
}

/**
 * The name as typed, trimmed, with a doubled extension collapsed: "helper.py.py" (the extension typed
 * in front of one already there) becomes helper.py, else `import helper` cannot find the file.
 */
export function cleanFileName(typed: string): string {
  return typed.trim().replace(/(\.[A-Za-z0-9]+)\1+$/i, "$1");
}
