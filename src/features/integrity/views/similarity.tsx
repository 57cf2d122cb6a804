// The similarity page of a problem or a task: the run's status (live progress while it computes),
// pairs sorted by similarity above a threshold the slider sets, and clusters of students.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { SimilarityRun } from "../../../db/tables/integrity.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { asset } from "../../../http/static.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { Alert, Badge, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import type { Cluster, PairRow } from "../similarity/results.ts";

export const pct = (x: number) => `${Math.round(x * 100)}%`;

export interface SimilarityPageProps {
  section: Section;
  task: Task;
  /** The problem's title, or null for the whole task. */
  problemTitle: string | null;
  /** A task with several problems: each pair says which. */
  problemColumn: boolean;
  startUrl: string;
  pageUrl: string;
  run: SimilarityRun | null;
  current: boolean;
  min: number;
  pairs: PairRow[];
  totalPairs: number;
  clusters: Cluster[];
  includeHistory: boolean;
}

export const RunStatus: FC<{ run: SimilarityRun }> = ({ run }) => {
  if (run.status === "error") {
    return (
      <div data-run-finished>
        <Alert kind="error">{run.error ?? "The comparison failed."}</Alert>
      </div>
    );
  }
  if (run.status === "done") {
    return (
      <p class="muted" role="status" data-run-finished>
        Compared {run.submissions} submissions ({run.total} pairs) on{" "}
        {formatDateTime(run.finished_at ?? run.created_at)}.
      </p>
    );
  }
  const p = run.total === 0 ? 0 : Math.round((run.progress / run.total) * 100);
  return (
    <div class="regrade-status">
      <progress max={run.total || 1} value={run.progress} aria-label="Comparison progress">
        {p}%
      </progress>
      <p role="status">
        {run.status === "queued"
          ? "Waiting for another comparison to finish…"
          : `Comparing… ${run.progress} of ${run.total} pairs (${p}%).`}
      </p>
    </div>
  );
};

const StartForm: FC<{ p: SimilarityPageProps }> = ({ p }) => (
  <form method="post" action={p.startUrl} class="sim-start">
    <label class="check">
      <input type="checkbox" name="history" value="1" checked={p.includeHistory} />
      Also compare with earlier terms' copies of {p.problemTitle ? "this problem" : "these problems"}
    </label>
    <button type="submit" class="btn btn-primary">
      <Icon name="search" size={16} />
      {p.run ? "Check again" : "Check similarity"}
    </button>
  </form>
);

/** A bar in tenths (classes, since the CSP refuses style attributes): red from 75%, amber from 50%. */
const Meter: FC<{ value: number }> = ({ value }) => {
  const tone = value >= 0.75 ? "high" : value >= 0.5 ? "mid" : "low";
  return (
    <span class="sim-meter">
      <span class="sim-bar" aria-hidden="true">
        <span class={`sim-fill sim-fill-${Math.round(value * 10)} sim-${tone}`} />
      </span>
      <span>{pct(value)}</span>
    </span>
  );
};

const PairsTable: FC<{ p: SimilarityPageProps; runId: number }> = ({ p, runId }) => (
  <DataTable
    label="Pairs by similarity"
    class="sim-pairs"
    columns={[
      "Students",
      ...(p.problemColumn ? ["Problem"] : []),
      "Similarity",
      numCol("Tokens"),
      numCol("Structure"),
      numCol("Text"),
      numCol("Longest run"),
      hiddenCol("Compare"),
    ]}
  >
    {p.pairs.map((r) => (
      <tr>
        <td>
          {r.a_name} <span class="muted">and</span> {r.b_name}
          {r.historical ? <Badge tone="neutral">earlier term</Badge> : null}
        </td>
        {p.problemColumn ? <td>{r.problem_title}</td> : null}
        <td>
          <Meter value={r.similarity} />
        </td>
        <td class="num">{pct(r.jaccard)}</td>
        <td class="num">{pct(r.structure)}</td>
        <td class="num">{pct(r.text)}</td>
        <td class="num">{r.longest}</td>
        <td class="num">
          <a
            href={`/manage/integrity/runs/${runId}/pairs/${r.a_submission_id}/${r.b_submission_id}`}
            aria-label={`Side by side: ${r.a_name} and ${r.b_name}`}
          >
            Side by side
          </a>
        </td>
      </tr>
    ))}
  </DataTable>
);

const Clusters: FC<{ clusters: Cluster[] }> = ({ clusters }) =>
  clusters.length === 0 ? (
    <p class="muted pad">No students share code at this threshold.</p>
  ) : (
    <ul class="sim-clusters">
      {clusters.map((c) => (
        <li>
          <strong>
            {c.members.length} submissions, up to {pct(c.top)}
          </strong>
          <span class="muted"> · {c.problemTitle}</span>
          <p>
            {c.members.map((m, i) => (
              <>
                {i > 0 ? ", " : ""}
                <a href={`/submissions/${m.submissionId}`}>{m.name}</a>
                {m.historical ? " (earlier term)" : ""}
              </>
            ))}
          </p>
        </li>
      ))}
    </ul>
  );

/** The slider and everything it filters; htmx swaps this part alone when the slider moves. */
export const Results: FC<{ p: SimilarityPageProps; run: SimilarityRun }> = ({ p, run }) => (
  <div id="sim-results" class="stack">
    <form
      method="get"
      action={p.pageUrl}
      class="sim-threshold"
      hx-get={p.pageUrl}
      hx-trigger="input changed delay:250ms, submit"
      hx-select="#sim-results"
      hx-target="#sim-results"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      {p.includeHistory ? <input type="hidden" name="history" value="1" /> : null}
      <label for="sim-min">Show pairs from</label>
      <input
        id="sim-min"
        type="range"
        name="min"
        min={0}
        max={100}
        step={5}
        value={String(Math.round(p.min * 100))}
        data-sim-slider
      />
      <output for="sim-min" data-sim-output>
        {Math.round(p.min * 100)}%
      </output>
      <noscript>
        <button type="submit" class="btn btn-secondary btn-sm">
          Apply
        </button>
      </noscript>
    </form>
    <Card
      title={`Pairs (${p.totalPairs}${p.totalPairs > p.pairs.length ? `, the ${p.pairs.length} most similar shown` : ""})`}
      class="flush"
    >
      {p.pairs.length === 0 ? (
        <EmptyState icon="check" title="No pairs at this threshold">
          <p>Lower the threshold to see less similar pairs.</p>
        </EmptyState>
      ) : (
        <PairsTable p={p} runId={run.id} />
      )}
    </Card>
    <Card title="Clusters" class="flush">
      <Clusters clusters={p.clusters} />
    </Card>
  </div>
);

export const SimilarityPage: FC<SimilarityPageProps> = (p) => {
  const run = p.run;
  const live = run && (run.status === "queued" || run.status === "running");
  return (
    <>
      <p class="breadcrumb">
        <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
        <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> / Similarity
      </p>
      <PageHeader
        title={`Similarity · ${p.problemTitle ?? p.task.title}`}
        subtitle="The latest submission of every student, compared pairwise. Renamed variables, comments and whitespace do not hide a copy; the starter code is left out."
      />
      <div class="stack">
        <Card title="Comparison">
          {run ? (
            <div
              id="sim-status"
              hx-ext={live ? "sse" : undefined}
              sse-connect={live ? `/manage/integrity/runs/${run.id}/events` : undefined}
              sse-swap={live ? "progress" : undefined}
              sse-close={live ? "done" : undefined}
            >
              <RunStatus run={run} />
            </div>
          ) : (
            <p class="muted">Nothing compared yet.</p>
          )}
          {run && !p.current && !live ? (
            <Alert kind="info">Submissions changed since this comparison. Check again to include them.</Alert>
          ) : null}
          <StartForm p={p} />
        </Card>
        {run?.status === "done" ? <Results p={p} run={run} /> : null}
      </div>
      <script src={asset("dist/integrity.js")} defer />
    </>
  );
};
