// The playground's shell buttons (issue 18), in the workspace toolbar before Run: src/client/shell.ts.
import type { FC } from "hono/jsx";
import { Icon } from "../../../ui/icons.tsx";

export const ShellButtons: FC = () => (
  <>
    <button
      type="button"
      class="btn btn-secondary"
      data-workspace-action="shell"
      title="A Python shell: type Python and see each result, with state kept between inputs"
    >
      <Icon name="terminal" size={16} />
      Shell
    </button>
    <button
      type="button"
      class="btn btn-secondary"
      data-workspace-action="continue-shell"
      title="Run the program, then go on in a shell with its variables in scope"
    >
      <span class="shell-label-long">Continue in shell</span>
      <span class="shell-label-short">Run + shell</span>
    </button>
  </>
);
