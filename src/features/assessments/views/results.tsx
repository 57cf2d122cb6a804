// The teacher's results of an assessment, in tabs: grades (highest first, ungraded after), the score
// distribution (uPlot, with its table), item analysis (facility, discrimination, answer frequencies)
// and manual grading of essays. The live stream swaps #results-live when attempts change.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Assessment } from "../../../db/tables/assessments.ts";
import { fmt, formatDateTime } from "../../../lib/format.ts";
import { LinkButton, SubmitButton } from "../../../ui/buttons.tsx";
import { Chart, ChartAssets } from "../../../ui/charts.tsx";
import { Badge, Breadcrumb, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import { qtypeLabel } from "../question.ts";
import type { AnalysedItem, GradeRow } from "../results.ts";
import { AssessmentTabs } from "./builder.tsx";
import { QuestionText } from "./question-view.tsx";

export type ResultsTab = "grades" | "distribution" | "items" | "grading";

const TABS: [ResultsTab, string][] = [
  ["grades", "Grades"],
  ["distribution", "Distribution"],
  ["items", "Item analysis"],
  ["grading", "Manual grading"],
];

export interface EssayRow {
  id: number;
  attempt_id: number;
  question_id: number;
  response: string | null;
  score: number | null;
  max_mark: number;
  teacher_feedback: string;
  fraction: number | null;
  question_name: string;
  body: string;
  body_format: number;
  display_name: string;
  number: number;
}

export interface ResultsData {
  rows: GradeRow[];
  bins: number[];
  items: AnalysedItem[];
  essays: EssayRow[];
  pendingEssays: number;
  essayQuestions: { id: number; name: string; pending: number }[];
  /** itemAttempts: the item analysis over all submitted attempts (the default) or first ones only. */
  filter: { questionId?: number; attemptId?: number; itemAttempts?: "all" | "first" };
  attemptsByUser: Map<number, { id: number; number: number; pending: number }[]>;
}

const GradeCell: FC<{ r: GradeRow }> = ({ r }) =>
  r.grade === null ? (
    <span class="muted">{r.open ? "in progress" : "–"}</span>
  ) : (
    <>
      {fmt(r.grade.score)} / {fmt(r.grade.max)}
      {r.grade.provisional ? (
        <>
          {" "}
          <Badge tone="warning">needs grading</Badge>
        </>
      ) : null}
    </>
  );

const Grades: FC<{ a: Assessment; d: ResultsData }> = ({ a, d }) => (
  <Card
    title={`Grades (${a.grading_method} attempt${a.grading_method === "average" ? "s" : ""})`}
    class="flush"
    actions={
      <div class="actions">
        <LinkButton href={`/assessments/${a.id}/export/csv`} small icon="download" download>
          CSV
        </LinkButton>
        <LinkButton href={`/assessments/${a.id}/export/xlsx`} small icon="download" download>
          XLSX
        </LinkButton>
      </div>
    }
  >
    {d.rows.length === 0 ? (
      <EmptyState icon="users" title="No students enrolled">
        Grades appear here as students submit.
      </EmptyState>
    ) : (
      <DataTable
        label="Grades"
        columns={[
          "Student",
          numCol("Attempts"),
          numCol("Grade"),
          numCol("%"),
          "Last submitted",
          { label: "Attempts", hidden: true },
        ]}
      >
        {d.rows.map((r) => (
          <tr>
            <td>{r.name}</td>
            <td class="num">{r.attempts}</td>
            <td class="num">
              <GradeCell r={r} />
            </td>
            <td class="num">
              {r.grade && r.grade.max > 0 ? `${fmt((r.grade.score / r.grade.max) * 100)}%` : "–"}
            </td>
            <td>{r.lastSubmitted ? formatDateTime(r.lastSubmitted) : "–"}</td>
            <td>
              {(d.attemptsByUser.get(r.userId) ?? []).map((t) => (
                <a href={`/attempts/${t.id}/review`} class="attempt-link">
                  #{t.number}
                  <span class="sr-only"> of {r.name}</span>
                </a>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
    )}
  </Card>
);

const Distribution: FC<{ d: ResultsData }> = ({ d }) => {
  const graded = d.bins.reduce((a, b) => a + b, 0);
  return (
    <Card>
      <Chart
        id="score-distribution"
        title="Score distribution"
        summary={
          graded === 0
            ? "No graded attempts yet."
            : `${graded} student${graded === 1 ? "" : "s"} with a grade, in bands of 10%.`
        }
        labelHeader="Grade band"
        spec={{
          kind: "bars",
          labels: d.bins.map((_, i) => (i === 9 ? "90–100%" : `${i * 10}–${i * 10 + 9}%`)),
          series: [{ label: "Students", values: d.bins, tone: "accent" }],
        }}
      />
    </Card>
  );
};

/** All attempts or first attempts only, as links so it works without scripts. */
const ItemAttemptsChoice: FC<{ a: Assessment; d: ResultsData }> = ({ a, d }) => {
  const current = d.filter.itemAttempts ?? "all";
  const choices = [
    ["all", "All attempts"],
    ["first", "First attempts only"],
  ] as const;
  return (
    <nav class="card-pad segmented" aria-label="Attempts analysed">
      {choices.map(([value, label]) => (
        <a
          href={`/assessments/${a.id}/results?tab=items${value === "first" ? "&attempts=first" : ""}`}
          aria-current={current === value ? "page" : undefined}
          class={`btn btn-sm ${current === value ? "btn-primary" : "btn-secondary"}`}
        >
          {label}
        </a>
      ))}
    </nav>
  );
};

const Items: FC<{ a: Assessment; d: ResultsData }> = ({ a, d }) =>
  d.items.length === 0 ? (
    <Card>
      <EmptyState icon="chart" title="No submitted attempts yet">
        Facility and discrimination appear once students submit.
      </EmptyState>
    </Card>
  ) : (
    <Card title="Item analysis" class="flush">
      <ItemAttemptsChoice a={a} d={d} />
      <p class="card-pad muted">
        Facility: the average share of the marks earned. Discrimination: how well the question separates
        strong from weak attempts (correlation with the rest of the score; below 20% is weak).
      </p>
      <DataTable
        label="Item analysis"
        columns={[
          "Question",
          "Type",
          numCol("Attempts"),
          numCol("Facility"),
          numCol("Discrimination"),
          "Answers given",
        ]}
      >
        {d.items.map((i) => (
          <tr>
            <td>
              <a href={`/questions/${i.questionId}`}>{i.name}</a>
            </td>
            <td>{qtypeLabel(i.qtype)}</td>
            <td class="num">{i.attempts}</td>
            <td class="num">{i.facility === null ? "–" : `${i.facility}%`}</td>
            <td class="num">
              {i.discrimination === null ? "–" : `${i.discrimination}%`}
              {i.discrimination !== null && i.discrimination < 20 ? (
                <>
                  {" "}
                  <Badge tone="warning">weak</Badge>
                </>
              ) : null}
            </td>
            <td>
              {i.qtype === "essay" ? (
                <span class="muted">
                  {i.frequencies.filter((f) => f.label !== "(no answer)").reduce((n, f) => n + f.count, 0)}{" "}
                  written answers (see Manual grading)
                </span>
              ) : (
                <ul class="freq-list">
                  {i.frequencies.slice(0, 6).map((f) => (
                    <li>
                      <span class="freq-label">{f.label}</span> <span class="muted">×{f.count}</span>
                    </li>
                  ))}
                  {i.frequencies.length > 6 ? (
                    <li class="muted">and {i.frequencies.length - 6} more</li>
                  ) : null}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );

const Grading: FC<{ a: Assessment; d: ResultsData; back: string }> = ({ a, d, back }) => (
  <div class="grid grid-2-1">
    <div class="stack">
      {d.essays.length === 0 ? (
        <Card>
          <EmptyState icon="check" title="Nothing to grade">
            Essay answers appear here after students submit.
          </EmptyState>
        </Card>
      ) : (
        d.essays.map((e) => {
          const text = e.response ? ((JSON.parse(e.response) as { text?: string }).text ?? "") : "";
          return (
            <Card title={`${e.display_name} · ${e.question_name} (attempt ${e.number})`}>
              <details>
                <summary>Question</summary>
                <QuestionText text={e.body} format={e.body_format} />
              </details>
              <div class="essay-response">{text ? text : <span class="muted">(no answer)</span>}</div>
              <form method="post" action={`/assessments/${a.id}/grading`} class="grade-form">
                <input type="hidden" name="item_id" value={String(e.id)} />
                <input type="hidden" name="back" value={back} />
                <div class="field">
                  <label for={`mark-${e.id}`}>Mark (out of {fmt(e.max_mark)})</label>
                  <input
                    id={`mark-${e.id}`}
                    type="text"
                    name="mark"
                    inputmode="decimal"
                    value={e.score === null ? "" : String(e.score)}
                    required
                  />
                </div>
                <div class="field grow">
                  <label for={`fb-${e.id}`}>Feedback</label>
                  <textarea id={`fb-${e.id}`} name="feedback" rows={2}>
                    {e.teacher_feedback}
                  </textarea>
                </div>
                <SubmitButton small>
                  Save mark<span class="sr-only"> for {e.display_name}</span>
                </SubmitButton>
                {e.fraction === null ? (
                  <Badge tone="warning">not marked</Badge>
                ) : (
                  <Badge tone="success">marked</Badge>
                )}
              </form>
            </Card>
          );
        })
      )}
    </div>
    <div class="stack">
      <Card title="By question">
        <ul class="plain-list">
          <li>
            <a href={`/assessments/${a.id}/results?tab=grading`}>All essays</a>
          </li>
          {d.essayQuestions.map((q) => (
            <li>
              <a href={`/assessments/${a.id}/results?tab=grading&question=${q.id}`}>{q.name}</a>{" "}
              <span class="muted">({q.pending} to mark)</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="By student">
        <ul class="plain-list">
          {d.rows
            .filter((r) => (d.attemptsByUser.get(r.userId) ?? []).some((t) => t.pending > 0))
            .map((r) =>
              (d.attemptsByUser.get(r.userId) ?? [])
                .filter((t) => t.pending > 0)
                .map((t) => (
                  <li>
                    <a href={`/assessments/${a.id}/results?tab=grading&attempt=${t.id}`}>
                      {r.name}, attempt {t.number}
                    </a>{" "}
                    <span class="muted">({t.pending})</span>
                  </li>
                )),
            )}
        </ul>
      </Card>
      <Card title="Regrade">
        <form method="post" action={`/assessments/${a.id}/regrade`} class="stack">
          <p class="hint">
            After fixing a question: every submitted attempt moves to its latest version and is graded again.
            Essay marks stay.
          </p>
          <SubmitButton tone="secondary">Regrade all attempts</SubmitButton>
        </form>
      </Card>
    </div>
  </div>
);

export const ResultsBody: FC<{ a: Assessment; tab: ResultsTab; d: ResultsData; back: string }> = ({
  a,
  tab,
  d,
  back,
}) => {
  const submitted = d.rows.filter((r) => r.grade !== null).length;
  const open = d.rows.filter((r) => r.open).length;
  return (
    <div id="results-live" hx-swap-oob="true">
      <div class="grid grid-stats mb">
        <div class="stat-card">
          <span class="muted">Submitted</span>
          <strong>
            {submitted} / {d.rows.length}
          </strong>
        </div>
        <div class="stat-card">
          <span class="muted">In progress</span>
          <strong>{open}</strong>
        </div>
        <div class="stat-card">
          <span class="muted">Essays to mark</span>
          <strong>{d.pendingEssays}</strong>
        </div>
      </div>
      {tab === "grades" ? <Grades a={a} d={d} /> : null}
      {tab === "distribution" ? <Distribution d={d} /> : null}
      {tab === "items" ? <Items a={a} d={d} /> : null}
      {tab === "grading" ? <Grading a={a} d={d} back={back} /> : null}
    </div>
  );
};

export const ResultsPage: FC<{
  section: Section;
  a: Assessment;
  tab: ResultsTab;
  d: ResultsData;
  back: string;
}> = (p) => (
  <>
    <Breadcrumb trail={[...sectionTrail(p.section), [`/assessments/${p.a.id}`, p.a.title]]}>
      Results
    </Breadcrumb>
    <PageHeader title={`Results: ${p.a.title}`} subtitle="Updates live as students start and submit." />
    <AssessmentTabs a={p.a} current="results" />
    <nav class="tabs tabs-sub" aria-label="Results">
      {TABS.map(([t, label]) => (
        <a href={`/assessments/${p.a.id}/results?tab=${t}`} aria-current={p.tab === t ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
    {p.tab === "distribution" ? <ChartAssets /> : null}
    <ResultsBody a={p.a} tab={p.tab} d={p.d} back={p.back} />
  </>
);
