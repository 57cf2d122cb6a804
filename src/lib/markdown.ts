// Teacher-written markdown to safe HTML: marked renders, sanitize-html keeps only harmless tags and
// attributes (no scripts, no inline styles, no event handlers, links only to http(s), mailto or #).
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false });
// Short prose (announcements, section descriptions) keeps the line breaks its author typed, as it
// did when it was shown as plain text; tasks and problems follow Markdown's paragraphs.
const markedWithBreaks = new Marked({ gfm: true, breaks: true });

/** The base allow-list; features extend it (lesson pages add video frames) rather than copy it. */
export const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "kbd",
    "em",
    "strong",
    "del",
    "s",
    "sup",
    "sub",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
    "span",
    "input",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title", "width", "height"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
    input: ["type", "checked", "disabled"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? "")
        ? { ...attribs, rel: "noopener noreferrer", target: "_blank" }
        : attribs,
    }),
  },
};

export function renderMarkdown(source: string, options: { breaks?: boolean } = {}): string {
  const html = (options.breaks ? markedWithBreaks : marked).parse(source, { async: false });
  return sanitizeHtml(html, ALLOWED);
}

// Titles sit inside links (the bell, the student's home), so their markup is only what a line of text
// needs: emphasis and code, never links, images or blocks.
const INLINE: sanitizeHtml.IOptions = {
  allowedTags: ["strong", "em", "code", "del", "s", "kbd", "sub", "sup"],
  allowedAttributes: {},
};

/** One line of teacher prose (an announcement's title) as inline HTML: **bold**, _italic_, `code`. */
export function renderInlineMarkdown(source: string): string {
  return sanitizeHtml(marked.parseInline(source, { async: false }), INLINE);
}

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&" };

/** Teacher prose as one line of plain text (for toasts and excerpts): the words without the markup. */
export function markdownToText(source: string): string {
  const html = marked.parse(source, { async: false });
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  // sanitize-html escapes &, < and > in the text it keeps; the caller (JSX) escapes again.
  return text
    .replace(/&(lt|gt|quot|amp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, " ")
    .trim();
}

/** The start of some prose as plain text, cut at a word and marked with "…" when longer than `max`. */
export function markdownExcerpt(source: string, max: number): string {
  const text = markdownToText(source);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
