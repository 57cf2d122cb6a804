// The code editor: one CodeMirror 6 view, one EditorState per open file (so each file keeps its own
// undo history, selection and scroll position). Python highlighting through CSS classes (tok-*), so
// the colours come from app.css and follow the app's light/dark theme without reconfiguring.
import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python, pythonLanguage } from "@codemirror/lang-python";
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
  syntaxTree,
} from "@codemirror/language";
import { type Diagnostic, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorSelection, EditorState, type Extension, Prec } from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { classHighlighter, tagHighlighter, tags } from "@lezer/highlight";

// Extra classes beside classHighlighter's tok-*: calls and definitions of functions, and `self`.
const extraHighlighter = tagHighlighter([
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], class: "tok-function" },
  { tag: tags.function(tags.definition(tags.variableName)), class: "tok-function tok-definition" },
  { tag: tags.self, class: "tok-self" },
]);

export interface CodeEditorOptions {
  parent: HTMLElement;
  /** Accessible name of the text area (default "Code editor"). */
  label?: string;
  /** CSP nonce for CodeMirror's fallback <style> element (browsers without constructed style sheets). */
  nonce?: string;
  dark?: boolean;
  wrap?: boolean;
  readOnly?: boolean;
  /** The open file's text changed (typing, undo, paste). */
  onChange?(key: string): void;
  /** Ctrl/Cmd+Enter. */
  onRun?(): void;
  /** Ctrl/Cmd+S. */
  onSave?(): void;
  onCursor?(line: number, column: number): void;
  /** The workspace's other files, for completing the names they define and `import name`. */
  otherFiles?(): { name: string; content: string }[];
  /** More extensions for every file's state (e.g. the integrity recorder's). */
  extensions?: Extension[];
}

export interface LineDiagnostic {
  line: number;
  /** 1-based column to start at; the whole line when absent. */
  column?: number;
  message: string;
  severity: "error" | "warning" | "info";
}

export class CodeEditor {
  readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  private readonly scroll = new Map<string, number>();
  private readonly pendingDiagnostics = new Map<string, LineDiagnostic[]>();
  private readonly theme = new Compartment();
  private readonly wrapping = new Compartment();
  private readonly extensions: Extension[];
  private key: string | null = null;
  private dark: boolean;
  private wrap: boolean;

  constructor(private readonly options: CodeEditorOptions) {
    this.dark = options.dark ?? false;
    this.wrap = options.wrap ?? false;
    this.extensions = this.buildExtensions();
    this.view = new EditorView({
      parent: options.parent,
      state: EditorState.create({ extensions: this.extensions }),
    });
  }

  /** Shows a file, creating its state from `content` the first time. */
  open(key: string, content = ""): void {
    if (this.key === key) return;
    if (this.key !== null) {
      this.states.set(this.key, this.view.state);
      this.scroll.set(this.key, this.view.scrollDOM.scrollTop);
    }
    const state = this.states.get(key) ?? EditorState.create({ doc: content, extensions: this.extensions });
    this.states.set(key, state);
    this.key = key;
    this.view.setState(state);
    this.view.dispatch({
      effects: [
        this.theme.reconfigure(EditorView.darkTheme.of(this.dark)),
        this.wrapping.reconfigure(this.wrap ? EditorView.lineWrapping : []),
      ],
    });
    const pending = this.pendingDiagnostics.get(key);
    if (pending) {
      this.pendingDiagnostics.delete(key);
      this.setDiagnostics(key, pending);
    }
    const top = this.scroll.get(key) ?? 0;
    requestAnimationFrame(() => {
      this.view.scrollDOM.scrollTop = top;
    });
    this.reportCursor();
  }

  /** The key of the file on screen. */
  current(): string | null {
    return this.key;
  }

  has(key: string): boolean {
    return this.states.has(key);
  }

  text(key: string): string {
    const state = key === this.key ? this.view.state : this.states.get(key);
    return state?.doc.toString() ?? "";
  }

  /** Replaces a file's text (undoable when it is on screen). */
  setText(key: string, text: string): void {
    if (key === this.key) {
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    } else {
      this.states.set(key, EditorState.create({ doc: text, extensions: this.extensions }));
    }
  }

  /** Forgets a file (after it was deleted). The caller opens another one if it was on screen. */
  remove(key: string): void {
    this.states.delete(key);
    this.scroll.delete(key);
    this.pendingDiagnostics.delete(key);
    if (this.key === key) this.key = null;
  }

  /** Marks lines of a file (e.g. where a traceback points); replaces that file's earlier marks. */
  setDiagnostics(key: string, list: LineDiagnostic[]): void {
    if (key !== this.key) {
      const stored = this.states.get(key);
      if (stored)
        this.states.set(key, stored.update(setDiagnostics(stored, toDiagnostics(stored, list))).state);
      else this.pendingDiagnostics.set(key, list);
      return;
    }
    this.view.dispatch(setDiagnostics(this.view.state, toDiagnostics(this.view.state, list)));
  }

  clearDiagnostics(): void {
    this.pendingDiagnostics.clear();
    for (const key of this.states.keys()) this.setDiagnostics(key, []);
  }

  /** Opens a file at a line, selects the line's text, scrolls it to the middle and focuses. */
  goTo(key: string, line: number): void {
    this.open(key);
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    const start = l.from + (/^\s*/.exec(l.text)?.[0].length ?? 0);
    this.view.dispatch({
      selection: EditorSelection.single(start, l.to),
      effects: EditorView.scrollIntoView(start, { y: "center" }),
    });
    this.view.focus();
  }

  focus(): void {
    this.view.focus();
  }

  setDark(dark: boolean): void {
    this.dark = dark;
    this.view.dispatch({ effects: this.theme.reconfigure(EditorView.darkTheme.of(dark)) });
  }

  setWrap(wrap: boolean): void {
    this.wrap = wrap;
    this.view.dispatch({ effects: this.wrapping.reconfigure(wrap ? EditorView.lineWrapping : []) });
  }

  /** After a font size change: CodeMirror measures lines again. */
  remeasure(): void {
    this.view.requestMeasure();
  }

  private reportCursor(): void {
    const head = this.view.state.selection.main.head;
    const line = this.view.state.doc.lineAt(head);
    this.options.onCursor?.(line.number, head - line.from + 1);
  }

  private buildExtensions(): Extension[] {
    const o = this.options;
    const own = Prec.highest(
      keymap.of([
        {
          key: "Mod-Enter",
          run: () => {
            o.onRun?.();
            return true;
          },
        },
        {
          key: "Mod-s",
          run: () => {
            o.onSave?.();
            return true;
          },
          preventDefault: true,
        },
        {
          // Esc then Tab leaves the editor, even when this Escape also closes the completion list
          // (an open or pending one takes the Escape first, and CodeMirror arms the exit only when
          // nothing else handled it). Returning false lets the Escape close the list as well.
          key: "Escape",
          run: (view) => {
            view.setTabFocusMode(2000);
            return false;
          },
        },
      ]),
    );
    return [
      own,
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      foldGutter(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      EditorState.tabSize.of(4),
      indentUnit.of("    "),
      indentOnInput(),
      syntaxHighlighting(classHighlighter),
      syntaxHighlighting(extraHighlighter),
      bracketMatching(),
      closeBrackets(),
      autocompletion({ activateOnTyping: true, icons: true }),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      lintGutter(),
      // Tab indents; Esc then Tab (or Ctrl+M) moves focus out, so keyboard users are never trapped.
      keymap.of([
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...foldKeymap,
        ...completionKeymap,
        ...lintKeymap,
        indentWithTab,
      ]),
      python(),
      pythonLanguage.data.of({ autocomplete: workspaceCompletions(() => o.otherFiles?.() ?? []) }),
      EditorView.cspNonce.of(o.nonce ?? ""),
      EditorView.contentAttributes.of({ "aria-label": o.label ?? "Code editor" }),
      EditorState.readOnly.of(o.readOnly ?? false),
      this.theme.of(EditorView.darkTheme.of(this.dark)),
      this.wrapping.of(this.wrap ? EditorView.lineWrapping : []),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && this.key !== null) o.onChange?.(this.key);
        if (u.selectionSet || u.docChanged) this.reportCursor();
      }),
      o.extensions ?? [],
    ];
  }
}

function toDiagnostics(state: EditorState, list: LineDiagnostic[]): Diagnostic[] {
  const doc = state.doc;
  return list
    .filter((d) => d.line >= 1)
    .map((d) => {
      const line = doc.line(Math.min(d.line, doc.lines));
      const indent = /^\s*/.exec(line.text)?.[0].length ?? 0;
      const from = d.column ? Math.min(line.from + d.column - 1, line.to) : line.from + indent;
      const to = d.column ? Math.min(from + 1, line.to) : line.to;
      return { from, to: Math.max(from, to), severity: d.severity, message: d.message };
    });
}

// ------------------------------------------------------------------ completion of the other files' names

interface Defined {
  name: string;
  type: "function" | "class" | "variable";
  topLevel: boolean;
}

const DEFINITION =
  /^([ \t]*)(?:(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)|class[ \t]+([A-Za-z_]\w*)|([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=))/gm;

/** Functions, classes and assigned names a file defines (a cheap scan, not a parser). */
export function definedNames(source: string): Defined[] {
  const seen = new Set<string>();
  const out: Defined[] = [];
  for (const m of source.matchAll(DEFINITION)) {
    const name = m[2] ?? m[3] ?? m[4];
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, type: m[2] ? "function" : m[3] ? "class" : "variable", topLevel: m[1] === "" });
  }
  return out;
}

const moduleName = (file: string) => /^([A-Za-z_]\w*)\.py$/.exec(file)?.[1] ?? null;

function workspaceCompletions(others: () => { name: string; content: string }[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1);
    if (/String|Comment/.test(node.name)) return null;
    const files = others();
    const member = ctx.matchBefore(/[A-Za-z_]\w*\.\w*$/);
    if (member) {
      const dot = member.text.indexOf(".");
      const file = files.find((f) => moduleName(f.name) === member.text.slice(0, dot));
      if (!file) return null;
      return {
        from: member.from + dot + 1,
        options: definedNames(file.content)
          .filter((d) => d.topLevel)
          .map((d) => ({ label: d.name, type: d.type, detail: file.name })),
        validFor: /^\w*$/,
      };
    }
    const word = ctx.matchBefore(/[A-Za-z_]\w*$/);
    if (!word && !ctx.explicit) return null;
    const options: Completion[] = [];
    for (const f of files) {
      const mod = moduleName(f.name);
      if (mod) options.push({ label: mod, type: "namespace", detail: `your file ${f.name}` });
      for (const d of definedNames(f.content)) {
        if (d.topLevel) options.push({ label: d.name, type: d.type, detail: f.name, boost: -1 });
      }
    }
    return { from: word ? word.from : ctx.pos, options, validFor: /^\w*$/ };
  };
}
