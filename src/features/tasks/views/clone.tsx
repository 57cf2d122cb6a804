// Cloning a task, with its problems and tests, into a section the teacher teaches.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { FormActions, SelectField } from "../../../ui/fields.tsx";
import { taskTrail } from "../../../ui/section-nav.tsx";

export const ClonePage: FC<{
  section: Section;
  task: Task;
  sections: Section[];
  problemCount: number;
  error?: string;
}> = (p) => (
  <>
    <Breadcrumb trail={taskTrail(p.section, p.task)}>Clone</Breadcrumb>
    <PageHeader
      title="Clone task"
      subtitle={`A copy of "${p.task.title}" with its ${p.problemCount} problem${p.problemCount === 1 ? "" : "s"} and their tests.`}
    />
    <Card>
      <form method="post" action={`/manage/tasks/${p.task.id}/clone`} class="stack">
        <FormError message={p.error} />
        <SelectField
          label="Into section"
          name="sectionId"
          required
          options={p.sections.map((s) => ({
            value: String(s.id),
            label: `${s.name}${s.term ? ` (${s.term})` : ""}${s.id === p.section.id ? " (this section)" : ""}`,
          }))}
          value={String(p.section.id)}
          hint="The copy starts as a draft with the same schedule and rules; submissions are not copied."
        />
        <FormActions cancel={`/manage/tasks/${p.task.id}`}>Clone task</FormActions>
      </form>
    </Card>
  </>
);
