// The playground's output tabs (issue 18): "Console" (the run output, as before) and "Shell" (a Python
// REPL like IDLE's). The server renders the tab list and the Shell panel after the workspace
// (ShellTabParts); this moves them into the console pane, wraps the console's own output in the
// Console panel, and wires "Continue in shell" (run the program in the shell, its variables in scope).
import type { Workspace } from "./editor/index.ts";
import { OutputTabs } from "./shell-tab/output-tabs.ts";
import { ShellRepl } from "./shell-tab/repl.ts";

export interface ShellTab {
  tabs: OutputTabs;
  repl: ShellRepl;
  /** Shows the Shell tab and runs the workspace's main file in a new shell. */
  continueInShell(): void;
}

export function mountShellTab(ws: Workspace): ShellTab | null {
  const id = ws.root.id;
  const parts = document.querySelector<HTMLElement>(`[data-shell-parts="${id}"]`);
  const pane = ws.root.querySelector<HTMLElement>(".ide-console");
  const list = parts?.querySelector<HTMLElement>("[data-output-tabs]");
  const panel = parts?.querySelector<HTMLElement>("[data-shell-panel]");
  if (!parts || !pane || !list || !panel) return null;
  placeParts(pane, id, list, panel);
  parts.remove();

  const repl = new ShellRepl(panel, {
    files: () => ws.snapshot().files.map((f) => f.name),
    onLocation: (file, line) => ws.goTo(file, line),
    disabledReason: ws.root.dataset.runDisabled
      ? "Code execution is turned off on this Slate server, so the shell cannot run here."
      : undefined,
  });
  let started = false;
  const tabs = new OutputTabs(list, (name) => {
    ws.root.dataset.outputTab = name;
    // The first look at the Shell tab opens a shell; an ended one waits for "Restart shell".
    if (name === "shell" && !repl.isOpen() && !repl.console.isRunning() && !started) {
      started = true;
      void repl.restart({ files: ws.snapshot().files, main: null });
    }
  });
  ws.root.dataset.outputTab = "console";
  // A run's output goes to the Console: show it when a run starts (Run button or Ctrl+Enter).
  ws.root.addEventListener("click", (e) => {
    if ((e.target as Element).closest("button[data-action=run]")) tabs.select("console");
  });
  ws.root.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) tabs.select("console");
  });

  panel.addEventListener("click", (e) => {
    const action = (e.target as Element).closest<HTMLElement>("[data-shell-action]")?.dataset.shellAction;
    if (action === "restart") {
      started = true;
      void repl.restart({ files: ws.snapshot().files, main: null }).then(() => repl.console.input.focus());
    } else if (action === "clear") repl.clear();
  });
  // The console asks for focus when output goes quiet; the workspace would give it to the run's input.
  panel.addEventListener("console:waiting", (e) => {
    e.stopPropagation();
    const focus = document.activeElement;
    const here = !focus || focus === document.body || ws.root.contains(focus);
    if (here && tabs.selected() === "shell") repl.console.input.focus();
  });

  return {
    tabs,
    repl,
    continueInShell() {
      started = true;
      void ws.saveNow();
      const snap = ws.snapshot();
      tabs.select("shell");
      void repl.restart({ files: snap.files, main: snap.main }).then(() => repl.console.input.focus());
    },
  };
}

/** The tab list takes the heading's place (the heading stays for screen readers); panels side by side. */
function placeParts(pane: HTMLElement, id: string, list: HTMLElement, panel: HTMLElement): void {
  const heading = pane.querySelector<HTMLElement>(".console-head h2");
  if (heading) {
    heading.classList.add("sr-only");
    heading.textContent = "Console and shell";
    heading.after(list);
  }
  const consolePanel = document.createElement("div");
  consolePanel.className = "output-panel";
  consolePanel.id = `${id}-console-panel`;
  consolePanel.setAttribute("role", "tabpanel");
  consolePanel.setAttribute("aria-labelledby", `${id}-tab-console`);
  const scroll = pane.querySelector("[data-console-scroll]");
  const status = pane.querySelector("[data-console-status]");
  scroll?.before(consolePanel);
  consolePanel.append(...[scroll, status].filter((n): n is Element => n !== null));
  consolePanel.after(panel);
}
