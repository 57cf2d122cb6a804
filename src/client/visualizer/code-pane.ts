// The code on the left: a read-only CodeMirror with Python Tutor's two markers: the line just executed
// (a soft arrow and colour) and the next line to run (a strong arrow and colour), in the gutter and as
// line backgrounds. Clicking a line asks the view to jump to that line's next execution.
import { python } from "@codemirror/lang-python";
import { syntaxHighlighting } from "@codemirror/language";
import { EditorState, RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  EditorView,
  GutterMarker,
  gutter,
  lineNumbers,
} from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

export interface Marks {
  /** 1-based lines, or null. */
  done: number | null;
  next: number | null;
}

const setMarks = StateEffect.define<Marks>();

class Arrow extends GutterMarker {
  constructor(readonly kind: "done" | "next") {
    super();
  }
  override eq(other: Arrow) {
    return other.kind === this.kind;
  }
  override toDOM() {
    const span = document.createElement("span");
    span.className = `viz-arrow-mark viz-mark-${this.kind}`;
    span.textContent = "➜";
    return span;
  }
}
const doneArrow = new Arrow("done");
const nextArrow = new Arrow("next");

const marksField = StateField.define<Marks>({
  create: () => ({ done: null, next: null }),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMarks)) return e.value;
    return value;
  },
});

function lineDecorations(state: EditorState): DecorationSet {
  const { done, next } = state.field(marksField);
  const builder = new RangeSetBuilder<Decoration>();
  const lines = [
    [done, "viz-line-done"],
    [next, "viz-line-next"],
  ] as const;
  const valid = lines
    .filter(([n]) => n !== null && n >= 1 && n <= state.doc.lines)
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  for (const [n, cls] of valid) {
    const line = state.doc.line(n as number);
    builder.add(
      line.from,
      line.from,
      Decoration.line({ class: done === next && n === next ? "viz-line-next viz-line-done" : cls }),
    );
  }
  return builder.finish();
}

const decorations = EditorView.decorations.compute([marksField], lineDecorations);

const arrows = gutter({
  class: "viz-arrow-gutter",
  lineMarker(view, line) {
    const { done, next } = view.state.field(marksField);
    const n = view.state.doc.lineAt(line.from).number;
    if (n === next) return nextArrow;
    if (n === done) return doneArrow;
    return null;
  },
  lineMarkerChange: (update) => update.transactions.some((t) => t.effects.some((e) => e.is(setMarks))),
  initialSpacer: () => nextArrow,
});

export class CodePane {
  readonly view: EditorView;
  private file = "";

  constructor(parent: HTMLElement, onLineClick: (line: number) => void, dark: boolean) {
    this.view = new EditorView({
      parent,
      state: this.state(""),
    });
    this.view.contentDOM.setAttribute("aria-label", "Program code (read-only)");
    this.view.dom.classList.toggle("cm-dark", dark);
    this.view.dom.addEventListener("click", (e) => {
      const pos = this.view.posAtCoords({ x: e.clientX, y: e.clientY });
      if (pos !== null) onLineClick(this.view.state.doc.lineAt(pos).number);
    });
  }

  private state(doc: string): EditorState {
    return EditorState.create({
      doc,
      extensions: [
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        lineNumbers(),
        arrows,
        marksField,
        decorations,
        python(),
        syntaxHighlighting(classHighlighter),
      ],
    });
  }

  show(file: string, content: string): void {
    if (file === this.file) return;
    this.file = file;
    this.view.setState(this.state(content));
  }

  /** One transaction for both markers and the scroll: one view update per step, not two. */
  mark(marks: Marks): void {
    const line = marks.next ?? marks.done;
    const scroll =
      line && line <= this.view.state.doc.lines
        ? [EditorView.scrollIntoView(this.view.state.doc.line(line).from, { y: "nearest" })]
        : [];
    this.view.dispatch({ effects: [setMarks.of(marks), ...scroll] });
  }
}
