// The teacher's submissions table for a task: filters, row checkboxes with select-all, regrade.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, SubmissionStatus, Task } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { SubmitButton } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { Field, NumberField, SelectField } from "../../../ui/fields.tsx";
import { DataTable } from "../../../ui/table.tsx";
import { type HintUse, HintUseNote } from "../../hints/views/hint-use.tsx";
import type { StoredRisk } from "../../integrity/risk-store.ts";
import { RiskCell, RiskFilterField, SimilarityLink } from "../../integrity/slots.tsx";
import type { RegradeProgress } from "../regrade.ts";
import type { SubmissionRow } from "../submission-table.ts";

const STATUSES = ["graded", "queued", "running", "error"].map((s) => ({ value: s, label: s }));

export interface TableQuery {
  problem?: number;
  student: string;
  status: SubmissionStatus | "";
  min?: number;
  max?: number;
  risk?: number;
  page: number;
}

export interface SubmissionTableProps {
  section: Section;
  task: Task;
  problems: Problem[];
  rows: SubmissionRow[];
  /** Integrity risk scores by submission id (features/integrity). */
  risks?: Map<number, StoredRisk>;
  /** Who used which hints, by `${userId}:${problemId}` (features/hints). */
  hints?: Map<string, HintUse>;
  total: number;
  query: TableQuery;
  pageSize: number;
}

const ScoreCell: FC<{ row: SubmissionRow }> = ({ row }) => {
  if (row.status === "queued" || row.status === "running") return <Badge tone="accent">grading…</Badge>;
  if (row.status === "error") return <Badge tone="danger">error</Badge>;
  const score = row.override_score ?? row.score;
  return (
    <>
      {score}/{row.max_score}
      {row.override_score !== null ? <span class="sub">overridden</span> : null}
      {row.late_penalty_pct > 0 ? <span class="sub">late −{row.late_penalty_pct}%</span> : null}
    </>
  );
};

/** One row; its id lets a live update replace it (or its score cell) when grading finishes. */
export const SubmissionRowView: FC<{
  row: SubmissionRow;
  oob?: boolean;
  risk?: StoredRisk;
  hints?: HintUse;
}> = ({ row: r, oob, risk, hints }) => (
  <tr id={`sub-${r.id}`} hx-swap-oob={oob ? "true" : undefined} class={oob ? "gb-updated" : undefined}>
    <td>
      <input type="checkbox" name="ids[]" value={String(r.id)} aria-label={`Select submission ${r.id}`} />
    </td>
    <td>
      <a href={`/submissions/${r.id}`}>{r.id}</a>
    </td>
    <td>
      {r.display_name}
      <span class="sub">{r.username}</span>
    </td>
    <td>
      {r.problem_title}
      <HintUseNote use={hints} />
    </td>
    <td>{formatDateTime(r.submitted_at)}</td>
    <td id={`score-${r.id}`}>
      <ScoreCell row={r} />
    </td>
    <td>
      <RiskCell risk={risk} />
    </td>
  </tr>
);

/** The score cell alone, as a live patch: the row keeps its checkbox state. */
export const ScoreCellPatch: FC<{ row: SubmissionRow }> = ({ row }) => (
  <template>
    <td id={`score-${row.id}`} hx-swap-oob="true" class="gb-updated">
      <ScoreCell row={row} />
    </td>
  </template>
);

/** A new row on top of the table (first page only), removing the "nothing matches" row. */
export const NewRowPatch: FC<{ row: SubmissionRow; first: boolean }> = ({ row, first }) => (
  <template>
    <tbody hx-swap-oob="afterbegin:#sub-rows">
      <SubmissionRowView row={row} />
    </tbody>
    {first ? <tr id="sub-empty" hx-swap-oob="delete" /> : null}
  </template>
);

export const SubmissionTablePage: FC<SubmissionTableProps> = (p) => {
  const q = p.query;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const base = `/manage/tasks/${p.task.id}/submissions`;
  return (
    <>
      <p class="breadcrumb">
        <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
        <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> / Submissions
      </p>
      <PageHeader
        title="Submissions"
        subtitle={`${p.total} submission${p.total === 1 ? "" : "s"} in ${p.task.title}`}
        actions={<SimilarityLink taskId={p.task.id} />}
      />
      <Card class="flush">
        <form method="get" action={base} class="toolbar">
          <SelectField
            label="Problem"
            name="problem"
            first="All problems"
            options={p.problems.map((pr) => ({ value: String(pr.id), label: pr.title }))}
            value={q.problem?.toString()}
          />
          <Field label="Student" name="student" type="search" value={q.student} maxlength={80} />
          <SelectField label="Status" name="status" first="Any" options={STATUSES} value={q.status} />
          <NumberField label="Score from" name="min" value={q.min === undefined ? "" : String(q.min)} />
          <NumberField label="to" name="max" value={q.max === undefined ? "" : String(q.max)} />
          <RiskFilterField value={q.risk} />
          <SubmitButton tone="secondary" icon="search">
            Filter
          </SubmitButton>
        </form>
        <form method="post" action={`/manage/tasks/${p.task.id}/regrade`} data-select-scope>
          <DataTable
            bodyId="sub-rows"
            head={
              <th>
                <input type="checkbox" data-select-all aria-label="Select all submissions" />
              </th>
            }
            columns={["#", "Student", "Problem", "Submitted", "Score", "Risk"]}
          >
            {p.rows.map((r) => (
              <SubmissionRowView
                row={r}
                risk={p.risks?.get(r.id)}
                hints={p.hints?.get(`${r.user_id}:${r.problem_id}`)}
              />
            ))}
            {p.rows.length === 0 ? (
              <tr id="sub-empty">
                <td colspan={7}>
                  <EmptyState icon="book" title="No submissions match">
                    <p>Submissions appear here as students submit and grading finishes.</p>
                  </EmptyState>
                </td>
              </tr>
            ) : null}
          </DataTable>
          <div class="pager">
            <span class="actions">
              <button type="submit" class="btn btn-secondary btn-sm">
                Regrade selected
              </button>
              <button type="submit" name="all" value="1" class="btn btn-ghost btn-sm">
                Regrade all {p.total}
              </button>
            </span>
            {pages > 1 ? (
              <span>
                Page {q.page} of {pages}
              </span>
            ) : null}
          </div>
        </form>
      </Card>
    </>
  );
};

export const RegradeStatus: FC<{ progress: RegradeProgress }> = ({ progress: r }) => {
  const finished = r.done >= r.total;
  const pct = r.total === 0 ? 100 : Math.round((r.done / r.total) * 100);
  return (
    <div class="regrade-status">
      <progress max={r.total || 1} value={r.done} aria-label="Regrade progress">
        {pct}%
      </progress>
      <p role="status">
        {finished ? (
          <>
            <strong>Done.</strong> Regraded {r.total} submission{r.total === 1 ? "" : "s"}: {r.up} scored
            higher, {r.down} lower, {r.same} unchanged
            {r.errors > 0 ? `, ${r.errors} could not be graded` : ""}.
          </>
        ) : (
          <>
            Regrading… {r.done} of {r.total} done ({pct}%).
          </>
        )}
      </p>
    </div>
  );
};

export const RegradePage: FC<{
  section: Section;
  task: Task;
  regradeId: number;
  progress: RegradeProgress;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> /{" "}
      <a href={`/manage/tasks/${p.task.id}/submissions`}>Submissions</a> / Regrade
    </p>
    <PageHeader title="Regrade" subtitle="Submissions run again against the current tests and points." />
    <Card>
      <div
        hx-ext="sse"
        sse-connect={`/manage/regrades/${p.regradeId}/events`}
        sse-swap="progress"
        sse-close="done"
      >
        <RegradeStatus progress={p.progress} />
      </div>
      <p class="mt">
        <a href={`/manage/tasks/${p.task.id}/submissions`}>Back to the submissions</a>
      </p>
    </Card>
  </>
);
