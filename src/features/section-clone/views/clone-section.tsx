// "Clone everything into a new section": the card on the section's settings page and the form.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { LinkButton } from "../../../ui/buttons.tsx";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions } from "../../../ui/fields.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const CloneSectionCard: FC<{ sectionId: number }> = (p) => (
  <Card title="New term">
    <p class="muted">
      Start next term's section with all of this one's tasks (problems, tests, data files, hints), assessments
      and lessons. Students, submissions and grades stay here.
    </p>
    <LinkButton href={`/manage/sections/${p.sectionId}/clone`} icon="plus">
      Clone everything into a new section
    </LinkButton>
  </Card>
);

export const CloneSectionPage: FC<{
  section: Section;
  counts: { tasks: number; assessments: number; lessons: number };
  values: Record<string, string>;
  error?: string;
}> = (p) => (
  <>
    <Breadcrumb trail={sectionTrail(p.section)}>Clone into a new section</Breadcrumb>
    <PageHeader
      title="Clone everything into a new section"
      subtitle={`${plural(p.counts.tasks, "task")}, ${plural(p.counts.assessments, "assessment")} and ${plural(p.counts.lessons, "lesson")} from ${p.section.name}. Drafts stay drafts.`}
    />
    <Card>
      <form method="post" action={`/manage/sections/${p.section.id}/clone`} class="stack">
        <FormError message={p.error} />
        <Field
          label="New section's name"
          name="name"
          value={p.values.name ?? p.section.name}
          required
          maxlength={100}
        />
        <Field
          label="Term"
          name="term"
          value={p.values.term ?? ""}
          maxlength={60}
          placeholder="Spring 2027"
          hint="Optional."
        />
        <CheckField
          name="keep_targeting"
          label="Keep remedial targeting"
          checked={p.values.keep_targeting === "on"}
          hint="Off (the default): every student of the new section sees everything. On: remedial work stays remedial, for none of the new students until you choose them (students are not copied)."
        />
        <FormActions cancel={`/sections/${p.section.id}/edit`}>Clone into a new section</FormActions>
      </form>
    </Card>
  </>
);
