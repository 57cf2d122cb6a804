// Python code shown highlighted on the server (chat attachments, shared programs, code comments):
// @lezer/python parses, @lezer/highlight names the tokens (tok-keyword, tok-string, ...), and JSX
// escapes the text, so nothing a student typed becomes markup. Lines are kept for line numbers.
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { parser } from "@lezer/python";
import type { FC } from "hono/jsx";

export interface Span {
  text: string;
  cls: string;
}

/** The code as lines of classed spans. Very long files are shown plainly (parsing costs time). */
export function highlightLines(code: string): Span[][] {
  const lines: Span[][] = [[]];
  if (code.length > 200_000) return code.split("\n").map((text) => [{ text, cls: "" }]);
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, cls) => lines[lines.length - 1]!.push({ text, cls }),
    () => lines.push([]),
  );
  // A file's final newline ends its last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();
  return lines;
}

const Lines: FC<{ code: string }> = ({ code }) => (
  <code>
    {highlightLines(code).map((line, i) => (
      <span class="code-line" data-line={String(i + 1)}>
        {line.map((s) => (s.cls ? <span class={s.cls}>{s.text}</span> : s.text))}
        {"\n"}
      </span>
    ))}
  </code>
);

/**
 * A read-only, highlighted code block with line numbers: a scrollable, labelled region; a `preview`
 * (the live class cards) is cut off, not scrolled, so it is no keyboard stop of its own.
 */
export const CodeBlock: FC<{ code: string; label?: string; preview?: boolean }> = ({
  code,
  label,
  preview,
}) =>
  preview ? (
    <pre class="code-block">
      <Lines code={code} />
    </pre>
  ) : (
    <section class="code-block" aria-label={label ?? "Code"} tabindex={0}>
      <pre>
        <Lines code={code} />
      </pre>
    </section>
  );
