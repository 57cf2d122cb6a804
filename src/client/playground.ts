// /playground: mounts the workspace on the page, with the user's saved files.
import { attachAi } from "./ai/panels.ts";
import { mountWorkspace } from "./editor/index.ts";
import { shellActions } from "./shell.ts";
import { attachVisualizer } from "./visualizer.ts";

const root = document.querySelector<HTMLElement>("[data-workspace]");
if (root) {
  const ws = mountWorkspace(root, { actions: shellActions });
  attachAi(ws); // AI Analysis and the tutor, when the page has them
  attachVisualizer(ws);
}
