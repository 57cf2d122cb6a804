// A markdown textarea beside its live preview: htmx posts the text (and only it) to /manage/markdown
// while the teacher types, and swaps in the sanitized HTML. Without JavaScript the preview shows the
// saved text, and the form still works.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import { renderMarkdown } from "../../src/lib/markdown.ts";

export const MarkdownField: FC<{
  label: string;
  name: "statement" | "description";
  value: string;
  rows?: number;
  hint?: string;
}> = (p) => {
  const id = `f-${p.name}`;
  const html = renderMarkdown(p.value);
  return (
    <div class="md-editor">
      <div class="field">
        <label for={id}>{p.label}</label>
        <textarea
          id={id}
          name={p.name}
          rows={p.rows ?? 10}
          class="md-source"
          spellcheck={true}
          aria-describedby={p.hint ? `${id}-hint` : undefined}
          hx-post={`/manage/markdown?field=${p.name}`}
          hx-trigger="input changed delay:300ms"
          hx-params={p.name}
          hx-target={`#${id}-preview`}
          hx-swap="innerHTML"
          hx-sync="this:replace"
        >
          {p.value}
        </textarea>
        {p.hint ? (
          <p class="hint" id={`${id}-hint`}>
            {p.hint}
          </p>
        ) : null}
      </div>
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
export const MarkdownPreview: FC<{ source: string }> = ({ source }) => {
  const html = renderMarkdown(source);
  return html.trim() ? raw(html) : <p class="muted">Nothing to preview yet.</p>;
};
