// A teacher's class dashboard: who is online, results as they are graded, students at risk with
// the reason, charts of grades, completion and activity (each with a table), the tests that fail
// most, the roster with progress and a comparison with the teacher's other sections. The presence
// card, the results feed and roster rows update live (src/routes/class-dashboard.tsx).
import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { SectionComparison } from "../../../analytics/comparison.ts";
import {
  type GradeProblem,
  type GradeStudent,
  round2,
  type SectionGrades,
} from "../../../analytics/grades.ts";
import type {
  AtRiskRules,
  AtRiskStudent,
  DayActivity,
  FailingTest,
  FeedItem,
  GradeBin,
  GradeSummary,
  ProblemCompletion,
} from "../../../analytics/insights.ts";
import type { Section } from "../../../db/schema.ts";
import { fmt, pct, timeAgo } from "../../../lib/format.ts";
import { Chart, ChartAssets, dayLabel } from "../../../ui/charts.tsx";
import { Badge, Card, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { escapeHtml as esc } from "../../../ui/html.ts";
import { Icon } from "../../../ui/icons.tsx";
import { initials } from "../../../ui/layout.tsx";
import { SectionCrumbs, SectionNav } from "../../../ui/section-nav.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";

export interface ClassDashboardProps {
  section: Section;
  grades: SectionGrades;
  summary: GradeSummary;
  completion: ProblemCompletion[];
  bins: GradeBin[];
  atRisk: AtRiskStudent[];
  rules: AtRiskRules;
  /** Show every student at risk, not only the first AT_RISK_SHOWN. */
  allAtRisk: boolean;
  failing: FailingTest[];
  activity: DayActivity[];
  feed: FeedItem[];
  comparison: SectionComparison[];
  online: GradeStudent[];
  now: number;
  /** Quizzes and exams (src/features/assessments/). */
  assessments?: Child;
  /** Include or leave out remedial work (src/features/targeting). */
  remedialSwitch?: Child;
  /** Who used hints (src/features/hints). */
  hints?: Child;
  /** Lesson completion (src/features/lessons/). */
  lessons?: Child;
}

const Stat: FC<{ label: string; value: string | number; id?: string }> = (p) => (
  <div class="card stat" id={p.id}>
    <strong>{p.value}</strong>
    <span>{p.label}</span>
  </div>
);

/** Who is online now; replaced as a whole by live presence updates. */
export const PresenceCard: FC<{
  online: { id: number; displayName: string }[];
  total: number;
  oob?: boolean;
}> = (p) => (
  <section class="card presence" id="presence" hx-swap-oob={p.oob ? "true" : undefined} aria-live="polite">
    <div class="card-head">
      <h2>Online now</h2>
      <Badge tone={p.online.length > 0 ? "success" : "neutral"}>
        {p.online.length} of {p.total}
      </Badge>
    </div>
    {p.online.length === 0 ? (
      <p class="muted">No student has Slate open right now.</p>
    ) : (
      <ul class="people">
        {p.online.map((s) => (
          <li>
            <span class="avatar" aria-hidden="true">
              {initials(s.displayName)}
              <span class="online-dot" />
            </span>
            {s.displayName}
          </li>
        ))}
      </ul>
    )}
  </section>
);

export const FeedRow: FC<{ item: FeedItem; now: number; oob?: boolean }> = ({ item, now, oob }) => {
  const pending = item.status === "queued" || item.status === "running";
  const full =
    item.score !== null && item.maxScore !== null && item.maxScore > 0 && item.score >= item.maxScore;
  return (
    <li id={`feed-${item.id}`} hx-swap-oob={oob ? "true" : undefined} class={oob ? "gb-updated" : undefined}>
      <span class="feed-who">
        <strong>{item.displayName}</strong> <span class="muted">on</span>{" "}
        <a href={`/submissions/${item.id}`}>{item.problemTitle}</a>
      </span>
      <span class="feed-what">
        {pending ? (
          <Badge tone="accent">grading…</Badge>
        ) : item.status === "error" ? (
          <Badge tone="danger">error</Badge>
        ) : (
          <Badge tone={full ? "success" : item.score ? "warning" : "danger"}>
            {fmt(item.score ?? 0)}/{fmt(item.maxScore ?? 0)}
          </Badge>
        )}
        <small class="muted">{timeAgo(item.gradedAt ?? item.submittedAt, now)}</small>
      </span>
    </li>
  );
};

/** A graded submission arriving live: the old row for it (if shown) is replaced, or it goes on top. */
export const FeedPatch: FC<{ item: FeedItem; now: number; replace: boolean }> = ({ item, now, replace }) => (
  <template>
    {replace ? (
      <FeedRow item={item} now={now} oob />
    ) : (
      <ul hx-swap-oob="afterbegin:#feed">
        <FeedRow item={item} now={now} />
      </ul>
    )}
  </template>
);

const Feed: FC<{ feed: FeedItem[]; now: number }> = ({ feed, now }) => (
  <Card title="Latest submissions">
    {feed.length === 0 ? <p class="muted">Submissions appear here the moment they are graded.</p> : null}
    <ul class="feed" id="feed">
      {feed.map((item) => (
        <FeedRow item={item} now={now} />
      ))}
    </ul>
  </Card>
);

/** At most this many at-risk students unless the teacher asks for all. */
export const AT_RISK_SHOWN = 12;

const AtRisk: FC<{ section: Section; atRisk: AtRiskStudent[]; rules: AtRiskRules; all: boolean }> = (p) => (
  <Card title={`Students at risk (${p.atRisk.length})`} class="flush at-risk">
    <form method="get" class="toolbar">
      <div class="field">
        <label for="r-inactive">Inactive for (days)</label>
        <input
          id="r-inactive"
          type="number"
          name="inactive"
          min="1"
          max="365"
          value={String(p.rules.inactiveDays)}
        />
      </div>
      <div class="field">
        <label for="r-low">Low score below (%)</label>
        <input id="r-low" type="number" name="low" min="1" max="100" value={String(p.rules.lowScorePct)} />
      </div>
      <button type="submit" class="btn btn-secondary">
        Apply
      </button>
    </form>
    {p.atRisk.length === 0 ? (
      <EmptyState icon="check" title="No one at risk">
        <p>Everyone is active, scoring and solving by these rules.</p>
      </EmptyState>
    ) : (
      <ul class="risk-list">
        {(p.all ? p.atRisk : p.atRisk.slice(0, AT_RISK_SHOWN)).map((r) => (
          <li>
            <span class="avatar" aria-hidden="true">
              {initials(r.student.displayName)}
            </span>
            <div>
              <strong>{r.student.displayName}</strong> <span class="muted">{r.student.username}</span>
              <ul class="reasons">
                {r.reasons.map((reason) => (
                  <li class={`reason reason-${reason.rule}`}>
                    <Icon name={reason.rule === "inactive" ? "clock" : "alert"} size={14} />
                    {reason.text}
                  </li>
                ))}
              </ul>
            </div>
            <a
              class="btn btn-ghost btn-sm"
              href={`/sections/${p.section.id}/gradebook?sort=name&dir=asc#gb-${r.student.id}`}
            >
              Grades<span class="sr-only"> of {r.student.displayName}</span>
            </a>
          </li>
        ))}
        {!p.all && p.atRisk.length > AT_RISK_SHOWN ? (
          <li class="risk-more">
            <a
              href={`/sections/${p.section.id}/dashboard?inactive=${p.rules.inactiveDays}&low=${p.rules.lowScorePct}&risk=all#at-risk`}
            >
              Show all {p.atRisk.length} students at risk
            </a>
          </li>
        ) : null}
      </ul>
    )}
  </Card>
);

const Failing: FC<{ failing: FailingTest[] }> = ({ failing }) => (
  <ListCard
    items={failing}
    title="Tests that fail most often"
    empty={
      <EmptyState icon="check" title="No failing tests">
        <p>Every graded test has passed so far.</p>
      </EmptyState>
    }
  >
    <DataTable
      label="Tests that fail most often"
      columns={["Test", "Problem", numCol("Failures"), numCol("Students"), "How it failed"]}
    >
      {failing.map((t) => (
        <tr>
          <td>
            <code>{t.testName}</code> {t.hidden ? <Badge>hidden</Badge> : null}
          </td>
          <td>{t.problemTitle}</td>
          <td class="num">
            {t.failures} <span class="sub">of {t.runs} runs</span>
          </td>
          <td class="num">{t.students}</td>
          <td class="muted">
            {[
              t.wrong ? `${t.wrong} wrong output` : "",
              t.crashed ? `${t.crashed} crashed` : "",
              t.timedOut ? `${t.timedOut} too slow` : "",
            ]
              .filter(Boolean)
              .join(", ")}
          </td>
        </tr>
      ))}
    </DataTable>
  </ListCard>
);

/**
 * One roster row as HTML (a string: a class has many rows, and this page is asked for often); all
 * text escaped. `oob` makes it a live patch replacing the row with the same id.
 */
export function rosterRowHtml(s: GradeStudent, problems: GradeProblem[], now: number, oob = false): string {
  const total = problems.length;
  const label = esc(`${s.displayName}: ${s.solved} of ${total} solved`);
  const last = s.lastSubmissionAt ? timeAgo(s.lastSubmissionAt, now) : "never";
  return (
    `<tr id="roster-${s.id}"${oob ? ' hx-swap-oob="true" class="gb-updated"' : ""}>` +
    `<th scope="row">${esc(s.displayName)}<span class="sub">${esc(s.username)}</span></th>` +
    `<td><div class="progress-cell"><meter min="0" max="${total || 1}" value="${s.solved}" aria-label="${label}"></meter>` +
    `<span>${s.solved}/${total}</span></div></td>` +
    `<td class="num">${fmt(s.points)} <span class="sub">of ${fmt(s.maxPoints)}</span></td>` +
    `<td class="num">${pct(s.grade)}</td><td class="muted">${last}</td></tr>`
  );
}

const Roster: FC<{ grades: SectionGrades; now: number }> = ({ grades, now }) => (
  <ListCard
    items={grades.students}
    title="Roster and progress"
    counted
    empty={
      <EmptyState icon="users" title="No students yet">
        <p>Students appear here as they join.</p>
      </EmptyState>
    }
  >
    <DataTable
      label="Roster and progress"
      columns={["Student", "Solved", numCol("Points"), numCol("Grade"), "Last submission"]}
    >
      {raw(grades.students.map((s) => rosterRowHtml(s, grades.problems, now)).join(""))}
    </DataTable>
  </ListCard>
);

const Comparison: FC<{ rows: SectionComparison[]; current: number }> = ({ rows, current }) => (
  <Card title="Your sections side by side" class="flush">
    {rows.length > 1 ? (
      <div class="pad">
        <Chart
          id="chart-compare"
          title="Average grade and completion per section"
          labelHeader="Section"
          summary={rows
            .map((r) => `${r.name}: average ${pct(r.avgGrade)}, ${fmt(r.completion)}% of problems solved`)
            .join("; ")}
          spec={{
            kind: "bars",
            labels: rows.map((r) => r.name),
            yMax: 100,
            ySuffix: "%",
            series: [
              {
                label: "Average grade",
                values: rows.map((r) => (r.avgGrade === null ? null : round2(r.avgGrade))),
                tone: "accent",
              },
              { label: "Completion", values: rows.map((r) => r.completion), tone: "success", kind: "line" },
            ],
          }}
        />
      </div>
    ) : null}
    <DataTable
      label="Sections side by side"
      columns={[
        "Section",
        numCol("Students"),
        numCol("Problems"),
        numCol("Average grade"),
        numCol("Completion"),
        numCol("Active this week"),
      ]}
    >
      {rows.map((r) => (
        <tr class={r.id === current ? "own-row" : undefined}>
          <th scope="row">
            <a href={`/sections/${r.id}/dashboard`}>{r.name}</a>
            {r.id === current ? (
              <span class="sub">this section</span>
            ) : r.term ? (
              <span class="sub">{r.term}</span>
            ) : null}
          </th>
          <td class="num">{r.students}</td>
          <td class="num">{r.problems}</td>
          <td class="num">{pct(r.avgGrade)}</td>
          <td class="num">{fmt(r.completion)}%</td>
          <td class="num">{r.activeWeek}</td>
        </tr>
      ))}
    </DataTable>
  </Card>
);

export const ClassDashboardPage: FC<ClassDashboardProps> = (p) => {
  const { section, grades } = p;
  const week = p.activity.slice(-7).reduce((n, d) => n + d.submissions, 0);
  const busiest = [...p.activity].sort((a, b) => b.submissions - a.submissions)[0];
  const hardest = [...p.completion].sort((a, b) => a.solvedPct - b.solvedPct)[0];
  return (
    <>
      <ChartAssets />
      <SectionCrumbs section={section} here="Class dashboard" />
      <PageHeader
        title="Class dashboard"
        subtitle={
          <>
            {section.name}
            {section.term ? ` · ${section.term}` : ""}
            <span class="live-dot" title="Updates live">
              live
            </span>
          </>
        }
        actions={
          <>
            <a class="btn btn-secondary" href={`/sections/${section.id}/announcements`}>
              <Icon name="megaphone" size={16} />
              Announce
            </a>
            <a class="btn btn-primary" href={`/sections/${section.id}/gradebook`}>
              <Icon name="grid" size={16} />
              Gradebook
            </a>
          </>
        }
      />
      {p.remedialSwitch}
      <SectionNav section={section} current="dashboard" />
      <div class="grid grid-stats dash-stats mb">
        <Stat label="Students" value={grades.students.length} />
        <Stat label="Average grade" value={pct(p.summary.mean)} />
        <Stat label="Median grade" value={pct(p.summary.median)} />
        <Stat label="Problems open" value={grades.problems.length} />
        <Stat label="Submissions, last 7 days" value={week} />
        <Stat label="At risk" value={p.atRisk.length} />
      </div>
      <div class="grid grid-2 mb">
        <PresenceCard online={p.online} total={grades.students.length} />
        <Feed feed={p.feed} now={p.now} />
      </div>
      {p.hints}
      {p.assessments}
      {p.lessons}
      <div class="mb" id="at-risk">
        <AtRisk section={section} atRisk={p.atRisk} rules={p.rules} all={p.allAtRisk} />
      </div>
      <div class="grid grid-2 mb">
        <Card>
          <Chart
            id="chart-grades"
            title="Grade distribution"
            labelHeader="Grade"
            summary={
              p.summary.graded === 0
                ? "No grades yet."
                : `${p.summary.graded} students with grades; mean ${pct(p.summary.mean)}, median ${pct(p.summary.median)}.`
            }
            spec={{
              kind: "bars",
              labels: p.bins.map((b) => `${b.from}–${b.to}%`),
              series: [{ label: "Students", values: p.bins.map((b) => b.count), tone: "accent" }],
            }}
          />
        </Card>
        <Card>
          <Chart
            id="chart-completion"
            title="Completion per problem"
            labelHeader="Problem"
            summary={
              hardest
                ? `Least solved: ${hardest.problem.title} (${fmt(hardest.solvedPct)}% of students).`
                : "No problems yet."
            }
            spec={{
              kind: "bars",
              labels: p.completion.map((c) => c.problem.title),
              yMax: 100,
              ySuffix: "%",
              series: [
                { label: "Solved", values: p.completion.map((c) => c.solvedPct), tone: "success" },
                {
                  label: "Tried",
                  values: p.completion.map((c) => c.attemptedPct),
                  tone: "accent",
                  kind: "line",
                },
              ],
            }}
          />
        </Card>
      </div>
      <Card class="mb">
        <Chart
          id="chart-activity"
          title="Activity, last 30 days"
          labelHeader="Day"
          height={180}
          summary={
            busiest && busiest.submissions > 0
              ? `${p.activity.reduce((n, d) => n + d.submissions, 0)} submissions; busiest day ${dayLabel(busiest.day)} with ${busiest.submissions}.`
              : "No submissions in the last 30 days."
          }
          spec={{
            kind: "bars",
            labels: p.activity.map((d) => dayLabel(d.day)),
            series: [
              { label: "Submissions", values: p.activity.map((d) => d.submissions), tone: "accent" },
              {
                label: "Students",
                values: p.activity.map((d) => d.students || null),
                tone: "success",
                kind: "line",
              },
            ],
          }}
        />
      </Card>
      <div class="mb">
        <Failing failing={p.failing} />
      </div>
      <div class="mb">
        <Roster grades={grades} now={p.now} />
      </div>
      <Comparison rows={p.comparison} current={section.id} />
    </>
  );
};
