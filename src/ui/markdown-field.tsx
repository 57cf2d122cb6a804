// A markdown textarea beside its live preview: htmx posts the text (and only it) to /manage/markdown
// while the teacher types, and swaps in the sanitized HTML. Without JavaScript the preview shows the
// saved text, and the form still works.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import { renderInlineMarkdown, renderMarkdown } from "../lib/markdown.ts";
import { FieldFrame } from "./fields.tsx";

export const MarkdownField: FC<{
  label: string;
  name: "statement" | "description" | "body";
  value: string;
  rows?: number;
  hint?: string;
  maxlength?: number;
  /** Single line breaks stay line breaks (short prose: announcements, section descriptions). */
  breaks?: boolean;
}> = (p) => {
  const id = `f-${p.name}`;
  const html = renderMarkdown(p.value, { breaks: p.breaks });
  return (
    <div class="md-editor">
      <FieldFrame id={id} label={p.label} hint={p.hint}>
        <textarea
          id={id}
          name={p.name}
          rows={p.rows ?? 10}
          class="md-source"
          spellcheck={true}
          aria-describedby={p.hint ? `${id}-hint` : undefined}
          maxlength={p.maxlength}
          hx-post={`/manage/markdown?field=${p.name}${p.breaks ? "&breaks=1" : ""}`}
          hx-trigger="input changed delay:300ms"
          hx-params={p.name}
          hx-target={`#${id}-preview`}
          hx-swap="innerHTML"
          hx-sync="this:replace"
        >
          {p.value}
        </textarea>
      </FieldFrame>
      <div class="md-preview">
        <p class="label" id={`${id}-preview-label`}>
          Preview
        </p>
        <section
          id={`${id}-preview`}
          class="prose md-preview-body"
          aria-labelledby={`${id}-preview-label`}
          aria-live="polite"
        >
          {html ? raw(html) : <p class="muted">Nothing to preview yet.</p>}
        </section>
      </div>
    </div>
  );
};

/** What the preview endpoint answers. */
export const MarkdownPreview: FC<{ source: string; breaks?: boolean }> = ({ source, breaks }) => {
  const html = renderMarkdown(source, { breaks });
  return html.trim() ? raw(html) : <p class="muted">Nothing to preview yet.</p>;
};

/** Teacher-written prose (a section's description, an announcement), sanitized, keeping its line breaks. */
export const Prose: FC<{ source: string; class?: string }> = (p) => (
  <div class={`prose ${p.class ?? ""}`}>{raw(renderMarkdown(p.source, { breaks: true }))}</div>
);

/** A title with its inline Markdown (bold, italic, code; never a link, so it may sit inside one). */
export const InlineMarkdown: FC<{ source: string }> = ({ source }) => raw(renderInlineMarkdown(source));
