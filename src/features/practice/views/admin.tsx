// The admin's practice page: public registration and point ranges, and the list of catalog problems
// leading to each one's analytics (submissions, acceptance, run time and memory, active users).
import type { FC } from "hono/jsx";
import { pct } from "../../../lib/format.ts";
import { Chart, ChartAssets, type ChartSpec, dayLabel } from "../../../ui/charts.tsx";
import { Card, ListCard, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions } from "../../../ui/fields.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import type { Bucket, ProblemAnalytics } from "../analytics.ts";
import { acceptance, type CatalogEntry, type CatalogRow } from "../catalog.ts";
import { DIFFICULTIES, type PointRanges } from "../settings.ts";
import { DifficultyBadge, Stat } from "./parts.tsx";

export const AdminPage: FC<{ rows: CatalogRow[]; registration: boolean; ranges: PointRanges }> = (p) => (
  <>
    <PageHeader
      title="Practice settings"
      subtitle="Who may register, what problems are worth, how each one is doing."
    />
    <div class="grid grid-2">
      <Card title="Settings">
        <form method="post" action="/practice/admin/settings" class="stack">
          <CheckField
            name="registration"
            label="Anyone may register"
            checked={p.registration}
            hint="Opens /register to the public: hobbyists create their own account and practise without a section. Off by default."
          />
          <fieldset class="practice-ranges">
            <legend>Points by difficulty</legend>
            {DIFFICULTIES.map((d) => (
              <div class="range-row">
                <span>{d}</span>
                <Field
                  label={`${d}: lowest`}
                  name={`${d}Min`}
                  type="number"
                  min={0}
                  max={10000}
                  value={String(p.ranges[d].min)}
                />
                <Field
                  label={`${d}: highest`}
                  name={`${d}Max`}
                  type="number"
                  min={0}
                  max={10000}
                  value={String(p.ranges[d].max)}
                />
              </div>
            ))}
          </fieldset>
          <FormActions>Save settings</FormActions>
        </form>
      </Card>
      <ListCard
        title="Analytics per problem"
        items={p.rows}
        empty={<p class="muted pad">The catalog is empty.</p>}
      >
        <DataTable
          label="Catalog problems"
          columns={["Problem", "Difficulty", numCol("Graded"), numCol("Acceptance"), hiddenCol("Open")]}
        >
          {p.rows.map((r) => (
            <tr>
              <td>{r.title}</td>
              <td>
                <DifficultyBadge d={r.difficulty} />
              </td>
              <td class="num">{r.graded}</td>
              <td class="num">{pct(acceptance(r))}</td>
              <td class="num">
                <a href={`/practice/admin/problems/${r.id}`}>Analytics</a>
              </td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
    </div>
  </>
);

const bars = (buckets: Bucket[], label: string, tone: "accent" | "success"): ChartSpec => ({
  kind: "bars",
  labels: buckets.map((b) => b.label),
  series: [{ label, values: buckets.map((b) => b.count), tone }],
});

export const AnalyticsPage: FC<{ entry: CatalogEntry; stats: ProblemAnalytics }> = ({ entry, stats }) => {
  const rate = stats.graded === 0 ? null : Math.round((stats.accepted / stats.graded) * 100);
  return (
    <>
      <ChartAssets />
      <p class="breadcrumb">
        <a href="/practice/admin">Practice settings</a> / {entry.problem.title}
      </p>
      <PageHeader title={`Analytics · ${entry.problem.title}`} />
      <div class="practice-stats mb">
        <Stat label="submissions" value={stats.submissions} icon="upload" />
        <Stat label="acceptance" value={pct(rate)} icon="check" />
        <Stat label="people" value={stats.users} icon="users" />
      </div>
      <div class="grid grid-2 mb">
        <Card>
          <Chart
            id="run-time"
            title="Run time of accepted solutions"
            summary={
              stats.accepted === 0
                ? "No accepted solutions yet."
                : `${stats.accepted} accepted solution${stats.accepted === 1 ? "" : "s"} by total run time (all tests).`
            }
            spec={bars(stats.runTime, "Solutions", "accent")}
            labelHeader="Run time"
          />
        </Card>
        <Card>
          <Chart
            id="memory"
            title="Memory of accepted solutions"
            summary={stats.memory.length === 0 ? "No memory figures yet." : "Peak memory of the grading job."}
            spec={bars(stats.memory, "Solutions", "success")}
            labelHeader="Memory"
          />
        </Card>
      </div>
      <Card>
        <Chart
          id="active-users"
          title="Active users per day"
          summary={`People who submitted to this problem each day of the last ${stats.activeUsers.length} days.`}
          spec={{
            kind: "bars",
            labels: stats.activeUsers.map((d) => dayLabel(d.day)),
            series: [{ label: "Users", values: stats.activeUsers.map((d) => d.users), tone: "accent" }],
          }}
          labelHeader="Day"
        />
      </Card>
    </>
  );
};
