// A lesson as one Markdown file, both ways. `# Title` is the title, the text before the first
// `### Heading` is the description, each `###` starts a page (its heading is the page title, what
// follows its body). Headings inside code fences are code, not structure. Export writes the same
// shape, so export -> import gives back the same lesson: titles are trimmed and bodies lose only
// blank lines at their edges, which both sides drop (normalizeBody).
//
// Images travel inside the file, so an export imports anywhere (another section or Slate server):
// each uploaded image a page shows is written as a reference-style image, `![alt][img-<sha12>]` in
// the page, and its bytes as one definition line at the end of the file,
// `[img-<sha12>]: data:image/png;base64,...` (<sha12>: the first 12 hex digits of its sha256; one
// line per image, in order of first use, so an export is deterministic). The parser takes definition
// lines out of the text wherever they stand outside code; the import decodes and checks each one
// (markdown-images.ts), stores it in the new lesson and turns the references back into that lesson's
// addresses, so export -> import -> export gives the same text. Only `![alt](/lessons/<id>/images/
// <sha>)` of the lesson's own images becomes a reference; anything else is left as written.

export interface LessonDraft {
  title: string;
  description: string;
  pages: { title: string; body: string }[];
}

export interface ImportError {
  line: number;
  message: string;
}

/** A `[img-…]: data:…` line of the file (not yet decoded) or a `![alt][img-…]` use of one. */
export interface ImageDefinition {
  label: string;
  data: string;
  line: number;
}
export interface ImageUse {
  label: string;
  alt: string;
  line: number;
}

export type ImportResult =
  | { ok: true; lesson: LessonDraft; images: ImageDefinition[]; uses: ImageUse[] }
  | { ok: false; errors: ImportError[] };

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 4000;
export const MAX_BODY = 100_000;
export const MAX_PAGES = 100;

const TITLE = /^ {0,3}#[ \t]+(.*)$|^ {0,3}#$/;
const PAGE = /^ {0,3}###(?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
export const IMAGE_LABEL = "img-[A-Za-z0-9_-]{1,64}";
const IMAGE_DEFINITION = new RegExp(`^ {0,3}\\[(${IMAGE_LABEL})\\]:[ \\t]*data:(.*)$`);
const IMAGE_USE = new RegExp(`!\\[([^\\]\\n]*)\\]\\[(${IMAGE_LABEL})\\]`, "g");

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** Drops blank lines at the start and end (trailing spaces on lines with text are kept). */
export function normalizeBody(text: string): string {
  return normalizeNewlines(text)
    .replace(/^(?:[ \t]*\n)+/, "")
    .replace(/(?:\n[ \t]*)+$/, "")
    .replace(/^[ \t]+$/, "");
}

/** Tracks fenced code: `inside` says whether the line just fed was code (or a fence line). */
class FenceTracker {
  private open: { char: string; len: number; line: number } | null = null;

  feed(line: string, lineNo: number): boolean {
    const m = FENCE.exec(line);
    if (this.open) {
      if (
        m &&
        m[1]![0] === this.open.char &&
        m[1]!.length >= this.open.len &&
        !line.slice(m[0].length).trim()
      )
        this.open = null;
      return true;
    }
    if (m && !(m[1]![0] === "`" && line.slice(m[0].length).includes("`"))) {
      this.open = { char: m[1]![0]!, len: m[1]!.length, line: lineNo };
      return true;
    }
    return false;
  }

  unclosedAt(): number | null {
    return this.open?.line ?? null;
  }
}

/** The line (1-based, within `body`) of a `###` heading outside code, which would split the page. */
export function pageHeadingLine(body: string): number | null {
  const fences = new FenceTracker();
  const lines = normalizeNewlines(body).split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!fences.feed(lines[i]!, i + 1) && PAGE.test(lines[i]!)) return i + 1;
  }
  return null;
}

/** The line of a code fence in `body` that is never closed (it would swallow the pages after it). */
/** Applies `fn` to each line of `text` that is not code (a fence line or inside a fenced block). */
export function mapProseLines(text: string, fn: (line: string) => string): string {
  const fences = new FenceTracker();
  return text
    .split("\n")
    .map((l, i) => (fences.feed(l, i + 1) ? l : fn(l)))
    .join("\n");
}

/** The line of an image definition (`[img-…]: data:…`) outside code: the file reserves those for images. */
export function imageDefinitionLine(body: string): number | null {
  const fences = new FenceTracker();
  const lines = normalizeNewlines(body).split("\n");
  for (let i = 0; i < lines.length; i++)
    if (!fences.feed(lines[i]!, i + 1) && IMAGE_DEFINITION.test(lines[i]!)) return i + 1;
  return null;
}

export function unclosedFenceLine(body: string): number | null {
  const fences = new FenceTracker();
  for (const [i, l] of normalizeNewlines(body).split("\n").entries()) fences.feed(l, i + 1);
  return fences.unclosedAt();
}

export function parseLessonMarkdown(source: string): ImportResult {
  const lines = normalizeNewlines(source)
    .replace(/^\uFEFF/, "")
    .split("\n");
  const errors: ImportError[] = [];
  const fences = new FenceTracker();
  let title: string | null = null;
  let description: string[] = [];
  const pages: { title: string; lines: string[]; line: number }[] = [];
  const images: ImageDefinition[] = [];
  const uses: ImageUse[] = [];

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const no = i + 1;
    const code = fences.feed(text, no);
    if (title === null) {
      if (!text.trim()) continue;
      const m = code ? null : TITLE.exec(text);
      if (!m || !(m[1] ?? "").trim()) {
        errors.push({ line: no, message: "A lesson starts with its title: a line like “# Loops”." });
        return { ok: false, errors };
      }
      title = m[1]!.trim();
      if (title.length > MAX_TITLE)
        errors.push({ line: no, message: `The title is longer than ${MAX_TITLE} characters.` });
      continue;
    }
    const definition = code ? null : IMAGE_DEFINITION.exec(text);
    if (definition) {
      images.push({ label: definition[1]!, data: definition[2]!.trim(), line: no });
      continue;
    }
    if (!code) for (const m of text.matchAll(IMAGE_USE)) uses.push({ label: m[2]!, alt: m[1]!, line: no });
    const page = code ? null : PAGE.exec(text);
    if (page) {
      const pageTitle = (page[1] ?? "").trim();
      if (!pageTitle) errors.push({ line: no, message: "This page heading has no title." });
      else if (pageTitle.length > MAX_TITLE)
        errors.push({ line: no, message: `This page title is longer than ${MAX_TITLE} characters.` });
      pages.push({ title: pageTitle, lines: [], line: no });
      continue;
    }
    if (pages.length === 0) description.push(text);
    else pages[pages.length - 1]!.lines.push(text);
  }

  if (title === null) return { ok: false, errors: [{ line: 1, message: "The file is empty." }] };
  const unclosed = fences.unclosedAt();
  if (unclosed !== null)
    errors.push({ line: unclosed, message: "This code block is never closed (a line of ``` is missing)." });
  if (pages.length === 0)
    errors.push({
      line: lines.length,
      message: "The lesson has no pages: start each page with a line like “### First steps”.",
    });
  if (pages.length > MAX_PAGES)
    errors.push({ line: pages[MAX_PAGES]!.line, message: `A lesson can have at most ${MAX_PAGES} pages.` });
  const desc = normalizeBody(description.join("\n"));
  description = [];
  if (desc.length > MAX_DESCRIPTION)
    errors.push({ line: 2, message: `The description is longer than ${MAX_DESCRIPTION} characters.` });
  const drafts = pages.map((p) => ({ title: p.title, body: normalizeBody(p.lines.join("\n")) }));
  drafts.forEach((p, i) => {
    if (p.body.length > MAX_BODY)
      errors.push({
        line: pages[i]!.line,
        message: `This page is longer than ${MAX_BODY.toLocaleString("en")} characters.`,
      });
  });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, lesson: { title, description: desc, pages: drafts }, images, uses };
}

/** `images`: the definition lines (`[img-…]: data:…`) the pages' references need, written last. */
export function exportLessonMarkdown(lesson: LessonDraft, images: string[] = []): string {
  const parts = [`# ${lesson.title}`];
  if (lesson.description) parts.push(lesson.description);
  for (const p of lesson.pages) parts.push(p.body ? `### ${p.title}\n\n${p.body}` : `### ${p.title}`);
  if (images.length > 0) parts.push(images.join("\n"));
  return `${parts.join("\n\n")}\n`;
}
