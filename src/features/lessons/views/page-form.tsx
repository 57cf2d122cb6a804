// Writing one page: its title and Markdown body, with a live preview rendered exactly as students see
// it (the lesson pipeline: snippets, allowed videos, images), posted by htmx while the teacher types.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field, FormActions } from "../../../ui/fields.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import type { Lesson, LessonPage } from "../lessons.ts";
import { LessonStyles } from "./styles.tsx";

export const PageFormPage: FC<{
  section: Section;
  lesson: Lesson;
  page?: LessonPage;
  values: { title?: string; body?: string };
  previewHtml: string;
  error?: string;
}> = (p) => {
  const action = p.page ? `/lessons/${p.lesson.id}/pages/${p.page.id}` : `/lessons/${p.lesson.id}/pages`;
  return (
    <>
      <LessonStyles />
      <Breadcrumb trail={sectionTrail(p.section)}>
        <a href={`/lessons/${p.lesson.id}/edit`}>{p.lesson.title}</a> / {p.page ? "Edit page" : "New page"}
      </Breadcrumb>
      <PageHeader
        title={p.page ? "Edit page" : "New page"}
        subtitle="Markdown: ```python blocks become runnable examples; <iframe> videos from the allowed hosts; ![alt](image address) for uploaded images."
      />
      <form method="post" action={action} class="stack">
        <FormError message={p.error} />
        <Card>
          <div class="stack">
            <Field label="Page title" name="title" value={p.values.title} required maxlength={200} />
            <div class="md-editor lesson-md-editor">
              <div class="field">
                <label for="f-body">Page text</label>
                <textarea
                  id="f-body"
                  name="body"
                  rows={22}
                  class="md-source code-input"
                  spellcheck={false}
                  maxlength={100000}
                  hx-post={`/lessons/${p.lesson.id}/preview`}
                  hx-trigger="input changed delay:400ms"
                  hx-params="body"
                  hx-target="#f-body-preview"
                  hx-swap="innerHTML"
                  hx-sync="this:replace"
                >
                  {p.values.body ?? ""}
                </textarea>
              </div>
              <div class="md-preview">
                <p class="label" id="f-body-preview-label">
                  Preview
                </p>
                <section
                  id="f-body-preview"
                  class="prose md-preview-body lesson-body"
                  aria-labelledby="f-body-preview-label"
                  aria-live="polite"
                >
                  {raw(p.previewHtml)}
                </section>
              </div>
            </div>
          </div>
        </Card>
        <FormActions cancel={`/lessons/${p.lesson.id}/edit`}>{p.page ? "Save page" : "Add page"}</FormActions>
      </form>
    </>
  );
};
