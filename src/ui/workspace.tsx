// The IDE workspace: file tabs, a CodeMirror editor, a split divider and a console. The server renders
// the skeleton (readable without JavaScript: the main file as text); src/client/editor/workspace.ts
// brings it to life. Problem pages reuse it with their own run URL, files and extra buttons:
//
//   <Workspace files={files} runUrl="/problems/7/runs" actions={<button type="button"
//     class="btn btn-secondary" data-workspace-action="tests">Run tests</button>} />
//
// and in their script: mountWorkspace(el, { onAction: { tests: (ws) => ... } }).
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { Icon } from "./icons.tsx";

export interface WorkspaceFile {
  id: number | string;
  name: string;
  content: string;
  isMain: boolean;
}

export interface WorkspaceProps {
  /** Element id prefix; give each workspace on a page its own. */
  id?: string;
  files: WorkspaceFile[];
  /** POST {files, main} here to start a run; the answer is the run's event stream. */
  runUrl: string;
  /** REST base for saving (POST, PATCH/DELETE :id); without it edits stay in the page. */
  filesUrl?: string;
  /** Offered as "Download all (.zip)" in the file menu. */
  downloadUrl?: string;
  /** Create, rename, delete, upload and choose the main file (needs filesUrl or works in memory). */
  manageFiles?: boolean;
  /** CSP nonce, for CodeMirror's fallback <style> where constructed style sheets are missing. */
  nonce?: string;
  /** Without filesUrl: keep edits in this browser's localStorage under this key (e.g. problem + user)… */
  draftKey?: string;
  /** …and prefer that draft over `files` only when it was saved after this time (epoch ms). */
  draftSince?: number;
  /** Extra toolbar buttons, placed before Run. Give them data-workspace-action="NAME". */
  actions?: Child;
  /** Shown instead of running when code execution is off. */
  runDisabledReason?: string;
}

/** JSON for an inline data block: "<" escaped so no text can close the script element. */
/** "Run tests" and "Submit" of a problem's workspace, posting to `${base}/run-tests` and `${base}/submit`;
 * `locked` (the reason the problem is closed) disables Submit. */
export const GradeButtons: FC<{ base: string; locked?: boolean }> = (p) => (
  <>
    <button
      type="button"
      class="btn btn-secondary"
      data-workspace-action="tests"
      data-url={`${p.base}/run-tests`}
    >
      <Icon name="check" size={16} />
      Run tests
    </button>
    <button
      type="button"
      class="btn btn-primary"
      data-workspace-action="submit"
      data-url={`${p.base}/submit`}
      disabled={p.locked}
      data-locked={p.locked ? "" : undefined}
    >
      Submit
    </button>
  </>
);

export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** A small ghost button of the workspace's bars; the workspace script finds it by its data-action. */
const ToolButton: FC<
  PropsWithChildren<{
    action: string;
    title: string;
    /** The accessible name, when the visible content is an icon or a symbol. */
    label?: string;
    /** A toggle: rendered as aria-pressed, which the script flips. */
    pressed?: boolean;
    /** Icon only: a square button. */
    square?: boolean;
    disabled?: boolean;
  }>
> = (p) => (
  <button
    type="button"
    class={p.square ? "btn btn-ghost btn-icon btn-sm" : "btn btn-ghost btn-sm"}
    data-action={p.action}
    aria-pressed={p.pressed === undefined ? undefined : String(p.pressed)}
    aria-label={p.label}
    title={p.title}
    disabled={p.disabled}
  >
    {p.children}
  </button>
);

export const Workspace: FC<WorkspaceProps> = (p) => {
  const id = p.id ?? "ws";
  const main = p.files.find((f) => f.isMain) ?? p.files[0];
  return (
    <div
      class="ide"
      id={id}
      data-workspace
      data-run-url={p.runUrl}
      data-files-url={p.filesUrl}
      data-draft-key={p.draftKey}
      data-draft-since={p.draftSince}
      data-nonce={p.nonce}
      data-manage-files={p.manageFiles ? "true" : undefined}
      data-run-disabled={p.runDisabledReason}
    >
      <script
        type="application/json"
        data-workspace-files
        dangerouslySetInnerHTML={{ __html: jsonForScript(p.files) }}
      />
      <div class="ide-bar">
        <div class="ide-files">
          <div class="ide-tabs" role="tablist" aria-label="Files" data-tabs>
            {p.files.map((f) => (
              <span class={`ide-tab${f === main ? " is-active" : ""}`}>
                <Icon name="file" size={15} />
                {f.name}
              </span>
            ))}
          </div>
          {p.manageFiles ? (
            <>
              <ToolButton action="new-file" square label="New file" title="New file" disabled>
                <Icon name="plus" size={18} />
              </ToolButton>
              <div class="ide-menu-wrap">
                <button
                  type="button"
                  class="btn btn-ghost btn-icon btn-sm"
                  data-action="file-menu"
                  aria-haspopup="menu"
                  aria-expanded="false"
                  aria-controls={`${id}-file-menu`}
                  aria-label="File actions"
                  title="File actions"
                  disabled
                >
                  <Icon name="dots" size={18} />
                </button>
                <div class="ide-menu" id={`${id}-file-menu`} role="menu" aria-label="File actions" hidden>
                  <button type="button" role="menuitem" data-menu="new">
                    <Icon name="plus" size={16} />
                    New file
                  </button>
                  <button type="button" role="menuitem" data-menu="upload">
                    <Icon name="upload" size={16} />
                    Upload a file…
                  </button>
                  <button type="button" role="menuitem" data-menu="rename">
                    <Icon name="pencil" size={16} />
                    Rename
                  </button>
                  <button type="button" role="menuitem" data-menu="main">
                    <Icon name="star" size={16} />
                    Make this the main file
                  </button>
                  <button type="button" role="menuitem" data-menu="delete" class="danger">
                    <Icon name="trash" size={16} />
                    Delete
                  </button>
                  {p.downloadUrl ? (
                    <a role="menuitem" href={p.downloadUrl} download data-menu="download">
                      <Icon name="download" size={16} />
                      Download all (.zip)
                    </a>
                  ) : null}
                </div>
                <input
                  type="file"
                  class="sr-only"
                  data-upload
                  accept=".py,.txt,.csv,.json,.md,text/plain,text/x-python"
                  tabindex={-1}
                  aria-label="Upload a file"
                />
              </div>
            </>
          ) : null}
        </div>
        <div class="ide-run">
          <span class="save-state" data-save-state role="status" aria-live="polite" />
          {p.actions}
          <button type="button" class="btn btn-secondary" data-action="stop" disabled>
            <Icon name="stop" size={16} />
            Stop
          </button>
          <button
            type="button"
            class="btn btn-primary"
            data-action="run"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            title="Run (Ctrl+Enter)"
            disabled
          >
            <Icon name="play" size={16} />
            Run
            <span class="kbd-hint" aria-hidden="true" data-run-shortcut>
              Ctrl ↵
            </span>
          </button>
        </div>
      </div>
      <div class="ide-notice" data-notice role="alert" hidden />
      <div class="ide-body" data-split>
        <section class="ide-editor" id={`${id}-editor`} role="tabpanel" aria-label="Editor">
          <div class="ide-editor-host" data-editor>
            <pre class="ide-fallback">{main?.content ?? ""}</pre>
          </div>
          <div class="ide-statusbar">
            <span data-cursor-pos>Ln 1, Col 1</span>
            <span class="ide-status-main" data-main-label>
              {main ? `Runs ${main.name}` : ""}
            </span>
            <span class="ide-status-tools">
              <ToolButton action="wrap" pressed={false} title="Wrap long lines">
                <Icon name="wrap" size={15} />
                Wrap
              </ToolButton>
              {/* Each name starts with the button's visible text (WCAG 2.5.3): voice users say what they see. */}
              {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would be a form box; this is a toolbar group */}
              <span class="ide-font" role="group" aria-label="Text size">
                <ToolButton action="font-smaller" label="A− Smaller text" title="Smaller text">
                  A−
                </ToolButton>
                <span data-font-size aria-live="polite">
                  14px
                </span>
                <ToolButton action="font-larger" label="A+ Larger text" title="Larger text">
                  A+
                </ToolButton>
              </span>
            </span>
          </div>
        </section>
        {/* biome-ignore lint/a11y/useSemanticElements: a focusable, resizable splitter is role=separator on a div (<hr> cannot hold focus semantics) */}
        <div
          class="ide-divider"
          data-divider
          role="separator"
          tabindex={0}
          aria-orientation="vertical"
          aria-label="Resize editor and console"
          aria-controls={`${id}-editor`}
          aria-valuemin={20}
          aria-valuemax={80}
          aria-valuenow={58}
        />
        <section class="ide-console" aria-labelledby={`${id}-console-title`}>
          <div class="console-head">
            <h2 id={`${id}-console-title`}>
              <Icon name="terminal" size={16} />
              Console
            </h2>
            <span class="run-state" data-run-state data-state="idle">
              Ready
            </span>
            <span class="console-tools">
              <ToolButton action="clear" square label="Clear console" title="Clear console">
                <Icon name="eraser" size={16} />
              </ToolButton>
              <ToolButton
                action="enlarge"
                square
                pressed={false}
                label="Enlarge console"
                title="Enlarge console"
              >
                <Icon name="maximize" size={16} class="when-small" />
                <Icon name="minimize" size={16} class="when-large" />
              </ToolButton>
            </span>
          </div>
          <div class="console-scroll" data-console-scroll>
            <div
              class="console-out"
              data-console-output
              role="log"
              aria-live="polite"
              aria-label="Program output"
              tabindex={0}
            >
              <p class="console-hint">
                {p.runDisabledReason ?? (
                  <>
                    Press <kbd>Run</kbd> or <kbd>Ctrl</kbd>+<kbd>Enter</kbd> to run your program. Its output
                    appears here.
                  </>
                )}
              </p>
            </div>
            <form class="console-input" data-console-input hidden>
              <span class="console-prompt" aria-hidden="true">
                ›
              </span>
              <input
                type="text"
                name="line"
                aria-label="Input for your program"
                placeholder="Type here and press Enter"
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                enterkeyhint="send"
              />
              <button type="submit" class="btn btn-secondary btn-sm">
                <Icon name="enter" size={15} />
                Send
              </button>
            </form>
          </div>
          <div class="console-status" data-console-status hidden />
        </section>
      </div>
    </div>
  );
};
