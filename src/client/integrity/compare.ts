// The side-by-side view of two submissions: each pane becomes a read-only CodeMirror view whose
// matching fragments carry the same colour class on both sides (sim-m0..7), and scrolling one pane
// scrolls the other to the same place (by the share scrolled), unless the teacher turns that off.
import { python } from "@codemirror/lang-python";
import { syntaxHighlighting } from "@codemirror/language";
import { EditorState, RangeSetBuilder } from "@codemirror/state";
import { Decoration, EditorView, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

interface Mark {
  from: number;
  to: number;
  match: number;
}
interface Side {
  text: string;
  marks: Mark[];
}

function marksOf(side: Side) {
  const b = new RangeSetBuilder<Decoration>();
  let at = 0;
  for (const m of [...side.marks].sort((x, y) => x.from - y.from)) {
    const from = Math.max(m.from, at);
    if (m.to <= from) continue;
    b.add(from, m.to, Decoration.mark({ class: `sim-m${m.match % 8}` }));
    at = m.to;
  }
  return b.finish();
}

function view(host: HTMLElement, side: Side, nonce: string): EditorView {
  host.replaceChildren();
  return new EditorView({
    parent: host,
    state: EditorState.create({
      doc: side.text,
      extensions: [
        lineNumbers(),
        python(),
        syntaxHighlighting(classHighlighter),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.cspNonce.of(nonce),
        EditorView.decorations.of(marksOf(side)),
      ],
    }),
  });
}

export function mountCompare(root: HTMLElement): void {
  const data = document.getElementById("sim-data");
  if (!data?.textContent) return;
  const sides = JSON.parse(data.textContent) as { left: Side; right: Side };
  const nonce = data.getAttribute("nonce") ?? "";
  const hosts = ["left", "right"].map((s) => root.querySelector<HTMLElement>(`[data-sim-side=${s}]`));
  if (!hosts[0] || !hosts[1]) return;
  const views = [view(hosts[0], sides.left, nonce), view(hosts[1], sides.right, nonce)];
  const sync = document.querySelector<HTMLInputElement>("[data-sim-sync]");
  let echo: EditorView | null = null;
  for (const [i, v] of views.entries()) {
    v.scrollDOM.addEventListener("scroll", () => {
      if (echo === v) {
        echo = null; // this scroll was ours
        return;
      }
      if (sync && !sync.checked) return;
      const other = views[1 - i]!;
      const from = v.scrollDOM;
      const share = from.scrollTop / Math.max(1, from.scrollHeight - from.clientHeight);
      echo = other;
      other.scrollDOM.scrollTop = share * (other.scrollDOM.scrollHeight - other.scrollDOM.clientHeight);
    });
  }
}
