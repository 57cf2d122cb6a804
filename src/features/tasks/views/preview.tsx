// "Student view" of a task for its teachers: the student's task page as an enrolled student sees it
// (description, rules, problems), read-only and marked as a preview, with what would keep students
// from seeing it right now (a draft, a later start, an access code).
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Task } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { Alert } from "../../../ui/components.tsx";
import { StudentTaskPage } from "../../../ui/student-task.tsx";

/** Why students would not see the task as shown, if anything. */
function visibilityNote(task: Task, now: number): string | null {
  if (!task.published) return "This task is a draft: students do not see it until you publish it.";
  if (task.starts_at !== null && task.starts_at > now)
    return `Students see this task from ${formatDateTime(task.starts_at)}.`;
  return null;
}

export const TaskPreviewPage: FC<{
  section: Section;
  task: Task;
  descriptionHtml: string;
  problems: Problem[];
  now: number;
}> = (p) => {
  const note = visibilityNote(p.task, p.now);
  return (
    <div class="student-preview">
      <Alert kind="info">
        <strong>Student preview.</strong> This is the task page as a student sees it, read-only: nothing you
        do here is recorded. {note}
        {p.task.access_code_enc ? " Students enter the access code before they see the problems." : ""}{" "}
        <a href={`/manage/tasks/${p.task.id}`}>Back to the task</a>
      </Alert>
      <StudentTaskPage
        section={p.section}
        task={p.task}
        descriptionHtml={p.descriptionHtml}
        problems={p.problems}
        progress={new Map()}
        locked={false}
        now={p.now}
      />
    </div>
  );
};
