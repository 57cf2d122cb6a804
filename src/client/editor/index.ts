// The reusable IDE pieces. Each works alone; `mountWorkspace` combines them.
//
// Server side, render the skeleton (views/playground/workspace.tsx):
//
//   <Workspace id="problem" files={files} runUrl={`/problems/${id}/runs`}
//     actions={<>
//       <button type="button" class="btn btn-secondary" data-workspace-action="tests">Run tests</button>
//       <button type="button" class="btn btn-primary" data-workspace-action="submit">Submit</button>
//     </>} />
//
// `runUrl` must behave like /playground/runs: POST {files, main} answers with an SSE stream
// (run{id, limits}, queued{position}, started, stdout "text", stderr "text", exit{ExitInfo}), and
// `${runUrl}/${id}/stdin` {text}|{eof:true}, `${runUrl}/${id}/stop` and `${runUrl}/${id}/events`
// (resume with Last-Event-ID) exist. lib/playground/runs.ts + stream.ts do all of that for a route.
// Without `filesUrl` edits stay in the page (MemoryFileStore); pass `store` for anything else.
//
// Client side (a src/client/NAME.ts entry):
//
//   import { mountWorkspace } from "./editor/index.ts";
//   const ws = mountWorkspace(document.getElementById("problem")!, {
//     actions: {
//       tests: (ws) => ws.startStream(`/problems/${id}/tests`, ws.snapshot(), "Running the tests"),
//       submit: async (ws) => { ws.setBusy(true); await fetch(...ws.snapshot()...); ws.setBusy(false); },
//     },
//     onExit: (info, ws) => { ... },
//   });
//
// Workspace: snapshot(), runProgram(), startStream(url, body, label), stop(), open(key), goTo(name, line),
// create(name, content), saveNow(), setBusy(busy), notify(message), and the parts: ws.editor (CodeEditor),
// ws.console (RunConsole), ws.tabs (FileTabs), ws.store (FileStore).
export { CodeEditor, type CodeEditorOptions, type LineDiagnostic } from "./code-editor.ts";
export { describeExit, type ErrorSummary, summarizeError } from "./errors.ts";
export { FileTabs, type TabFile } from "./file-tabs.ts";
export { type ExitInfo, type RunController, type RunHandlers, startRun } from "./run-client.ts";
export { RunConsole, type RunConsoleOptions } from "./run-console.ts";
export { makeSplit } from "./split.ts";
export { type FileStore, HttpFileStore, MemoryFileStore, type StoredFile, StoreError } from "./store.ts";
export { isDarkTheme, mountWorkspace, Workspace, type WorkspaceOptions } from "./workspace.ts";
