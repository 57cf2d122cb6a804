// The home page. Students: progress, deadlines, results, activity charts and a streak. Teachers and
// admins: their sections side by side with links into each class dashboard and gradebook.
import type { Child, FC } from "hono/jsx";
import type { SectionComparison } from "../../../analytics/comparison.ts";
import { round2 } from "../../../analytics/grades.ts";
import type { RecentResult, ScorePoint, StudentDay, TaskProgress } from "../../../analytics/student.ts";
import type { Section, User } from "../../../db/schema.ts";
import { fmt, formatDateTime, pct, timeAgo } from "../../../lib/format.ts";
import type { NotificationRow } from "../../../models/notification.ts";
import type { SectionSummary } from "../../../models/section.ts";
import { Chart, ChartAssets, dayLabel } from "../../../ui/charts.tsx";
import { Badge, Card, EmptyCard, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { NoticeItem } from "../../../ui/notice.tsx";
import { NotEnrolled, SectionGrid } from "../../../ui/section-list.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";

const shortFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const shortDate = (ms: number) => shortFmt.format(ms);

function activitySummary(days: StudentDay[]): string {
  const total = days.reduce((n, d) => n + d.submissions, 0);
  const active = days.filter((d) => d.submissions > 0).length;
  if (total === 0) return "No submissions in the last 30 days.";
  return `${total} submission${total === 1 ? "" : "s"} on ${active} day${active === 1 ? "" : "s"}.`;
}

const greeting = (user: User) => `Hello, ${user.display_name.split(/\s+/)[0]}`;

export interface StudentDashboardProps {
  user: User;
  sections: Section[];
  tasks: TaskProgress[];
  deadlines: TaskProgress[];
  recent: RecentResult[];
  /** The last 30 days, zeros filled in, for the charts. */
  chartDays: StudentDay[];
  /** The last graded submissions, oldest first. */
  trend: ScorePoint[];
  streak: number;
  notices: NotificationRow[];
  now: number;
  /** The practice card (points, streaks, heat map) of src/features/practice/home.tsx. */
  practice?: Child;
  /** Quizzes and exams (src/features/assessments/). */
  assessments?: Child;
}

const Stat: FC<{ label: string; value: string | number; icon?: "flame" | "check" | "chart" | "clock" }> = (
  p,
) => (
  <div class="card stat">
    <strong>
      {p.icon ? <Icon name={p.icon} size={20} class="stat-icon" /> : null}
      {p.value}
    </strong>
    <span>{p.label}</span>
  </div>
);

const ProgressMeter: FC<{ solved: number; total: number; label: string }> = ({ solved, total, label }) => (
  <div class="progress-cell">
    <meter min={0} max={total || 1} value={solved} aria-label={label} />
    <span>
      {solved}/{total}
    </span>
  </div>
);

function dueText(due: number, now: number): string {
  const hours = Math.round((due - now) / 3_600_000);
  if (hours < 1) return "due within the hour";
  if (hours < 48) return `due in ${hours} h`;
  return `due in ${Math.round(hours / 24)} days`;
}

const ResultBadge: FC<{ r: RecentResult }> = ({ r }) => {
  if (r.status === "queued" || r.status === "running") return <Badge tone="accent">grading…</Badge>;
  if (r.status === "error") return <Badge tone="danger">error</Badge>;
  const full = r.score !== null && r.maxScore !== null && r.maxScore > 0 && r.score >= r.maxScore;
  return (
    <Badge tone={full ? "success" : r.score ? "warning" : "danger"}>
      {fmt(r.score ?? 0)}/{fmt(r.maxScore ?? 0)}
    </Badge>
  );
};

export const StudentDashboard: FC<StudentDashboardProps> = (p) => {
  const solved = p.tasks.reduce((n, t) => n + t.solved, 0);
  const problems = p.tasks.reduce((n, t) => n + t.problems, 0);
  const points = p.tasks.reduce((n, t) => n + t.points, 0);
  const max = p.tasks.reduce((n, t) => n + t.maxPoints, 0);
  const last30 = p.chartDays;
  const week = p.chartDays.slice(-7).reduce((n, d) => n + d.submissions, 0);
  const trend = p.trend;
  const trendMean = trend.length === 0 ? null : trend.reduce((n, t) => n + t.pct, 0) / trend.length;
  return (
    <>
      <ChartAssets />
      <PageHeader title={greeting(p.user)} subtitle="Here is where you stand in your classes." />
      {p.practice}
      {p.sections.length === 0 ? (
        <NotEnrolled />
      ) : (
        <>
          <div class="grid grid-stats dash-stats mb">
            <Stat label={`of ${problems} problems solved`} value={solved} icon="check" />
            <Stat
              label="overall score"
              value={max > 0 ? `${fmt((points / max) * 100)}%` : "–"}
              icon="chart"
            />
            <Stat label={p.streak === 1 ? "day in a row" : "days in a row"} value={p.streak} icon="flame" />
            <Stat label="submissions this week" value={week} icon="clock" />
          </div>
          {p.assessments}
          <div class="grid grid-2 mb">
            <Card title="Upcoming deadlines">
              {p.deadlines.length === 0 ? (
                <p class="muted">Nothing due. A good moment to practise in the playground.</p>
              ) : (
                <ul class="deadlines">
                  {p.deadlines.map((t) => (
                    <li>
                      <a href={`/tasks/${t.taskId}`}>
                        <strong>{t.title}</strong>
                        <span class="muted">
                          {t.sectionName} · {formatDateTime(t.dueAt!)}
                        </span>
                      </a>
                      <span class="deadline-side">
                        <Badge tone={t.dueAt! - p.now < 2 * 86_400_000 ? "warning" : "neutral"}>
                          {dueText(t.dueAt!, p.now)}
                        </Badge>
                        <small class="muted">
                          {t.solved}/{t.problems} solved
                        </small>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card
              title="Announcements"
              class="notices-card"
              actions={
                <a class="btn btn-ghost btn-sm" href="/notifications">
                  All
                </a>
              }
            >
              <ul class="feed" id="home-notices">
                {p.notices.map((n) => (
                  <NoticeItem n={n} now={p.now} />
                ))}
              </ul>
              <p class="muted notices-empty">No announcements yet.</p>
            </Card>
          </div>
          <div class="grid grid-2 mb">
            <Card>
              <Chart
                id="chart-submissions"
                title="Your submissions, last 30 days"
                labelHeader="Day"
                summary={activitySummary(last30)}
                spec={{
                  kind: "bars",
                  labels: p.chartDays.map((d) => dayLabel(d.day)),
                  series: [
                    { label: "Submissions", values: p.chartDays.map((d) => d.submissions), tone: "accent" },
                  ],
                }}
              />
            </Card>
            <Card>
              <Chart
                id="chart-trend"
                title="Your score trend"
                labelHeader="Submission"
                summary={
                  trend.length === 0
                    ? "No graded submissions yet."
                    : `Your last ${trend.length} graded submission${trend.length === 1 ? "" : "s"}: average ${pct(trendMean)}, latest ${pct(trend[trend.length - 1]!.pct)}.`
                }
                spec={{
                  kind: "line",
                  labels: trend.map((t) => `${shortDate(t.submittedAt)} ${t.problemTitle}`),
                  yMax: 100,
                  ySuffix: "%",
                  series: [{ label: "Score", values: trend.map((t) => round2(t.pct)), tone: "success" }],
                }}
              />
            </Card>
          </div>
          <div class="grid grid-2 mb">
            <ListCard
              items={p.tasks}
              title="Progress by task"
              empty={
                <EmptyState icon="book" title="Nothing assigned yet">
                  <p>Your teachers' tasks will appear here.</p>
                </EmptyState>
              }
            >
              <DataTable label="Progress by task" columns={["Task", "Solved", numCol("Points")]}>
                {p.tasks.map((t) => (
                  <tr>
                    <th scope="row">
                      <a href={`/tasks/${t.taskId}`}>{t.title}</a>
                      <span class="sub">{t.sectionName}</span>
                    </th>
                    <td>
                      <ProgressMeter
                        solved={t.solved}
                        total={t.problems}
                        label={`${t.title}: ${t.solved} of ${t.problems} solved`}
                      />
                    </td>
                    <td class="num">
                      {fmt(t.points)} <span class="sub">of {fmt(t.maxPoints)}</span>
                    </td>
                  </tr>
                ))}
              </DataTable>
            </ListCard>
            <Card title="Recent results">
              {p.recent.length === 0 ? (
                <p class="muted">Submit a solution and its result shows up here.</p>
              ) : (
                <ul class="feed">
                  {p.recent.map((r) => (
                    <li>
                      <span class="feed-who">
                        <a href={`/submissions/${r.id}`}>{r.problemTitle}</a>
                        <span class="sub muted">{r.taskTitle}</span>
                      </span>
                      <span class="feed-what">
                        <ResultBadge r={r} />
                        <small class="muted">{timeAgo(r.submittedAt, p.now)}</small>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </>
      )}
      {p.sections.length > 0 ? (
        <>
          <h2 class="section-title">Your sections</h2>
          <SectionGrid sections={p.sections} />
        </>
      ) : null}
    </>
  );
};

export interface AdminCounts {
  admins: number;
  teachers: number;
  students: number;
  sections: number;
}

const Stats: FC<{ items: [string, number | string][] }> = ({ items }) => (
  <div class="grid grid-stats mb">
    {items.map(([label, n]) => (
      <div class="card stat">
        <strong>{n}</strong>
        <span>{label}</span>
      </div>
    ))}
  </div>
);

const AtAGlance: FC<{ rows: SectionComparison[] }> = ({ rows }) => (
  <Card title="Your classes at a glance" class="flush mb">
    <DataTable
      label="Your classes at a glance"
      columns={[
        "Section",
        numCol("Students"),
        numCol("Average grade"),
        numCol("Completion"),
        numCol("Active this week"),
        hiddenCol("Links"),
      ]}
    >
      {rows.map((r) => (
        <tr>
          <th scope="row">
            <a href={`/sections/${r.id}`}>{r.name}</a>
            {r.term ? <span class="sub">{r.term}</span> : null}
          </th>
          <td class="num">{r.students}</td>
          <td class="num">{pct(r.avgGrade)}</td>
          <td class="num">{fmt(r.completion)}%</td>
          <td class="num">{r.activeWeek}</td>
          <td>
            <div class="row-actions">
              <a class="btn btn-ghost btn-sm" href={`/sections/${r.id}/dashboard`}>
                Dashboard<span class="sr-only"> of {r.name}</span>
              </a>
              <a class="btn btn-ghost btn-sm" href={`/sections/${r.id}/gradebook`}>
                Gradebook<span class="sr-only"> of {r.name}</span>
              </a>
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  </Card>
);

export const TeacherDashboard: FC<{
  user: User;
  sections: SectionSummary[];
  comparison: SectionComparison[];
  counts?: AdminCounts;
}> = (p) => {
  const students = p.sections.reduce((n, s) => n + s.student_count, 0);
  const graded = p.comparison.filter((r) => r.avgGrade !== null);
  const active = p.comparison.reduce((n, r) => n + r.activeWeek, 0);
  return (
    <>
      <PageHeader
        title={greeting(p.user)}
        subtitle={p.counts ? "An overview of this Slate server." : "Your classes at a glance."}
        actions={
          <a class="btn btn-primary" href="/sections/new">
            <Icon name="plus" size={18} />
            New section
          </a>
        }
      />
      {p.counts ? (
        <Stats
          items={[
            ["Teachers", p.counts.teachers],
            ["Students", p.counts.students],
            ["Sections", p.counts.sections],
            ["Administrators", p.counts.admins],
          ]}
        />
      ) : (
        <Stats
          items={[
            ["Active sections", p.sections.length],
            ["Students", students],
            ["Active this week", active],
            [
              "Average grade",
              graded.length === 0 ? "–" : pct(graded.reduce((n, r) => n + r.avgGrade!, 0) / graded.length),
            ],
          ]}
        />
      )}
      {p.counts && p.counts.teachers === 0 ? (
        <Card class="mb" title="Next step: add your teachers">
          <p class="muted">Teachers create sections and share enrollment links with their students.</p>
          <a class="btn btn-primary" href="/admin/users/new">
            Create a teacher
          </a>
        </Card>
      ) : null}
      {p.comparison.length > 0 ? <AtAGlance rows={p.comparison} /> : null}
      <h2 class="section-title">{p.counts ? "All sections" : "Your sections"}</h2>
      <SectionGrid
        sections={p.sections}
        counts
        empty={
          <EmptyCard icon="book" title="No sections yet">
            <p>Create a section, then share its enrollment link with your students.</p>
          </EmptyCard>
        }
      />
    </>
  );
};
