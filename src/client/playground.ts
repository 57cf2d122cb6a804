// /playground: mounts the workspace on the page, with the user's saved files.
import { mountWorkspace } from "./editor/index.ts";

const root = document.querySelector<HTMLElement>("[data-workspace]");
if (root) {
  const ws = mountWorkspace(root);
  // For tests and the curious: the workspace of this page.
  (window as unknown as { slateWorkspace: unknown }).slateWorkspace = ws;
}
