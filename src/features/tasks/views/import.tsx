// Importing problems from Markdown: upload a file or paste its text. A file with errors is refused as a
// whole, with every error's line, and the text stays in the box to be fixed.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import type { LineError } from "../../problems/problem-markdown.ts";

export const ImportPage: FC<{
  section: Section;
  task: Task;
  text?: string;
  error?: string;
  errors?: LineError[];
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/sections">Sections</a> / <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> / Import
    </p>
    <PageHeader
      title="Import problems"
      subtitle={`Adds the problems of a Markdown file to "${p.task.title}".`}
      actions={
        <a class="btn btn-secondary" href="/manage/problem-template.md" download>
          <Icon name="download" size={16} />
          Blank template
        </a>
      }
    />
    {p.errors && p.errors.length > 0 ? (
      <div class="alert alert-error import-errors" role="alert">
        <Icon name="alert" />
        <div>
          <strong>
            Nothing was imported: the file has {p.errors.length} error{p.errors.length === 1 ? "" : "s"}.
          </strong>
          <ol class="error-lines">
            {p.errors.map((e) => (
              <li>
                <span class="line-no">Line {e.line}</span> {e.message}
              </li>
            ))}
          </ol>
        </div>
      </div>
    ) : null}
    <Card>
      <form
        method="post"
        action={`/manage/tasks/${p.task.id}/import`}
        enctype="multipart/form-data"
        class="stack"
      >
        <FormError message={p.error} />
        <div class="field">
          <label for="f-file">Markdown file</label>
          <input id="f-file" name="file" type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" />
          <p class="hint">A file exported from Slate, or written from the template. At most 1 MiB.</p>
        </div>
        <div class="field">
          <label for="f-text">Or paste its text</label>
          <textarea id="f-text" name="text" rows={16} class="code-input" spellcheck={false}>
            {p.text ?? ""}
          </textarea>
          <p class="hint">When both are given, the file is used.</p>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            <Icon name="upload" size={16} />
            Import
          </button>
          <a class="btn btn-ghost" href={`/manage/tasks/${p.task.id}`}>
            Cancel
          </a>
        </div>
      </form>
    </Card>
  </>
);
