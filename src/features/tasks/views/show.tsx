// The teacher's page of one task: its settings at a glance, its problems (with test counts and order),
// and everything one does with a task as a whole: edit, export, import, clone, submissions, delete.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import type { ProblemSummary } from "../../../models/problem.ts";
import { ActionButton, LinkButton, MoveButtons } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import { latePolicyText, TaskStateBadge } from "../../../ui/task-status.tsx";
import { RemedialBadge } from "../../targeting/views/remedial-badge.tsx";

export interface TaskOverviewProps {
  section: Section;
  task: Task;
  descriptionHtml: string;
  accessCode: string | null;
  problems: ProblemSummary[];
  now: number;
  zone: string;
  /** How many students a remedial task is assigned to (src/features/targeting). */
  assignees?: number;
}

const yes = (on: number) => (on ? "Yes" : "No");

const Settings: FC<TaskOverviewProps> = ({ task, accessCode, zone }) => (
  <Card title="Settings" actions={<a href={`/manage/tasks/${task.id}/edit`}>Edit</a>}>
    <dl class="facts">
      <dt>Starts</dt>
      <dd>
        {task.starts_at === null ? "Immediately once published" : `${formatDateTime(task.starts_at)} ${zone}`}
      </dd>
      <dt>Due</dt>
      <dd>{task.due_at === null ? "No due time" : `${formatDateTime(task.due_at)} ${zone}`}</dd>
      <dt>Late work</dt>
      <dd>{latePolicyText(task)}</dd>
      <dt>Access code</dt>
      <dd>{accessCode === null ? "None" : <code class="access-code">{accessCode}</code>}</dd>
      <dt>Submissions</dt>
      <dd>
        {task.max_submissions === null ? "Unlimited" : `At most ${task.max_submissions} per problem`}
        {task.lock_after_first ? ", locked after the first" : ""}
      </dd>
      <dt>Leaderboard</dt>
      <dd>{yes(task.leaderboard)}</dd>
    </dl>
  </Card>
);

const ProblemsTable: FC<TaskOverviewProps> = ({ task, problems }) => (
  <ListCard
    items={problems}
    title="Problems"
    counted
    actions={
      <LinkButton href={`/manage/tasks/${task.id}/problems/new`} tone="primary" small icon="plus">
        Add problem
      </LinkButton>
    }
    empty={
      <EmptyState icon="file" title="No problems yet">
        <p>
          Add a problem, or <a href={`/manage/tasks/${task.id}/import`}>import problems from Markdown</a>.
        </p>
      </EmptyState>
    }
  >
    <DataTable
      columns={[numCol("#"), "Problem", "Kind", numCol("Tests"), numCol("Points"), hiddenCol("Actions")]}
    >
      {problems.map((p, i) => (
        <tr>
          <td class="num muted">{i + 1}</td>
          <td>
            <a href={`/manage/problems/${p.id}`} class="strong-link">
              {p.title}
            </a>
            {JSON.parse(p.solution_files).length === 0 ? (
              <span class="sub">no reference solution</span>
            ) : null}
          </td>
          <td>
            {p.kind === "function" ? (
              <code>
                {p.function_name}({(JSON.parse(p.function_params) as string[]).join(", ")})
              </code>
            ) : (
              "stdin → stdout"
            )}
          </td>
          <td class="num">
            {p.test_count}
            {p.hidden_count > 0 ? <span class="sub">{p.hidden_count} hidden</span> : null}
          </td>
          <td class="num">{Math.round(p.total_points * 100) / 100}</td>
          <td>
            <div class="row-actions">
              <MoveButtons
                base={`/manage/problems/${p.id}`}
                label={p.title}
                index={i}
                count={problems.length}
              />
              <LinkButton href={`/manage/problems/${p.id}/preview`} small more={p.title}>
                Preview
              </LinkButton>
              <LinkButton href={`/manage/problems/${p.id}`} small more={p.title}>
                Edit
              </LinkButton>
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  </ListCard>
);

export const TaskOverviewPage: FC<TaskOverviewProps> = (p) => {
  const { section, task } = p;
  const base = `/manage/tasks/${task.id}`;
  return (
    <>
      <p class="breadcrumb">
        <a href="/sections">Sections</a> / <a href={`/sections/${section.id}`}>{section.name}</a> /{" "}
        {task.title}
      </p>
      <PageHeader
        title={task.title}
        subtitle={
          <span class="subtitle-badges">
            <TaskStateBadge task={task} now={p.now} />
            {task.access_code_enc ? <Badge>access code</Badge> : null}
            {task.lock_after_first ? <Badge>one submission</Badge> : null}
            <RemedialBadge remedial={task.remedial} count={p.assignees ?? 0} />
          </span>
        }
        actions={
          <>
            <a class="btn btn-secondary" href={`${base}/preview`}>
              Student view
            </a>
            <a class="btn btn-secondary" href={`${base}/submissions`}>
              Submissions
            </a>
            <a class="btn btn-primary" href={`${base}/edit`}>
              <Icon name="pencil" size={16} />
              Edit task
            </a>
          </>
        }
      />
      {task.published ? null : (
        <p class="alert alert-info" role="status">
          <Icon name="info" />
          <span>
            This task is a draft: students do not see it until you publish it (Edit task → Published).
          </span>
        </p>
      )}
      <div class="grid grid-2 mb">
        <Card title="Description">
          {p.descriptionHtml.trim() ? (
            <div class="prose">{raw(p.descriptionHtml)}</div>
          ) : (
            <p class="muted">No description. Students see only the problems.</p>
          )}
        </Card>
        <Settings {...p} />
      </div>
      <ProblemsTable {...p} />
      <div class="grid grid-2 mt">
        <Card title="Share and reuse">
          <ul class="link-list">
            <li>
              {p.problems.length > 0 ? (
                <a href={`${base}/export.md`} download>
                  <Icon name="download" size={18} />
                  Export problems to Markdown
                </a>
              ) : (
                <span class="disabled">
                  <Icon name="download" size={18} />
                  Export problems to Markdown
                </span>
              )}
              <span class="muted">Statements, files, solutions and tests in one file.</span>
            </li>
            <li>
              <a href={`${base}/import`}>
                <Icon name="upload" size={18} />
                Import problems from Markdown
              </a>
              <span class="muted">Adds the file's problems to this task.</span>
            </li>
            <li>
              <a href="/manage/problem-template.md" download>
                <Icon name="file" size={18} />
                Download a blank template
              </a>
              <span class="muted">An example problem to fill in.</span>
            </li>
            <li>
              <a href={`${base}/clone`}>
                <Icon name="copy" size={18} />
                Clone this task
              </a>
              <span class="muted">Into this or another section you teach, with its problems and tests.</span>
            </li>
          </ul>
        </Card>
        <Card title="Delete">
          <p class="muted">
            Deleting the task removes its problems, tests and every student submission. This cannot be undone.
          </p>
          <ActionButton
            action={`${base}/delete`}
            tone="danger"
            confirm={`Delete "${task.title}" with all its problems and submissions?`}
          >
            <Icon name="trash" size={16} />
            Delete task
          </ActionButton>
        </Card>
      </div>
    </>
  );
};
