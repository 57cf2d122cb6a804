// Importing problems from Markdown: upload a file or paste its text. A file with errors is refused as a
// whole, with every error's line, and the text stays in the box to be fixed.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field, FormActions, TextArea } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { taskTrail } from "../../../ui/section-nav.tsx";
import type { LineError } from "../../problems/problem-markdown.ts";

export const ImportPage: FC<{
  section: Section;
  task: Task;
  text?: string;
  error?: string;
  errors?: LineError[];
}> = (p) => (
  <>
    <Breadcrumb trail={taskTrail(p.section, p.task)}>Import</Breadcrumb>
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
        <Field
          label="Markdown file"
          name="file"
          type="file"
          accept=".md,.markdown,.txt,text/markdown,text/plain"
          hint="A file exported from Slate, or written from the template. At most 4 MiB."
        />
        <TextArea
          label="Or paste its text"
          name="text"
          rows={16}
          class="code-input"
          spellcheck={false}
          value={p.text}
          hint="When both are given, the file is used."
        />
        <FormActions cancel={`/manage/tasks/${p.task.id}`} icon="upload">
          Import
        </FormActions>
      </form>
    </Card>
  </>
);
