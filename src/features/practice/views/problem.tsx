// A catalog problem: statement, the editor with "Run tests" and "Submit" (the problem page script of
// the sections, src/client/problem.ts, posts to this page's URLs), the latest result, the user's
// history and how often they submitted, the public ranking and the problem's discussion.
import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { Submission } from "../../../db/tables/problems.ts";
import { asset } from "../../../http/static.ts";
import { formatDateTime } from "../../../lib/format.ts";
import type { JobFile } from "../../../sandbox/index.ts";
import { Chart, ChartAssets, type ChartSpec, dayLabel } from "../../../ui/charts.tsx";
import { Alert, Badge, Card, ListCard, PageHeader, scoreTone } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import { GradeButtons, Workspace } from "../../../ui/workspace.tsx";
import type { CatalogEntry } from "../catalog.ts";
import type { RankRow } from "../ranking.ts";
import { DifficultyBadge, Tags } from "./parts.tsx";

export interface PracticeProblemProps {
  entry: CatalogEntry;
  statementHtml: string;
  files: JobFile[];
  mainFile: string;
  history: Submission[];
  latest: Child;
  ranking: RankRow[];
  viewerId: number;
  solvedAt: number | null;
  frequency: { day: string; submissions: number }[];
  nonce?: string;
  sandboxOff: boolean;
  staff: boolean;
}

/** Shown while a submission waits or runs; the stream replaces it with the result and the points. */
export const PracticeGradingBox: FC<{ submissionId: number }> = ({ submissionId }) => (
  <div
    hx-ext="sse"
    sse-connect={`/practice/submissions/${submissionId}/events`}
    sse-swap="graded"
    sse-close="done"
    hx-swap="outerHTML"
  >
    <p class="grading" role="status">
      <span class="spinner" aria-hidden="true" />
      Grading your submission… <a href={`/practice/submissions/${submissionId}`}>open it</a>
    </p>
  </div>
);

export const StatusBadge: FC<{ s: Submission }> = ({ s }) => {
  if (s.status === "queued" || s.status === "running") return <Badge tone="accent">grading…</Badge>;
  if (s.status === "error") return <Badge tone="danger">error</Badge>;
  const score = s.override_score ?? s.score;
  return (
    <Badge tone={scoreTone(score, s.max_score)}>
      {score}/{s.max_score}
    </Badge>
  );
};

const History: FC<{ history: Submission[] }> = ({ history }) => (
  <div id="history">
    <ListCard
      title="Your submissions"
      counted
      items={history}
      empty={<p class="muted pad">No submissions yet.</p>}
    >
      <DataTable columns={["#", "Submitted", "Score", hiddenCol("Open")]}>
        {history.map((s, i) => (
          <tr>
            <td>{history.length - i}</td>
            <td>{formatDateTime(s.submitted_at)}</td>
            <td>
              <StatusBadge s={s} />
            </td>
            <td class="num">
              <a href={`/practice/submissions/${s.id}`}>View</a>
            </td>
          </tr>
        ))}
      </DataTable>
    </ListCard>
  </div>
);

const memory = (kb: number | null) => (kb === null ? "–" : `${(kb / 1024).toFixed(1)} MB`);

/** The top of the ranking, plus the viewer's own row wherever it is. */
export const RANKING_SHOWN = 20;

export const Ranking: FC<{ rows: RankRow[]; viewerId: number }> = ({ rows: all, viewerId }) => {
  const rows = all.filter((r) => r.rank <= RANKING_SHOWN || r.userId === viewerId);
  return (
    <ListCard
      title="Ranking"
      items={rows}
      empty={<p class="muted pad">Nobody has solved this problem yet. Be the first.</p>}
    >
      <DataTable
        label="Ranking of accepted solutions"
        columns={["#", "Who", numCol("Run time"), numCol("Memory")]}
      >
        {rows.map((r) => (
          <tr
            class={r.userId === viewerId ? "me" : undefined}
            aria-current={r.userId === viewerId ? "true" : undefined}
          >
            <td>{r.rank}</td>
            <td>
              {r.userId === viewerId ? (
                <strong>You</strong>
              ) : (
                (r.name ?? <span class="muted">Anonymous</span>)
              )}
            </td>
            <td class="num">{r.ms} ms</td>
            <td class="num">{memory(r.memoryKb)}</td>
          </tr>
        ))}
      </DataTable>
      <p class="muted hint pad prose">
        Fastest accepted solution per person (sum of the tests' run times), then by memory. Names appear only
        for people who chose to show theirs on <a href="/practice/profile">their profile</a>.
        {all.length > rows.length ? ` ${all.length} people in all.` : ""}
      </p>
    </ListCard>
  );
};

function frequencySpec(days: PracticeProblemProps["frequency"]): ChartSpec {
  return {
    kind: "bars",
    labels: days.map((d) => dayLabel(d.day)),
    series: [{ label: "Submissions", values: days.map((d) => d.submissions), tone: "accent" }],
  };
}

/** The problem's discussion thread (src/features/community/discussion/), loaded after the page. */
const PracticeDiscussion: FC<{ problemId: number }> = ({ problemId }) => (
  <div id="discussion" hx-get={`/problems/${problemId}/discussion`} hx-trigger="load" hx-swap="outerHTML">
    <a href={`/problems/${problemId}/discussion`}>Open the discussion of this problem</a>
  </div>
);

export const PracticeProblemPage: FC<PracticeProblemProps> = (p) => {
  const base = `/practice/problems/${p.entry.problem.id}`;
  const total = p.frequency.reduce((n, d) => n + d.submissions, 0);
  return (
    <>
      <ChartAssets />
      <p class="breadcrumb">
        <a href="/practice">Practice</a> / {p.entry.problem.title}
      </p>
      <PageHeader
        title={p.entry.problem.title}
        subtitle={
          <span class="practice-meta">
            <DifficultyBadge d={p.entry.difficulty} /> <Badge tone="accent">{p.entry.points} points</Badge>{" "}
            <Tags tags={p.entry.tags} />
          </span>
        }
        actions={
          p.staff ? (
            <a class="btn btn-secondary" href={`${base}/edit`}>
              <Icon name="pencil" size={16} />
              Edit
            </a>
          ) : null
        }
      />
      {p.solvedAt ? (
        <Alert kind="success">
          Solved on {formatDateTime(p.solvedAt)}: its {p.entry.points} points are yours. Faster solutions
          still climb the ranking.
        </Alert>
      ) : null}
      <div class="solve-top mb">
        <Card>
          <div class="prose">{raw(p.statementHtml)}</div>
        </Card>
        <Ranking rows={p.ranking} viewerId={p.viewerId} />
      </div>
      <div class="stack">
        <Card title="Your code">
          <Workspace
            id="problem"
            files={p.files.map((f, i) => ({
              id: i,
              name: f.name,
              content: f.content,
              isMain: f.name === p.mainFile,
            }))}
            runUrl="/playground/runs"
            manageFiles
            nonce={p.nonce}
            draftKey={`slate-practice:${p.viewerId}:${p.entry.problem.id}`}
            runDisabledReason={p.sandboxOff ? "Code execution is turned off on this server." : undefined}
            actions={<GradeButtons base={base} />}
          />
          <p class="muted hint mt">
            Run tests checks the visible tests and records nothing; Submit is graded on every test. Full marks
            give the problem's points the first time.
          </p>
          <noscript>
            <form method="post" action={`${base}/submit`} class="stack">
              <input type="hidden" name="main" value={p.mainFile} />
              {p.files.map((f, i) => (
                <div class="code-file">
                  <label for={`code-${i}`} class="code-file-name">
                    {f.name}
                  </label>
                  <input type="hidden" name="names[]" value={f.name} />
                  <textarea id={`code-${i}`} name="contents[]" class="code-area" spellcheck={false} rows={14}>
                    {f.content}
                  </textarea>
                </div>
              ))}
              <div class="actions">
                <button type="submit" class="btn btn-primary">
                  Submit
                </button>
              </div>
            </form>
          </noscript>
        </Card>
        <div id="results" class="results-box">
          {p.latest}
        </div>
        <History history={p.history} />
        <Card title="How often you submitted">
          <Chart
            id="practice-frequency"
            title="Your submissions per day"
            summary={`${total} submission${total === 1 ? "" : "s"} to this problem in the last ${p.frequency.length} days.`}
            spec={frequencySpec(p.frequency)}
            labelHeader="Day"
            height={160}
          />
        </Card>
        <PracticeDiscussion problemId={p.entry.problem.id} />
      </div>
      <script src={asset("dist/problem.js")} defer />
    </>
  );
};
