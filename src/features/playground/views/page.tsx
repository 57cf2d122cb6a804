// /playground: the workspace with the user's saved files, full width.
import type { Child, FC } from "hono/jsx";
import { asset } from "../../../http/static.ts";
import { Alert } from "../../../ui/components.tsx";
import { Workspace, type WorkspaceFile } from "../../../ui/workspace.tsx";
import { ShareButton } from "../../community/views/sharing.tsx";
import { ShellButtons, ShellTabParts } from "../../execution/views/shell-buttons.tsx";
import { VisualizeButton } from "../../visualizer/views/button.tsx";

export const PlaygroundPage: FC<{
  files: WorkspaceFile[];
  nonce?: string;
  sandboxOff: boolean;
  aiPanel?: Child;
}> = (p) => (
  <div class="playground">
    <header class="pg-head">
      <h1>Playground</h1>
      <p class="muted">Your own space to try out Python. Everything you type is saved as you go.</p>
      <ShareButton />
    </header>
    <noscript>
      <Alert kind="info">
        The playground's editor needs JavaScript. Your saved main file is shown below;{" "}
        <a href="/playground/files.zip">download all your files</a>.
      </Alert>
    </noscript>
    <Workspace
      id="playground"
      files={p.files}
      runUrl="/playground/runs"
      filesUrl="/playground/files"
      downloadUrl="/playground/files.zip"
      manageFiles
      nonce={p.nonce}
      actions={
        <>
          <VisualizeButton />
          <ShellButtons />
        </>
      }
      runDisabledReason={
        p.sandboxOff
          ? "Code execution is turned off on this Slate server, so programs cannot run here. You can still write and save code."
          : undefined
      }
    />
    <ShellTabParts
      id="playground"
      disabledReason={
        p.sandboxOff
          ? "Code execution is turned off on this Slate server, so the shell cannot run here."
          : undefined
      }
    />
    {p.aiPanel}
    <script src={asset("dist/playground.js")} defer />
  </div>
);
