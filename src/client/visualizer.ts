// The visualizer on a page with a workspace (playground, problem page): the "Visualize" button beside
// Run traces the code in the editor, and on a problem page each failing visible test's "Visualize this
// test" traces it with that test's input. One line in the page's script attaches it:
//
//   const ws = mountWorkspace(root, ...); attachVisualizer(ws);
//
// The trace arrives compact and gzip-compressed (the browser inflates it); codec.ts rebuilds Python
// Tutor's format and view.ts draws it. Options are remembered per user on the server.
import { type CompactTrace, decodeTrace } from "../features/visualizer/codec.ts";
import { isDarkTheme, type Workspace } from "./editor/index.ts";
import { type ViewOptions, VisualizerView } from "./visualizer/view.ts";

const DEFAULTS: ViewOptions = {
  heapPrimitives: false,
  grid: true,
  showReturned: false,
  nest: false,
  textLabels: false,
  start: "first",
};

/** What the visualizer needs of the code on a page: its root (holding the Visualize button) and the
 *  program. A workspace is one; a lesson's snippet (src/client/lessons/snippet.ts) is another. */
export type VisualizerHost = Pick<Workspace, "root" | "snapshot">;

interface Pending {
  url: string;
  body: Record<string, unknown>;
  title: string;
  start?: ViewOptions["start"];
}

// One dialog per page, whatever number of editors it has (a lesson page has one per snippet): its
// element ids are unique only once. The controller that opened it last gets its callbacks.
let sharedView: VisualizerView | null = null;
let activeController: VisualizerController | null = null;
let options: ViewOptions = DEFAULTS;
let optionsLoaded: Promise<void> | null = null;

function loadOptions(): Promise<void> {
  optionsLoaded ??= fetch("/visualizer/options", { headers: { accept: "application/json" } })
    .then(async (res) => {
      if (res.ok) options = { ...DEFAULTS, ...((await res.json()) as { options: ViewOptions }).options };
    })
    .catch(() => undefined);
  return optionsLoaded;
}

function saveOptions(next: ViewOptions): void {
  options = next;
  const { heapPrimitives, grid, showReturned, nest, textLabels, start } = next;
  void fetch("/visualizer/options", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ heapPrimitives, grid, showReturned, nest, textLabels, start }),
  }).catch(() => undefined);
}

class VisualizerController {
  private last: Pending | null = null;
  private stdin = "";

  constructor(private readonly ws: VisualizerHost) {}

  private async ensureView(): Promise<VisualizerView> {
    await loadOptions();
    activeController = this;
    sharedView ??= new VisualizerView(
      options,
      {
        onOptions: (next, retrace) => {
          saveOptions(next);
          activeController?.retrace(retrace);
        },
        onInput: (stdin) => activeController?.answerInput(stdin),
      },
      isDarkTheme(),
    );
    (window as unknown as { __slateVisualizer: VisualizerView }).__slateVisualizer = sharedView;
    return sharedView;
  }

  private retrace(retrace: boolean): void {
    if (retrace && this.last && sharedView) void this.run(this.last, sharedView.index);
  }

  private answerInput(stdin: string): void {
    this.stdin = stdin;
    void this.visualizeCode(stdin);
  }

  /** The Visualize button: asks for the program's input first when the code calls input(). */
  async visualize(): Promise<void> {
    const view = await this.ensureView();
    view.open("Visualize your program");
    const reads = this.ws.snapshot().files.some((f) => /\binput\s*\(/.test(f.content));
    if (reads) {
      view.message(null);
      view.askInput(this.stdin);
      return;
    }
    await this.visualizeCode("");
  }

  private async visualizeCode(stdin: string): Promise<void> {
    const snap = this.ws.snapshot();
    await this.run({ url: "/visualizer/trace", body: { ...snap, stdin }, title: "Visualize your program" });
  }

  async visualizeTest(problemId: string, testId: string, name: string): Promise<void> {
    const view = await this.ensureView();
    view.open(`Visualize test: ${name}`);
    await this.run({
      url: `/visualizer/problems/${problemId}/tests/${testId}/trace`,
      body: this.ws.snapshot(),
      title: `Visualize test: ${name}`,
      start: "error",
    });
  }

  private async run(p: Pending, keepIndex?: number): Promise<void> {
    const view = await this.ensureView();
    this.last = p;
    view.busy("Tracing your program in the sandbox…");
    try {
      const res = await fetch(p.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ ...p.body, heapPrimitives: options.heapPrimitives }),
      });
      const data = (await res.json()) as CompactTrace & { error?: string };
      if (!res.ok || data.error) {
        view.message(data.error ?? `The trace failed (${res.status}).`, "error");
        return;
      }
      view.show(decodeTrace(data), p.start);
      if (keepIndex !== undefined) view.go(keepIndex);
    } catch {
      view.message("Slate could not be reached. Check your connection and try again.", "error");
    }
  }
}

/** Wires the Visualize button of this workspace and the page's "Visualize this test" buttons. */
export function attachVisualizer(ws: VisualizerHost): void {
  const controller = new VisualizerController(ws);
  const button = ws.root.querySelector<HTMLButtonElement>("[data-visualize]");
  if (button && !ws.root.dataset.runDisabled) {
    button.disabled = false;
    button.addEventListener("click", () => void controller.visualize());
  }
  const problemId = button?.dataset.visualizeProblem;
  if (!problemId || ws.root.dataset.runDisabled) return;
  // Results arrive as fragments ("Run tests", a submission's live result): reveal their buttons.
  const reveal = () => {
    for (const b of document.querySelectorAll<HTMLButtonElement>("[data-visualize-test][hidden]"))
      b.hidden = false;
  };
  reveal();
  new MutationObserver(reveal).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>("[data-visualize-test]");
    if (!b) return;
    e.preventDefault();
    void controller.visualizeTest(problemId, b.dataset.visualizeTest!, b.dataset.testName ?? "");
  });
}
