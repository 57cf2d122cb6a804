// Cloning a task, with its problems, tests, data files and hints, into a section the teacher teaches,
// with its targeting cleared, kept or chosen anew.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { ChoiceGroup, FormActions, SelectField } from "../../../ui/fields.tsx";
import { taskTrail } from "../../../ui/section-nav.tsx";
import { ChooseStudents, type TargetStudent } from "../../targeting/views/targeting-fieldset.tsx";

const TARGETING = [
  { value: "clear", label: "Clear targeting", hint: "Every student of the target section sees the copy." },
  {
    value: "keep",
    label: "Keep targeting",
    hint: "The same students, where they are enrolled in the target section; others are dropped.",
  },
  {
    value: "choose",
    label: "Choose students below",
    hint: "Only the students ticked below (this section's).",
  },
] as const;

export const ClonePage: FC<{
  section: Section;
  task: Task;
  sections: Section[];
  problemCount: number;
  students: readonly TargetStudent[];
  values?: Record<string, string>;
  error?: string;
}> = (p) => {
  const v = p.values ?? {};
  return (
    <>
      <Breadcrumb trail={taskTrail(p.section, p.task)}>Clone</Breadcrumb>
      <PageHeader
        title="Clone task"
        subtitle={`A copy of "${p.task.title}" with its ${p.problemCount} problem${p.problemCount === 1 ? "" : "s"}, their tests, data files and hints.`}
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
            value={v.sectionId ?? String(p.section.id)}
            hint="The copy starts as a draft with the same schedule and rules; submissions are not copied."
          />
          <ChoiceGroup
            legend="Who sees the copy"
            name="targeting"
            choices={TARGETING}
            value={v.targeting ?? (p.task.remedial ? "keep" : "clear")}
          />
          <ChooseStudents students={p.students} chosen={v.assignees ?? ""} />
          <FormActions cancel={`/manage/tasks/${p.task.id}`}>Clone task</FormActions>
        </form>
      </Card>
    </>
  );
};
