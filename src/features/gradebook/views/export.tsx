// Choosing what to export: whole tasks and/or single problems, as CSV or XLSX. Nothing chosen means
// everything. A plain GET form: the download starts without any script.
import type { FC } from "hono/jsx";
import { type AssessmentColumn, methodLabel } from "../../../analytics/assessment-columns.ts";
import type { GradeProblem } from "../../../analytics/grades.ts";
import type { Section } from "../../../db/schema.ts";
import { Card, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { SectionCrumbs, SectionNav } from "../../../ui/section-nav.tsx";

export const ExportPage: FC<{
  section: Section;
  problems: GradeProblem[];
  students: number;
  checkedTask?: number;
  assessments?: AssessmentColumn[];
}> = ({ section, problems, students, checkedTask, assessments = [] }) => {
  const tasks: { id: number; title: string; problems: GradeProblem[] }[] = [];
  for (const p of problems) {
    const last = tasks[tasks.length - 1];
    if (last && last.id === p.taskId) last.problems.push(p);
    else tasks.push({ id: p.taskId, title: p.taskTitle, problems: [p] });
  }
  return (
    <>
      <SectionCrumbs section={section} here="Export" />
      <PageHeader
        title="Export the gradebook"
        subtitle={`${students} student${students === 1 ? "" : "s"}; one column per problem with each student's best score, then points and grade over what you choose.`}
      />
      <SectionNav section={section} current="gradebook" />
      <Card>
        <form method="get" action={`/sections/${section.id}/gradebook/download`} class="stack">
          {tasks.length === 0 && assessments.length === 0 ? (
            <p class="muted">There are no problems to export yet.</p>
          ) : (
            <fieldset class="export-choice">
              <legend>What to include (nothing ticked: everything)</legend>
              {tasks.map((t) => (
                <div class="export-task">
                  <label class="check">
                    <input type="checkbox" name="task" value={String(t.id)} checked={checkedTask === t.id} />
                    <strong>{t.title}</strong>{" "}
                    <span class="muted">
                      ({t.problems.length === 1 ? "its one problem" : `all ${t.problems.length} problems`})
                    </span>
                  </label>
                  <ul>
                    {t.problems.map((p) => (
                      <li>
                        <label class="check">
                          <input type="checkbox" name="problem" value={String(p.id)} />
                          {p.title} <span class="muted">({p.maxPoints} points)</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
              {assessments.length > 0 ? (
                <div class="export-task">
                  <strong>Quizzes and exams</strong>
                  <ul>
                    {assessments.map((a) => (
                      <li>
                        <label class="check">
                          <input type="checkbox" name="assessment" value={String(a.id)} />
                          {a.title} <span class="muted">(grade: {methodLabel(a.method)})</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </fieldset>
          )}
          <div class="actions">
            <button type="submit" name="format" value="csv" class="btn btn-primary">
              <Icon name="download" size={16} />
              Download CSV
            </button>
            <button type="submit" name="format" value="xlsx" class="btn btn-secondary">
              <Icon name="download" size={16} />
              Download Excel (XLSX)
            </button>
          </div>
          <p class="hint">
            CSV cells that a spreadsheet could read as a formula (starting with =, +, −, @) are prefixed with
            a quote, so opening the file cannot run anything.
          </p>
        </form>
      </Card>
    </>
  );
};
