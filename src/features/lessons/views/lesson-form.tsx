// Creating and editing a lesson: title, description, publishing, start time, how pages are completed,
// and who sees it. Editing also lists the pages (add, edit, reorder, delete) and the lesson's images.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { toLocalInput } from "../../../lib/local-time.ts";
import { ActionButton, LinkButton, MoveButtons } from "../../../ui/buttons.tsx";
import { Badge, Breadcrumb, Card, EmptyState, FormError, PageHeader } from "../../../ui/components.tsx";
import { bindValues, CheckField, ChoiceGroup, Field, FormActions, FormSection } from "../../../ui/fields.tsx";
import { MarkdownField } from "../../../ui/markdown-field.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { targetingValues } from "../../targeting/form.ts";
import { TargetingFieldset, type TargetStudent } from "../../targeting/views/targeting-fieldset.tsx";
import type { Lesson, LessonPage } from "../lessons.ts";
import { LessonStyles } from "./styles.tsx";

export type LessonValues = Record<string, string>;

export function lessonValues(lesson: Lesson, assignees: readonly number[]): LessonValues {
  return {
    title: lesson.title,
    description: lesson.description,
    published: lesson.published ? "on" : "",
    starts_at: toLocalInput(lesson.starts_at),
    completion: lesson.completion,
    ...targetingValues(lesson.remedial, assignees),
  };
}

export const NEW_LESSON_VALUES: LessonValues = { completion: "manual" };

const COMPLETION = [
  {
    value: "manual",
    label: "Students mark each page complete",
    hint: "A “Mark page complete” button ends each page.",
  },
  {
    value: "end",
    label: "Reaching the end of a page completes it",
    hint: "Scrolling to the bottom of a page is enough.",
  },
] as const;

export const LessonFormPage: FC<{
  section: Section;
  lesson?: Lesson;
  values: LessonValues;
  students: readonly TargetStudent[];
  zone: string;
  error?: string;
}> = (p) => {
  const { field, check } = bindValues(p.values);
  const editing = p.lesson !== undefined;
  const action = editing ? `/lessons/${p.lesson?.id}` : `/sections/${p.section.id}/lessons`;
  return (
    <form method="post" action={action} class="stack lesson-form">
      <FormError message={p.error} />
      <FormSection title="About">
        <Field label="Title" {...field("title")} required maxlength={200} placeholder="Lists and loops" />
        <MarkdownField
          label="Description"
          name="description"
          value={p.values.description ?? ""}
          rows={4}
          maxlength={4000}
          hint="Shown above the first page and in the lesson list. Markdown."
        />
      </FormSection>
      <FormSection title="Publishing">
        <CheckField label="Published: students can open it" {...check("published")} />
        <Field
          label={`Starts (${p.zone})`}
          type="datetime-local"
          {...field("starts_at")}
          hint="Optional: students see the lesson from this time on."
        />
        <ChoiceGroup
          legend="Completing pages"
          name="completion"
          choices={COMPLETION}
          value={p.values.completion ?? "manual"}
        />
      </FormSection>
      <Card>
        <TargetingFieldset students={p.students} values={p.values} what="lesson" />
      </Card>
      <FormActions cancel={editing ? `/lessons/${p.lesson?.id}` : `/sections/${p.section.id}`}>
        {editing ? "Save lesson" : "Create lesson"}
      </FormActions>
    </form>
  );
};

export const NewLessonPage: FC<Parameters<typeof LessonFormPage>[0]> = (p) => (
  <>
    <LessonStyles />
    <Breadcrumb trail={sectionTrail(p.section)}>New lesson</Breadcrumb>
    <PageHeader
      title="New lesson"
      subtitle="A lesson is a few pages of reading with runnable Python examples. Add pages after creating it."
      actions={
        <LinkButton href={`/sections/${p.section.id}/lessons/import`} icon="upload">
          Import Markdown instead
        </LinkButton>
      }
    />
    <LessonFormPage {...p} />
  </>
);

const PagesCard: FC<{ lesson: Lesson; pages: LessonPage[] }> = ({ lesson, pages }) => (
  <Card
    title={`Pages (${pages.length})`}
    class="flush"
    actions={
      <LinkButton href={`/lessons/${lesson.id}/pages/new`} small icon="plus">
        Add page
      </LinkButton>
    }
  >
    {pages.length === 0 ? (
      <EmptyState icon="file" title="No pages yet">
        Add a page, or import the whole lesson from Markdown.
      </EmptyState>
    ) : (
      <ol class="plain-list lesson-pages-list">
        {pages.map((pg, i) => (
          <li class="lesson-page-row">
            <span class="lesson-page-no">{i + 1}</span>
            <a href={`/lessons/${lesson.id}?page=${i + 1}`} class="lesson-page-title">
              {pg.title}
            </a>
            <span class="actions">
              <MoveButtons
                base={`/lessons/${lesson.id}/pages/${pg.id}`}
                label={`page ${pg.title}`}
                index={i}
                count={pages.length}
              />
              <LinkButton
                href={`/lessons/${lesson.id}/pages/${pg.id}/edit`}
                small
                tone="ghost"
                more={`page ${pg.title}`}
              >
                Edit
              </LinkButton>
              <ActionButton
                action={`/lessons/${lesson.id}/pages/${pg.id}/delete`}
                small
                tone="danger"
                confirm={`Delete the page “${pg.title}”? Students' progress on it goes too.`}
              >
                Delete<span class="sr-only"> page {pg.title}</span>
              </ActionButton>
            </span>
          </li>
        ))}
      </ol>
    )}
  </Card>
);

const ImagesCard: FC<{ lesson: Lesson; images: { sha256: string; name: string; markdown: string }[] }> = (
  p,
) => (
  <Card
    title="Images and videos"
    class="mb"
    actions={
      <LinkButton href={`/sections/${p.lesson.section_id}/lessons/video-hosts`} small tone="ghost">
        Allowed video hosts
      </LinkButton>
    }
  >
    <form method="post" action={`/lessons/${p.lesson.id}/images`} enctype="multipart/form-data" class="stack">
      <div class="field">
        <label for="f-image">Upload an image</label>
        <input
          id="f-image"
          type="file"
          name="image"
          accept="image/png,image/jpeg,image/gif,image/webp"
          required
        />
        <p class="hint">PNG, JPEG, GIF or WebP, at most 900 KiB. Then put its Markdown line in a page.</p>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-secondary btn-sm">
          Upload
        </button>
      </div>
    </form>
    {p.images.length > 0 ? (
      <ul class="plain-list lesson-images">
        {p.images.map((img) => (
          <li>
            <img src={img.markdown.slice(img.markdown.indexOf("(") + 1, -1)} alt="" width={48} height={48} />
            <code>{img.markdown}</code>
          </li>
        ))}
      </ul>
    ) : null}
  </Card>
);

export const EditLessonPage: FC<
  Parameters<typeof LessonFormPage>[0] & {
    lesson: Lesson;
    pages: LessonPage[];
    images: { sha256: string; name: string; markdown: string }[];
  }
> = (p) => (
  <>
    <LessonStyles />
    <Breadcrumb trail={sectionTrail(p.section)}>
      <a href={`/lessons/${p.lesson.id}`}>{p.lesson.title}</a>
    </Breadcrumb>
    <PageHeader
      title="Edit lesson"
      subtitle={
        <>
          {p.lesson.title} {p.lesson.published ? null : <Badge>draft</Badge>}
        </>
      }
      actions={
        <>
          <LinkButton href={`/lessons/${p.lesson.id}`} icon="book">
            View
          </LinkButton>
          <LinkButton href={`/lessons/${p.lesson.id}/export.md`} icon="download" download>
            Export Markdown
          </LinkButton>
          <LinkButton href={`/lessons/${p.lesson.id}/clone`} icon="copy">
            Clone
          </LinkButton>
          <ActionButton
            action={`/lessons/${p.lesson.id}/delete`}
            tone="danger"
            confirm="Delete this lesson with its pages and every student's progress?"
          >
            Delete lesson
          </ActionButton>
        </>
      }
    />
    <div class="mb">
      <PagesCard lesson={p.lesson} pages={p.pages} />
    </div>
    <ImagesCard lesson={p.lesson} images={p.images} />
    <LessonFormPage {...p} />
  </>
);
