// /playground: mounts the workspace on the page, with the user's saved files.
import { mountWorkspace } from "./editor/index.ts";
import { attachVisualizer } from "./visualizer.ts";

const root = document.querySelector<HTMLElement>("[data-workspace]");
if (root) attachVisualizer(mountWorkspace(root));
