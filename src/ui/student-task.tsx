// A student's view of a task: its rules, its problems with their state, and the access code gate.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../db/schema.ts";
import type { Problem, Task } from "../db/tables/problems.ts";
import { formatDateTime } from "../lib/format.ts";
import type { ProblemProgress } from "../models/submission.ts";
import { Badge, Card, EmptyState, FormError, ListCard, PageHeader } from "./components.tsx";
import { Field } from "./fields.tsx";
import { Icon } from "./icons.tsx";
import { DataTable, numCol } from "./table.tsx";

export type ProblemState = "not started" | "pending" | "attempted" | "solved";

export function problemState(p: ProblemProgress | undefined): ProblemState {
  if (!p || p.attempts === 0) return "not started";
  if (p.best !== null && p.maxScore !== null && p.maxScore > 0 && p.best >= p.maxScore) return "solved";
  if (p.best === null && p.pending > 0) return "pending";
  return "attempted";
}

const stateTone = {
  "not started": "neutral",
  pending: "accent",
  attempted: "warning",
  solved: "success",
} as const;

export const StateBadge: FC<{ state: ProblemState }> = ({ state }) => (
  <Badge tone={stateTone[state]}>{state}</Badge>
);

/**
 * Due time, late policy and limits in one line each, as a student needs them. `oob` makes it a live
 * patch that replaces the one on the page (the due time changed, or arrived).
 */
export const TaskRules: FC<{ task: Task; now: number; oob?: boolean }> = ({ task, now, oob }) => (
  <dl class="facts" id="task-rules" hx-swap-oob={oob ? "true" : undefined}>
    <dt>Due</dt>
    <dd>
      {task.due_at ? formatDateTime(task.due_at) : "No due time"}
      {task.due_at && task.due_at < now ? (
        <>
          {" "}
          <Badge tone="warning">past due</Badge>
        </>
      ) : null}
    </dd>
    {task.due_at ? (
      <>
        <dt>Late work</dt>
        <dd>
          {task.late_policy === "none"
            ? "Not accepted after the due time"
            : task.late_policy === "free"
              ? "Accepted without penalty"
              : `−${task.late_penalty_pct}% per ${task.late_interval_hours} h late, at most −${task.late_cap_pct}%`}
        </dd>
      </>
    ) : null}
    {task.max_submissions ? (
      <>
        <dt>Submissions</dt>
        <dd>At most {task.max_submissions} per problem</dd>
      </>
    ) : null}
    {task.lock_after_first ? (
      <>
        <dt>Lock</dt>
        <dd>Each problem locks after your first submission</dd>
      </>
    ) : null}
  </dl>
);

export interface StudentTaskProps {
  section: Section;
  task: Task;
  descriptionHtml: string;
  problems: Problem[];
  progress: Map<number, ProblemProgress>;
  locked: boolean;
  unlockError?: string;
  now: number;
}

export const StudentTaskPage: FC<StudentTaskProps> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> / {p.task.title}
    </p>
    <PageHeader
      title={p.task.title}
      actions={
        p.task.leaderboard ? (
          <a class="btn btn-secondary" href={`/tasks/${p.task.id}/leaderboard`}>
            Leaderboard
          </a>
        ) : null
      }
    />
    <div class="grid grid-2 mb">
      <Card title="About this task">
        {p.descriptionHtml ? (
          <div class="prose">{raw(p.descriptionHtml)}</div>
        ) : (
          <p class="muted">No description.</p>
        )}
      </Card>
      <Card title="Rules">
        <TaskRules task={p.task} now={p.now} />
      </Card>
    </div>
    {p.locked ? (
      <Card title="Access code">
        <p class="muted">Your teacher gives you the code for this task.</p>
        <form method="post" action={`/tasks/${p.task.id}/unlock`} class="form-row">
          <FormError message={p.unlockError} />
          <Field label="Access code" name="code" required maxlength={100} autocomplete="off" />
          <button type="submit" class="btn btn-primary">
            Unlock
          </button>
        </form>
      </Card>
    ) : (
      <ListCard
        items={p.problems}
        title="Problems"
        empty={
          <EmptyState icon="book" title="No problems yet">
            <p>Your teacher has not added problems to this task yet.</p>
          </EmptyState>
        }
      >
        <DataTable columns={["Problem", "State", numCol("Attempts"), numCol("Best score")]}>
          {p.problems.map((problem) => {
            const progress = p.progress.get(problem.id);
            return (
              <tr>
                <td>
                  <a href={`/problems/${problem.id}`}>{problem.title}</a>
                </td>
                <td>
                  <StateBadge state={problemState(progress)} />
                </td>
                <td class="num">{progress?.attempts ?? 0}</td>
                <td class="num">
                  {progress?.best ?? "–"}
                  {progress?.maxScore ? <span class="muted"> / {progress.maxScore}</span> : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </ListCard>
    )}
  </>
);

/**
 * The tasks a student sees in a section. `oob` makes it a live patch replacing the list on the page
 * (a task started, or its due time changed).
 */
export const StudentTaskList: FC<{ tasks: Task[]; now: number; oob?: boolean }> = ({ tasks, now, oob }) => (
  <div id="task-list" hx-swap-oob={oob ? "true" : undefined}>
    {tasks.length === 0 ? (
      <EmptyState icon="book" title="Nothing assigned yet">
        <p>Your teacher's tasks will appear here.</p>
      </EmptyState>
    ) : (
      <ul class="task-list">
        {tasks.map((t) => (
          <li>
            <a href={`/tasks/${t.id}`}>
              <Icon name="book" size={18} />
              <span class="task-title">{t.title}</span>
              <span class="muted">{t.due_at ? `due ${formatDateTime(t.due_at)}` : "no due time"}</span>
              {t.due_at && t.due_at < now ? <Badge tone="warning">past due</Badge> : null}
            </a>
          </li>
        ))}
      </ul>
    )}
  </div>
);
