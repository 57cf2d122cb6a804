// The output area's tabs ("Console", "Shell"): the WAI-ARIA tabs pattern with automatic activation.
// Arrow keys, Home and End move between tabs; only the selected tab is in the Tab order; each panel
// keeps its content while hidden.

export type OutputTab = "console" | "shell";

export class OutputTabs {
  private readonly tabs: HTMLButtonElement[];

  constructor(
    readonly list: HTMLElement,
    private readonly onSelect: (name: OutputTab) => void,
  ) {
    this.tabs = [...list.querySelectorAll<HTMLButtonElement>("[role=tab]")];
    list.addEventListener("click", (e) => {
      const tab = (e.target as Element).closest<HTMLButtonElement>("[role=tab]");
      if (tab) this.select(tab.dataset.outputTab as OutputTab);
    });
    list.addEventListener("keydown", (e) => this.onKey(e));
  }

  selected(): OutputTab {
    return (this.tabs.find((t) => t.getAttribute("aria-selected") === "true")?.dataset.outputTab ??
      "console") as OutputTab;
  }

  select(name: OutputTab, focus = false): void {
    for (const tab of this.tabs) {
      const on = tab.dataset.outputTab === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !on;
      if (on && focus) tab.focus();
    }
    this.onSelect(name);
  }

  private onKey(e: KeyboardEvent): void {
    const at = this.tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const n = this.tabs.length;
    const next =
      e.key === "ArrowRight"
        ? (at + 1) % n
        : e.key === "ArrowLeft"
          ? (at - 1 + n) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    this.select(this.tabs[next]!.dataset.outputTab as OutputTab, true);
  }
}
