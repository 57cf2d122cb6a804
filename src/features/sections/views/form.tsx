import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { bindValues, Field, FormActions } from "../../../ui/fields.tsx";
import { MarkdownField } from "../../../ui/markdown-field.tsx";
import { AiSectionSettingsSlot } from "../../ai/slots.tsx";
import { CloneSectionCard } from "../../section-clone/views/clone-section.tsx";

export interface SectionValues {
  name?: string;
  term?: string;
  description?: string;
}

export const SectionFormPage: FC<{ section?: Section; values?: SectionValues; error?: string }> = (p) => {
  const v: SectionValues = p.values ?? {
    name: p.section?.name,
    term: p.section?.term,
    description: p.section?.description,
  };
  const { field } = bindValues(v);
  const editing = p.section !== undefined;
  return (
    <>
      <PageHeader
        title={editing ? "Edit section" : "New section"}
        subtitle={
          editing ? p.section?.name : "A section is one class: its students, lessons and assignments."
        }
      />
      <Card>
        <form method="post" action={editing ? `/sections/${p.section?.id}` : "/sections"} class="stack">
          <FormError message={p.error} />
          <Field
            label="Name"
            {...field("name")}
            required
            maxlength={100}
            placeholder="Intro to Python, period 3"
          />
          <Field label="Term" {...field("term")} maxlength={60} placeholder="Fall 2026" hint="Optional." />
          <MarkdownField
            label="Description"
            name="description"
            value={v.description ?? ""}
            maxlength={2000}
            rows={4}
            breaks
            hint="Optional. Students see this on the section page. Markdown: **bold**, _italic_, `code`, lists, links."
          />
          <FormActions cancel={editing ? `/sections/${p.section?.id}` : "/sections"}>
            {editing ? "Save changes" : "Create section"}
          </FormActions>
        </form>
      </Card>
      {editing && p.section ? <AiSectionSettingsSlot sectionId={p.section.id} /> : null}
      {editing && p.section ? <CloneSectionCard sectionId={p.section.id} /> : null}
    </>
  );
};
