// Cloning a lesson (its pages, snippets and images) into a section the teacher teaches, with the
// remedial targeting cleared or kept.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { ChoiceGroup, Field, FormActions, SelectField } from "../../../ui/fields.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import type { Lesson } from "../lessons.ts";

export const LessonClonePage: FC<{
  section: Section;
  lesson: Lesson;
  sections: Section[];
  pageCount: number;
  values: Record<string, string>;
  error?: string;
}> = (p) => (
  <>
    <Breadcrumb trail={sectionTrail(p.section)}>
      <a href={`/lessons/${p.lesson.id}`}>{p.lesson.title}</a> / Clone
    </Breadcrumb>
    <PageHeader
      title="Clone lesson"
      subtitle={`A copy of “${p.lesson.title}” with its ${p.pageCount} page${p.pageCount === 1 ? "" : "s"}, runnable examples and images. Students' progress is not copied.`}
    />
    <Card>
      <form method="post" action={`/lessons/${p.lesson.id}/clone`} class="stack">
        <FormError message={p.error} />
        <SelectField
          label="Into section"
          name="sectionId"
          required
          options={p.sections.map((s) => ({
            value: String(s.id),
            label: `${s.name}${s.term ? ` (${s.term})` : ""}${s.id === p.section.id ? " (this section)" : ""}`,
          }))}
          value={p.values.sectionId ?? String(p.section.id)}
          hint="The copy starts as a draft."
        />
        <Field
          label="Title of the copy"
          name="title"
          value={p.values.title ?? p.lesson.title}
          required
          maxlength={200}
        />
        {p.lesson.remedial ? (
          <ChoiceGroup
            legend="Who sees the copy"
            name="targeting"
            value={p.values.targeting ?? "clear"}
            choices={[
              { value: "clear", label: "Everyone in the section", hint: "The copy is not remedial." },
              {
                value: "keep",
                label: "The same assigned students",
                hint: "Those not enrolled in the chosen section are left out.",
              },
            ]}
          />
        ) : null}
        <FormActions cancel={`/lessons/${p.lesson.id}/edit`}>Clone lesson</FormActions>
      </form>
    </Card>
  </>
);
