// The playground's Python shell (issue 18): "Shell" opens a REPL in the console (each line typed in the
// console's input goes to it; results show as in IDLE's shell, state kept); "Continue in shell" runs
// the program first, so its variables are in scope. The server caps shells and ends idle ones with a
// note; the console shows both like any run's end.
import type { Workspace } from "./editor/index.ts";

const SHELLS = "/playground/shells";

function openShell(ws: Workspace, continueProgram: boolean): void {
  const snap = ws.snapshot();
  const body = continueProgram ? { files: snap.files, main: snap.main } : { files: snap.files, main: null };
  const label = continueProgram ? `▶ ${snap.main}, then a Python shell` : "Python shell";
  ws.startStream(SHELLS, body, label);
  ws.console.input.focus();
}

export const shellActions = {
  shell: (ws: Workspace) => openShell(ws, false),
  "continue-shell": (ws: Workspace) => openShell(ws, true),
};
