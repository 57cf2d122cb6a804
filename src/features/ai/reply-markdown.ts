// A tutor reply as HTML: src/lib/markdown.ts renders and sanitizes it, then the Python in its code
// blocks is highlighted here with Lezer (the editor's own parser), as spans of tok-* classes around
// text that is escaped again. Nothing the model writes reaches the page unsanitized.
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { parser } from "@lezer/python";
import { renderMarkdown } from "../../lib/markdown.ts";

const ENTITIES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&amp;": "&",
};

const decodeEntities = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e] ?? e);
const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function highlightPython(code: string): string {
  let html = "";
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += "\n";
    },
  );
  return html;
}

const BLOCK = /<pre><code(?: class="language-(python|py|python3)?")?>([\s\S]*?)<\/code><\/pre>/g;

export function renderReply(markdown: string): string {
  const safe = renderMarkdown(markdown);
  return safe.replace(BLOCK, (whole, lang: string | undefined, body: string) => {
    // Unlabelled blocks are most likely Python too (this is a Python classroom).
    if (lang === undefined && /class="language-/.test(whole)) return whole;
    return `<pre class="ai-code"><code class="language-python">${highlightPython(decodeEntities(body))}</code></pre>`;
  });
}
