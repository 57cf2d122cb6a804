// The gradebook: students x problems, sortable by any column (by default the highest grade first,
// students without grades last), filterable by task. Each row has an id so a live update can replace
// it (src/routes/gradebook.tsx); sorting is done on the server, so it works without scripts.
import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import { type AssessmentColumn, methodLabel } from "../../../analytics/assessment-columns.ts";
import type {
  GradeProblem,
  GradeStudent,
  SectionGrades,
  SortDir,
  SortKey,
} from "../../../analytics/grades.ts";
import { isSolved } from "../../../analytics/grades.ts";
import type { GradeSummary } from "../../../analytics/insights.ts";
import type { Section } from "../../../db/schema.ts";
import { fmt, pct } from "../../../lib/format.ts";
import { Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { SelectField } from "../../../ui/fields.tsx";
import { escapeHtml as esc } from "../../../ui/html.ts";
import { Icon } from "../../../ui/icons.tsx";
import { SectionCrumbs, SectionNav } from "../../../ui/section-nav.tsx";

export interface GradebookQuery {
  /** A problem column, a summary column, or `a<id>` for an assessment column. */
  sort: SortKey | `a${number}`;
  dir: SortDir;
  task?: number;
}

export interface GradebookProps {
  section: Section;
  grades: SectionGrades;
  query: GradebookQuery;
  tasks: { id: number; title: string }[];
  summary: GradeSummary;
  /** One column per published quiz or exam, after the problems (src/features/assessments/). */
  assessmentColumns?: AssessmentColumn[];
  /** Quiz and exam grades (src/features/assessments/). */
  assessments?: Child;
  /** Include or leave out remedial work (src/features/targeting). */
  remedialSwitch?: Child;
}

function cellClass(problem: GradeProblem, best: number | null, pending: number): string {
  if (best === null) return pending > 0 ? "gb-pend" : "gb-none";
  if (isSolved({ best, attempts: 1, pending: 0, lastAt: 0 }, problem)) return "gb-full";
  return best > 0 ? "gb-part" : "gb-zero";
}

/** An assessment's cell: its grade by the grading method, "…" while only an attempt is open. */
function assessmentCellHtml(a: AssessmentColumn, userId: number): string {
  const g = a.cells.get(userId);
  if (!g) {
    return a.open.has(userId)
      ? '<td class="num gb-pend" title="Attempt in progress">…</td>'
      : '<td class="num gb-none">–</td>';
  }
  if (g.provisional)
    return `<td class="num gb-pend" title="An essay is still to be marked">${fmt(g.score)}*</td>`;
  const tone = g.max > 0 && g.score >= g.max - 1e-9 ? "gb-full" : g.score > 0 ? "gb-part" : "gb-zero";
  return `<td class="num ${tone}">${fmt(g.score)}</td>`;
}

/**
 * One student's row as HTML. Built as a string, not JSX: a gradebook has thousands of cells and
 * this keeps it a fraction of a millisecond per hundred. Every text is escaped. `oob` turns the row
 * into a live patch that replaces the row with the same id.
 */
export function gradebookRowHtml(
  s: GradeStudent,
  problems: GradeProblem[],
  oob = false,
  assessments: readonly AssessmentColumn[] = [],
): string {
  let cells = "";
  for (const p of problems) {
    const c = s.cells.get(p.id);
    const best = c?.best ?? null;
    const text = best !== null ? fmt(best) : c?.pending ? "…" : "–";
    cells += `<td class="num ${cellClass(p, best, c?.pending ?? 0)}">${text}</td>`;
  }
  for (const a of assessments) cells += assessmentCellHtml(a, s.id);
  const attrs = oob ? ' hx-swap-oob="true" class="gb-updated"' : "";
  return (
    `<tr id="gb-${s.id}"${attrs}><th scope="row" class="gb-student">${esc(s.displayName)}` +
    `<span class="sub">${esc(s.username)}</span></th>${cells}` +
    `<td class="num">${s.solved}/${problems.length}</td><td class="num">${fmt(s.points)}</td>` +
    `<td class="num gb-grade">${pct(s.grade)}</td></tr>`
  );
}

/** The row as a live patch wrapped in a template, so the browser parses a lone <tr> correctly. */
export const GradebookRowPatch: FC<{
  student: GradeStudent;
  problems: GradeProblem[];
  assessments?: AssessmentColumn[];
}> = (p) => <template>{raw(gradebookRowHtml(p.student, p.problems, true, p.assessments))}</template>;

function sortHref(q: GradebookQuery, key: GradebookQuery["sort"]): string {
  const dir: SortDir =
    q.sort === key
      ? q.dir === "desc"
        ? "asc"
        : "desc"
      : key === "name" || key === "username"
        ? "asc"
        : "desc";
  const params = new URLSearchParams({ sort: key, dir });
  if (q.task) params.set("task", String(q.task));
  return `?${params}`;
}

const SortHeader: FC<{
  q: GradebookQuery;
  k: GradebookQuery["sort"];
  label: string;
  title?: string;
  class?: string;
}> = (p) => {
  const active = p.q.sort === p.k;
  return (
    <th
      scope="col"
      class={p.class}
      aria-sort={active ? (p.q.dir === "asc" ? "ascending" : "descending") : undefined}
    >
      <a href={sortHref(p.q, p.k)} title={p.title}>
        {p.label}
        {active ? <span aria-hidden="true">{p.q.dir === "asc" ? " ▲" : " ▼"}</span> : null}
      </a>
    </th>
  );
};

/** Problems grouped under their task, for the two-row header. */
function taskGroups(problems: GradeProblem[]): { title: string; span: number }[] {
  const groups: { taskId: number; title: string; span: number }[] = [];
  for (const p of problems) {
    const last = groups[groups.length - 1];
    if (last && last.taskId === p.taskId) last.span++;
    else groups.push({ taskId: p.taskId, title: p.taskTitle, span: 1 });
  }
  return groups;
}

export const GradebookTable: FC<{
  grades: SectionGrades;
  query: GradebookQuery;
  assessments?: AssessmentColumn[];
}> = ({ grades, query: q, assessments = [] }) => (
  <div class="table-wrap gb-wrap">
    <table class="gradebook">
      <caption class="sr-only">
        Best score per student and problem. Sorted by {q.sort === "grade" ? "grade" : q.sort},{" "}
        {q.dir === "asc" ? "ascending" : "descending"}.
      </caption>
      <thead>
        <tr class="gb-tasks">
          <td />
          {taskGroups(grades.problems).map((g) => (
            <th scope="colgroup" colspan={g.span}>
              {g.title}
            </th>
          ))}
          {assessments.length > 0 ? (
            <th scope="colgroup" colspan={assessments.length} class="gb-assessments">
              Quizzes and exams
            </th>
          ) : null}
          <td colspan={3} />
        </tr>
        <tr>
          <SortHeader q={q} k="name" label="Student" class="gb-student" />
          {grades.problems.map((p) => (
            <SortHeader
              q={q}
              k={`p${p.id}`}
              label={p.title}
              title={`${p.taskTitle}: ${p.title} (${p.maxPoints} points)`}
              class="num gb-problem"
            />
          ))}
          {assessments.map((a) => (
            <SortHeader
              q={q}
              k={`a${a.id}`}
              label={a.title}
              title={`${a.title}${a.max === null ? "" : ` (${fmt(a.max)} marks)`}, grade: ${methodLabel(a.method)}`}
              class="num gb-problem"
            />
          ))}
          <SortHeader q={q} k="solved" label="Solved" class="num" />
          <th scope="col" class="num">
            Points <span class="sub">of {fmt(grades.maxPoints)}</span>
          </th>
          <SortHeader q={q} k="grade" label="Grade" class="num" />
        </tr>
      </thead>
      <tbody id="gb-rows">
        {raw(grades.students.map((s) => gradebookRowHtml(s, grades.problems, false, assessments)).join(""))}
      </tbody>
    </table>
  </div>
);

export const GradebookPage: FC<GradebookProps> = (p) => {
  const { section, grades, query: q } = p;
  const exportHref = `/sections/${section.id}/gradebook/export${q.task ? `?task=${q.task}` : ""}`;
  return (
    <>
      <SectionCrumbs section={section} here="Gradebook" />
      <PageHeader
        title="Gradebook"
        subtitle={
          <>
            {grades.students.length} student{grades.students.length === 1 ? "" : "s"} ·{" "}
            {grades.problems.length} problem{grades.problems.length === 1 ? "" : "s"}
            {p.assessmentColumns?.length
              ? p.assessmentColumns.length === 1
                ? " · 1 quiz or exam"
                : ` · ${p.assessmentColumns.length} quizzes and exams`
              : ""}{" "}
            · class average{p.assessmentColumns?.length ? " on tasks" : ""} {pct(p.summary.mean)}
            <span class="live-dot" title="Updates live as grading finishes">
              live
            </span>
          </>
        }
        actions={
          <a class="btn btn-secondary" href={exportHref}>
            <Icon name="download" size={16} />
            Export
          </a>
        }
      />
      {p.remedialSwitch}
      <SectionNav section={section} current="gradebook" />
      <Card class="flush">
        <form method="get" class="toolbar">
          <SelectField
            label="Task"
            name="task"
            id="gb-task"
            first="All tasks"
            options={p.tasks.map((t) => ({ value: String(t.id), label: t.title }))}
            value={q.task?.toString()}
          />
          <input type="hidden" name="sort" value={q.sort} />
          <input type="hidden" name="dir" value={q.dir} />
          <button type="submit" class="btn btn-secondary">
            Show
          </button>
          <p class="gb-legend muted" aria-hidden="true">
            <span class="gb-full">full marks</span>
            <span class="gb-part">partial</span>
            <span class="gb-zero">0</span>
            <span class="gb-none">– not tried</span>
            <span class="gb-pend">… grading</span>
            {p.assessmentColumns?.length ? <span class="gb-pend">* essay to mark</span> : null}
          </p>
        </form>
        {grades.students.length === 0 ? (
          <EmptyState icon="users" title="No students yet">
            <p>
              Share the enrollment link or{" "}
              <a href={`/sections/${section.id}/students/import`}>import students</a>.
            </p>
          </EmptyState>
        ) : grades.problems.length === 0 && !p.assessmentColumns?.length ? (
          <EmptyState icon="book" title="No problems to grade yet">
            <p>Problems of published tasks appear here once their tasks have started.</p>
          </EmptyState>
        ) : (
          <GradebookTable grades={grades} query={q} assessments={p.assessmentColumns} />
        )}
      </Card>
      {p.assessments}
    </>
  );
};
