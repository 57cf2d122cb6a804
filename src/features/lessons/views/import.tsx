// Importing a lesson from Markdown (a file or pasted text): the first post shows a preview of the
// title, description and pages, or the errors with their line numbers; "Create lesson" posts the same
// text again (kept in a hidden field) and only then is anything created.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { Alert, Breadcrumb, Card, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import type { ImportError } from "../markdown-format.ts";
import { LessonStyles } from "./styles.tsx";

export interface ImportPreview {
  title: string;
  descriptionHtml: string;
  pages: { title: string; html: string; snippets: number }[];
}

const EXAMPLE = `# Lists and loops

What this lesson is about (the description).

### Making a list

Some text, then a runnable example:

\`\`\`python
names = ["Ada", "Grace"]
print(names)
\`\`\`

### Looping over it
...`;

export const ImportPage: FC<{
  section: Section;
  source: string;
  errors?: ImportError[];
  preview?: ImportPreview;
  message?: string;
}> = (p) => (
  <>
    <LessonStyles />
    <Breadcrumb trail={sectionTrail(p.section)}>Import a lesson</Breadcrumb>
    <PageHeader
      title="Import a lesson from Markdown"
      subtitle="“# Title”, then the description, then a “### Page title” line before each page. ```python and ```py blocks become runnable examples. An exported lesson carries its images."
    />
    {p.errors && p.errors.length > 0 ? (
      <div class="alert alert-error" role="alert">
        <Icon name="alert" />
        <div>
          <strong>The Markdown cannot be imported yet:</strong>
          <ul class="import-errors">
            {p.errors.map((e) => (
              <li>
                Line {e.line}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    ) : null}
    {p.message ? <Alert kind="error">{p.message}</Alert> : null}
    {p.preview ? (
      <Card title="Preview" class="mb import-preview">
        <p class="muted">Nothing is created until you press “Create lesson”. The lesson starts as a draft.</p>
        <h2 class="import-title">{p.preview.title}</h2>
        {p.preview.descriptionHtml.trim() ? <div class="prose">{raw(p.preview.descriptionHtml)}</div> : null}
        <ol class="import-pages">
          {p.preview.pages.map((pg, i) => (
            <li>
              <details open={i === 0}>
                <summary>
                  <strong>{pg.title}</strong>{" "}
                  <span class="muted">
                    {pg.snippets > 0
                      ? `· ${pg.snippets} runnable example${pg.snippets === 1 ? "" : "s"}`
                      : ""}
                  </span>
                </summary>
                <div class="prose lesson-body">{raw(pg.html)}</div>
              </details>
            </li>
          ))}
        </ol>
        <form
          method="post"
          action={`/sections/${p.section.id}/lessons/import`}
          enctype="multipart/form-data"
          class="actions"
        >
          <input type="hidden" name="op" value="create" />
          <input type="hidden" name="markdown" value={p.source} />
          <button type="submit" class="btn btn-primary">
            <Icon name="check" size={16} />
            Create lesson ({p.preview.pages.length} page{p.preview.pages.length === 1 ? "" : "s"})
          </button>
          <a class="btn btn-ghost" href={`/sections/${p.section.id}`}>
            Cancel
          </a>
        </form>
      </Card>
    ) : null}
    <Card title={p.preview ? "Change the Markdown" : undefined}>
      <form
        method="post"
        action={`/sections/${p.section.id}/lessons/import`}
        enctype="multipart/form-data"
        class="stack"
      >
        <input type="hidden" name="op" value="preview" />
        <div class="field">
          <label for="f-file">Markdown file</label>
          <input id="f-file" type="file" name="file" accept=".md,.markdown,.txt,text/markdown,text/plain" />
          <p class="hint">
            A .md file of at most 8 MiB (an exported lesson includes its images). Or paste the text below.
          </p>
        </div>
        <div class="field">
          <label for="f-markdown">Or paste the Markdown</label>
          <textarea
            id="f-markdown"
            name="markdown"
            rows={16}
            class="code-input"
            spellcheck={false}
            placeholder={EXAMPLE}
          >
            {p.source}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Preview
          </button>
          <a class="btn btn-ghost" href={`/sections/${p.section.id}`}>
            Cancel
          </a>
        </div>
      </form>
    </Card>
  </>
);
