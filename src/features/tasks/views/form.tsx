// Creating and editing a task: schedule, late policy, access code and submission rules.
// The penalty fields show only when "penalty" is chosen (CSS :has(), no script needed).
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { toLocalInput } from "../../../lib/local-time.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import {
  bindValues,
  CheckField,
  ChoiceGroup,
  Field,
  FormActions,
  FormSection,
  NumberField,
} from "../../../ui/fields.tsx";
import { MarkdownField } from "../../../ui/markdown-field.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { AiTaskSettingsSlot } from "../../ai/slots.tsx";
import { TargetingFieldset, type TargetStudent } from "../../targeting/views/targeting-fieldset.tsx";

export type TaskValues = Record<string, string>;

/** The form's values for an existing task (the access code already decrypted). */
export function taskValues(task: Task, accessCode: string): TaskValues {
  return {
    title: task.title,
    description: task.description,
    starts_at: toLocalInput(task.starts_at),
    due_at: toLocalInput(task.due_at),
    late_policy: task.late_policy,
    late_penalty_pct: String(task.late_penalty_pct),
    late_interval_hours: String(task.late_interval_hours),
    late_cap_pct: String(task.late_cap_pct),
    access_code: accessCode,
    max_submissions: task.max_submissions === null ? "" : String(task.max_submissions),
    lock_after_first: task.lock_after_first ? "on" : "",
    published: task.published ? "on" : "",
    leaderboard: task.leaderboard ? "on" : "",
  };
}

export const NEW_TASK_VALUES: TaskValues = {
  late_policy: "none",
  late_penalty_pct: "10",
  late_interval_hours: "24",
  late_cap_pct: "100",
  leaderboard: "on",
};

const POLICIES = [
  { value: "none", label: "Not accepted", hint: "Nothing can be submitted after the due time." },
  { value: "free", label: "Accepted", hint: "Late submissions count in full." },
  { value: "penalty", label: "Accepted with a penalty", hint: "A share of the score per started interval." },
] as const;

export const TaskFormPage: FC<{
  section: Section;
  task?: Task;
  values: TaskValues;
  error?: string;
  zone: string;
  /** The section's students, for "Who sees this". */
  students: readonly TargetStudent[];
}> = (p) => {
  const v = p.values;
  const { field, check } = bindValues(v);
  const editing = p.task !== undefined;
  const action = editing ? `/manage/tasks/${p.task?.id}` : `/manage/sections/${p.section.id}/tasks/new`;
  const cancel = editing ? `/manage/tasks/${p.task?.id}` : `/sections/${p.section.id}`;
  return (
    <>
      <Breadcrumb trail={sectionTrail(p.section)}>
        {editing ? <a href={cancel}>{p.task?.title}</a> : "New task"}
      </Breadcrumb>
      <PageHeader
        title={editing ? "Edit task" : "New task"}
        subtitle={editing ? p.task?.title : "A task groups problems with one schedule and one set of rules."}
      />
      <form method="post" action={action} class="stack task-form">
        <FormError message={p.error} />
        <FormSection title="About">
          <Field label="Title" {...field("title")} required maxlength={200} placeholder="Week 3: loops" />
          <MarkdownField
            label="Description"
            name="description"
            value={v.description ?? ""}
            rows={6}
            hint="Optional. Markdown; students see it on the task page."
          />
        </FormSection>
        <Card title="Schedule">
          <div class="form-grid">
            <Field
              label={`Starts (${p.zone})`}
              {...field("starts_at")}
              type="datetime-local"
              hint="Optional. Students do not see the task before this time."
            />
            <Field
              label={`Due (${p.zone})`}
              {...field("due_at")}
              type="datetime-local"
              hint="Optional. After it, the late policy applies."
            />
          </div>
          <ChoiceGroup
            legend="Late submissions"
            name="late_policy"
            choices={POLICIES}
            value={v.late_policy ?? "none"}
            class="mt"
          />
          <div class="form-grid late-penalty mt">
            <NumberField
              label="Penalty (%)"
              {...field("late_penalty_pct")}
              min={0}
              max={100}
              hint="Taken off the score per started interval."
            />
            <NumberField
              label="Interval (hours)"
              {...field("late_interval_hours")}
              min={0.1}
              max={8760}
              hint="E.g. 24 for a penalty per day."
            />
            <NumberField
              label="At most (%)"
              {...field("late_cap_pct")}
              min={0}
              max={100}
              hint="The penalty never exceeds this."
            />
          </div>
        </Card>
        <Card title="Rules">
          <div class="form-grid">
            <Field
              label="Access code"
              {...field("access_code")}
              maxlength={64}
              autocomplete="off"
              hint="Optional. Students must enter it before they see the problems; a new code asks everyone again. Use six characters or more: short codes can be guessed. Stored encrypted."
            />
            <NumberField
              label="Maximum submissions"
              {...field("max_submissions")}
              min={1}
              max={1000}
              step={1}
              hint="Per problem and student. Empty: no limit."
            />
          </div>
          <div class="check-grid mt">
            <CheckField
              {...check("lock_after_first")}
              label="Lock after the first submission"
              hint="Each problem accepts one submission per student."
            />
            <CheckField
              {...check("leaderboard")}
              label="Show a leaderboard"
              hint="Students see ranks; other students' names stay hidden."
            />
            <CheckField
              {...check("published")}
              label="Published"
              hint="Drafts are visible to teachers only."
            />
          </div>
        </Card>
        <Card>
          <TargetingFieldset students={p.students} values={v} what="task" />
        </Card>
        <FormActions cancel={cancel}>{editing ? "Save task" : "Create task"}</FormActions>
      </form>
      {editing && p.task ? <AiTaskSettingsSlot taskId={p.task.id} /> : null}
    </>
  );
};
