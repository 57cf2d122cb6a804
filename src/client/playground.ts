// /playground: mounts the workspace on the page, with the user's saved files, and its Shell tab.
import { attachAi } from "./ai/panels.ts";
import { mountWorkspace } from "./editor/index.ts";
import { mountShellTab, type ShellTab } from "./shell.ts";
import { attachVisualizer } from "./visualizer.ts";

const root = document.querySelector<HTMLElement>("[data-workspace]");
if (root) {
  let shell: ShellTab | null = null;
  const ws = mountWorkspace(root, { actions: { "continue-shell": () => shell?.continueInShell() } });
  shell = mountShellTab(ws);
  attachAi(ws); // AI Analysis and the tutor, when the page has them
  attachVisualizer(ws);
}
