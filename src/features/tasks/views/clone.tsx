// Cloning a task, with its problems and tests, into a section the teacher teaches.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";

export const ClonePage: FC<{
  section: Section;
  task: Task;
  sections: Section[];
  problemCount: number;
  error?: string;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/sections">Sections</a> / <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> / Clone
    </p>
    <PageHeader
      title="Clone task"
      subtitle={`A copy of "${p.task.title}" with its ${p.problemCount} problem${p.problemCount === 1 ? "" : "s"} and their tests.`}
    />
    <Card>
      <form method="post" action={`/manage/tasks/${p.task.id}/clone`} class="stack">
        <FormError message={p.error} />
        <div class="field">
          <label for="f-sectionId">Into section</label>
          <select id="f-sectionId" name="sectionId" required>
            {p.sections.map((s) => (
              <option value={String(s.id)} selected={s.id === p.section.id}>
                {s.name}
                {s.term ? ` (${s.term})` : ""}
                {s.id === p.section.id ? " (this section)" : ""}
              </option>
            ))}
          </select>
          <p class="hint">
            The copy starts as a draft with the same schedule and rules; submissions are not copied.
          </p>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Clone task
          </button>
          <a class="btn btn-ghost" href={`/manage/tasks/${p.task.id}`}>
            Cancel
          </a>
        </div>
      </form>
    </Card>
  </>
);
