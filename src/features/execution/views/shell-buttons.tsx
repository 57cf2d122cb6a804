// The playground's shell (issue 18): "Continue in shell" in the workspace toolbar before Run, and the
// parts of the output area's tabs: a "Console" / "Shell" tab list and the Shell panel. The server
// renders them hidden after the workspace; src/client/shell/ moves them into the console pane (the
// workspace's own markup is shared with problem pages, which have no shell).
import type { FC } from "hono/jsx";
import { Icon } from "../../../ui/icons.tsx";

export const ShellButtons: FC = () => (
  <button
    type="button"
    class="btn btn-secondary"
    data-workspace-action="continue-shell"
    title="Run the program in the Shell tab, then go on typing Python with its variables in scope"
  >
    <Icon name="terminal" size={16} />
    <span class="shell-label-long">Continue in shell</span>
    <span class="shell-label-short">Run + shell</span>
  </button>
);

/** Ids are prefixed with the workspace's id, as the workspace's own are. */
export const ShellTabParts: FC<{ id: string; disabledReason?: string }> = ({ id, disabledReason }) => (
  <div data-shell-parts={id} hidden>
    <div class="output-tabs" role="tablist" aria-label="Output" data-output-tabs>
      <button
        type="button"
        role="tab"
        id={`${id}-tab-console`}
        aria-controls={`${id}-console-panel`}
        aria-selected="true"
        tabindex={0}
        data-output-tab="console"
      >
        <Icon name="terminal" size={15} />
        Console
      </button>
      <button
        type="button"
        role="tab"
        id={`${id}-tab-shell`}
        aria-controls={`${id}-shell-panel`}
        aria-selected="false"
        tabindex={-1}
        data-output-tab="shell"
      >
        <span class="shell-tab-prompt" aria-hidden="true">
          &gt;&gt;&gt;
        </span>
        Shell
      </button>
    </div>
    <div
      class="output-panel shell-panel"
      id={`${id}-shell-panel`}
      role="tabpanel"
      aria-labelledby={`${id}-tab-shell`}
      data-shell-panel
      hidden
    >
      <div class="shell-bar">
        <span class="run-state" data-shell-state data-state="idle">
          Not started
        </span>
        <span class="shell-tools">
          <button
            type="button"
            class="btn btn-ghost btn-sm"
            data-shell-action="restart"
            title="End this shell and start a new, empty one"
          >
            Restart shell
          </button>
          <button
            type="button"
            class="btn btn-ghost btn-icon btn-sm"
            data-shell-action="clear"
            aria-label="Clear shell"
            title="Clear the shell's screen (its variables stay)"
          >
            <Icon name="eraser" size={16} />
          </button>
        </span>
      </div>
      <div class="console-scroll" data-shell-scroll>
        <div
          class="console-out"
          data-shell-output
          role="log"
          aria-live="polite"
          aria-label="Shell transcript"
          tabindex={0}
        >
          <p class="console-hint">
            {disabledReason ?? (
              <>
                A Python shell, like IDLE's: type a line at the <kbd>&gt;&gt;&gt;</kbd> prompt and press{" "}
                <kbd>Enter</kbd> to see its result. Variables stay between lines; <kbd>↑</kbd> and{" "}
                <kbd>↓</kbd> go through what you typed. <strong>Continue in shell</strong> runs your program
                here first.
              </>
            )}
          </p>
        </div>
        <form class="console-input shell-input" data-shell-input hidden>
          <span class="console-prompt" data-shell-prompt aria-hidden="true">
            &gt;&gt;&gt;
          </span>
          <input
            type="text"
            name="line"
            aria-label="Python line for the shell"
            placeholder="Type Python and press Enter"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            enterkeyhint="send"
          />
          <button type="submit" class="btn btn-secondary btn-sm">
            <Icon name="enter" size={15} />
            Enter
          </button>
        </form>
      </div>
      <div class="console-status" data-shell-status hidden />
    </div>
  </div>
);
