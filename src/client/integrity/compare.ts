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
  const label = `${host.getAttribute("aria-label") ?? "Code"} (read only)`;
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
        EditorView.lineWrapping, // the pane scrolls, not the editor: one focusable scroller per side
        EditorView.contentAttributes.of({ "aria-label": label }),
      ],
    }),
  });
}

export function mountCompare(root: HTMLElement): void {
  const data = document.getElementById("sim-data");
  if (!data?.textContent) return;
  const sides = JSON.parse(data.textContent) as { left: Side; right: Side };
  const nonce = data.dataset.nonce ?? "";
  const hosts = ["left", "right"].map((s) => root.querySelector<HTMLElement>(`[data-sim-side=${s}]`));
  if (!hosts[0] || !hosts[1]) return;
  view(hosts[0], sides.left, nonce);
  view(hosts[1], sides.right, nonce);
  const panes = hosts as HTMLElement[];
  const sync = document.querySelector<HTMLInputElement>("[data-sim-sync]");
  let echo: HTMLElement | null = null;
  for (const [i, pane] of panes.entries()) {
    pane.addEventListener("scroll", () => {
      if (echo === pane) {
        echo = null; // this scroll was ours
        return;
      }
      if (sync && !sync.checked) return;
      const other = panes[1 - i]!;
      const share = pane.scrollTop / Math.max(1, pane.scrollHeight - pane.clientHeight);
      const top = Math.round(share * (other.scrollHeight - other.clientHeight));
      if (Math.abs(other.scrollTop - top) < 1) return;
      echo = other;
      other.scrollTop = top;
    });
  }
}
