// /playground: mounts the workspace on the page, with the user's saved files.
import { mountWorkspace } from "./editor/index.ts";
import { shellActions } from "./shell.ts";

const root = document.querySelector<HTMLElement>("[data-workspace]");
if (root) mountWorkspace(root, { actions: shellActions });
