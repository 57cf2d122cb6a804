// A lesson page's Markdown to safe HTML: the project's marked + sanitize-html pipeline (src/lib/
// markdown.ts's allow-list, extended here, not copied) plus what lessons need: videos in sandboxed
// frames from the section's allowed hosts only, highlighted code, and runnable snippets. A
// ```python / ```py fence becomes a snippet: marked renders a marker paragraph carrying a random
// nonce, sanitize-html keeps it as text, and only then is the marker swapped for the snippet's HTML,
// so no Markdown or HTML a teacher writes can forge a snippet or smuggle attributes into one.
import { randomBytes } from "node:crypto";
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { parser } from "@lezer/python";
import { Marked, type Token, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import { ALLOWED } from "../../lib/markdown.ts";

export const DEFAULT_VIDEO_HOSTS = ["www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com"];

const RUNNABLE = new Set(["python", "py"]);

const isRunnable = (lang: string | undefined) => RUNNABLE.has((lang ?? "").trim().split(/\s+/)[0] ?? "");

const lexer = new Marked({ gfm: true });

/** The code of each runnable fence of a page body, in the order the page shows them. */
export function snippetCodes(body: string): string[] {
  const codes: string[] = [];
  lexer.walkTokens(lexer.lexer(body), (t: Token) => {
    if (t.type === "code" && isRunnable((t as Tokens.Code).lang)) codes.push((t as Tokens.Code).text);
  });
  return codes;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Python as HTML spans with tok-* classes (the editor's theme colours them). */
export function highlightPython(code: string): string {
  let html = "";
  if (code.length > 100_000) return escapeHtml(code);
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, cls) => {
      html += cls ? `<span class="${cls}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += "\n";
    },
  );
  return html;
}

/** Hosts a teacher typed (one per line or comma-separated) as clean lower-case host names. */
export function parseHosts(text: string): { hosts: string[]; bad: string | null } {
  const hosts: string[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    const host = raw
      .toLowerCase()
      .replace(/^https:\/\//, "")
      .replace(/\/$/, "");
    if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host))
      return { hosts, bad: raw };
    if (!hosts.includes(host)) hosts.push(host);
  }
  return { hosts, bad: null };
}

function pageOptions(hosts: readonly string[]): sanitizeHtml.IOptions {
  const base = ALLOWED;
  return {
    ...base,
    allowedTags: [...(base.allowedTags || []), "iframe", "figure", "figcaption"],
    allowedAttributes: {
      ...base.allowedAttributes,
      iframe: [
        "src",
        "title",
        "width",
        "height",
        "sandbox",
        "allow",
        "allowfullscreen",
        "loading",
        "referrerpolicy",
      ],
      span: ["class"],
    },
    allowedClasses: { ...base.allowedClasses, span: [/^tok-[\w-]+$/] },
    // The base list lets an <img> take a data: URL; a lesson page never does (its images are its own
    // /lessons/<id>/images/<sha> addresses, and an import turns a file's data: images into those).
    allowedSchemesByTag: { img: ["http", "https"], iframe: ["https"] },
    allowedIframeHostnames: [...hosts],
    allowIframeRelativeUrls: false,
    transformTags: {
      ...base.transformTags,
      // Whatever the teacher wrote, a frame may run its player and nothing more: no top navigation,
      // no popups, no forms; the page grants only autoplay and fullscreen.
      iframe: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...(attribs.src ? { src: attribs.src } : {}),
          title: attribs.title || "Embedded video",
          ...(attribs.width ? { width: attribs.width } : {}),
          ...(attribs.height ? { height: attribs.height } : {}),
          sandbox: "allow-scripts allow-same-origin allow-presentation",
          allow: "autoplay; fullscreen",
          allowfullscreen: "",
          loading: "lazy",
          referrerpolicy: "strict-origin-when-cross-origin",
        },
      }),
    },
    // A frame whose address was refused (another host, http, javascript:) is dropped, not left empty.
    exclusiveFilter: (frame) => frame.tag === "iframe" && !frame.attribs.src,
  };
}

export interface RenderedSnippet {
  id: number;
  /** What the editor starts with: the student's saved edit, else the original. */
  code: string;
  original: string;
}

function snippetHtml(s: RenderedSnippet | undefined, code: string, n: number): string {
  const pre = `<pre class="snippet-code"><code class="language-python">${highlightPython(s?.code ?? code)}</code></pre>`;
  if (!s) return pre;
  return `<div class="snippet" data-snippet="${s.id}" aria-label="Runnable example ${n}">${pre}</div>`;
}

/**
 * The page as HTML. `snippets` are the page's stored snippets in order (see snippetCodes); a fence
 * without one (never saved) is shown as highlighted code.
 */
export function renderLessonPage(
  body: string,
  options: { hosts: readonly string[]; snippets?: readonly RenderedSnippet[] },
): string {
  const nonce = randomBytes(12).toString("hex");
  const codes: string[] = [];
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      code(token: Tokens.Code) {
        if (!isRunnable(token.lang)) return false; // marked's own <pre><code>
        codes.push(token.text);
        return `<p>SLATE-SNIPPET-${nonce}-${codes.length - 1}</p>\n`;
      },
    },
  });
  const html = sanitizeHtml(marked.parse(body, { async: false }), pageOptions(options.hosts));
  const marker = new RegExp(`<p>SLATE-SNIPPET-${nonce}-(\\d+)</p>`, "g");
  return html.replace(marker, (_, i: string) => {
    const n = Number(i);
    return snippetHtml(options.snippets?.[n], codes[n] ?? "", n + 1);
  });
}

/** Lesson prose without snippets or frames (the description). */
export function renderLessonProse(source: string): string {
  return renderLessonPage(source, { hosts: [] });
}
