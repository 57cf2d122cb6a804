// A section's gamification: the switch for points and achievements, and its own achievements
// ("every problem of a task solved"), for the section's teachers.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { SectionAchievement } from "../../../db/tables/practice.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Card, ListCard, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions, SelectField } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { SECTION_ICONS, sectionDef } from "../achievements.ts";

export const SectionGamePage: FC<{
  section: Section;
  on: boolean;
  achievements: SectionAchievement[];
  tasks: Task[];
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> / Gamification
    </p>
    <PageHeader title="Points and achievements" subtitle={p.section.name} />
    <div class="grid grid-2 mb">
      <Card title="Gamification">
        <form method="post" action={`/practice/sections/${p.section.id}/gamification`} class="stack">
          <CheckField
            name="on"
            label="Points and achievements in this section"
            checked={p.on}
            hint="Off: task scores here add no points, and this section's achievements do not unlock."
          />
          <FormActions>Save</FormActions>
        </form>
      </Card>
      <Card title="New achievement">
        {p.tasks.length === 0 ? (
          <p class="muted">
            Create a task first: an achievement unlocks when every problem of a task is solved.
          </p>
        ) : (
          <form method="post" action={`/practice/sections/${p.section.id}/achievements`} class="stack">
            <Field label="Title" name="title" required maxlength={80} placeholder="Loop master" />
            <SelectField
              label="Unlocks when every problem is solved of"
              name="taskId"
              options={p.tasks.map((t) => ({ value: String(t.id), label: t.title }))}
            />
            <SelectField
              label="Icon"
              name="icon"
              options={SECTION_ICONS.map((i) => ({ value: i, label: i }))}
            />
            <FormActions icon="plus">Add achievement</FormActions>
          </form>
        )}
      </Card>
    </div>
    <ListCard
      title="This section's achievements"
      counted
      items={p.achievements}
      empty={<p class="muted pad">None yet.</p>}
    >
      <ul class="plain-list">
        {p.achievements.map((a) => (
          <li class="row-between">
            <span>
              <Icon name={sectionDef(a).icon} /> <strong>{a.title}</strong>{" "}
              <span class="muted">
                every problem of “{p.tasks.find((t) => t.id === a.task_id)?.title ?? "a task"}”
              </span>
            </span>
            <ActionButton
              action={`/practice/sections/${p.section.id}/achievements/${a.id}/delete`}
              small
              confirm="Remove this achievement?"
            >
              Remove
            </ActionButton>
          </li>
        ))}
      </ul>
    </ListCard>
  </>
);
