// The teacher's list of a section's tasks, placed on the section page (views/sections/show.tsx):
// state, schedule, problem count, reordering, and the "New task" button.
import type { FC } from "hono/jsx";
import type { Section } from "../db/schema.ts";
import { RemedialBadge } from "../features/targeting/views/remedial-badge.tsx";
import { formatDateTime } from "../lib/format.ts";
import type { TaskSummary } from "../models/task.ts";
import { LinkButton, MoveButtons } from "./buttons.tsx";
import { EmptyState, ListCard } from "./components.tsx";
import { DataTable, hiddenCol, numCol } from "./table.tsx";
import { TaskStateBadge } from "./task-status.tsx";

export interface TeacherTaskListProps {
  section: Section;
  /** selectTaskSummaries(db, section.id) */
  tasks: TaskSummary[];
  /** For the state badges (draft, scheduled, open, past due); defaults to the current time. */
  now?: number;
}

export const TeacherTaskList: FC<TeacherTaskListProps> = ({ section, tasks, now = Date.now() }) => (
  <ListCard
    items={tasks}
    title="Tasks"
    counted
    actions={
      <LinkButton href={`/manage/sections/${section.id}/tasks/new`} tone="primary" small icon="plus">
        New task
      </LinkButton>
    }
    empty={
      <EmptyState icon="book" title="No tasks yet">
        <p>A task holds problems with one schedule: homework, a quiz, a lab.</p>
      </EmptyState>
    }
  >
    <DataTable class="task-table" columns={["Task", "State", "Due", numCol("Problems"), hiddenCol("Order")]}>
      {tasks.map((t, i) => (
        <tr>
          <td>
            <a href={`/manage/tasks/${t.id}`} class="strong-link">
              {t.title}
            </a>
            {t.starts_at !== null ? <span class="sub">starts {formatDateTime(t.starts_at)}</span> : null}
          </td>
          <td>
            <TaskStateBadge task={t} now={now} />{" "}
            <RemedialBadge remedial={t.remedial} count={t.assignee_count} />
          </td>
          <td>{t.due_at === null ? <span class="muted">none</span> : formatDateTime(t.due_at)}</td>
          <td class="num">{t.problem_count}</td>
          <td>
            <div class="row-actions">
              <MoveButtons base={`/manage/tasks/${t.id}`} label={t.title} index={i} count={tasks.length} />
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  </ListCard>
);
