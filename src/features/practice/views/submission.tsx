// One practice submission: its code and its result (or a live "grading…" box).
import type { Child, FC } from "hono/jsx";
import type { Submission } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import type { JobFile } from "../../../sandbox/index.ts";
import { Card, PageHeader } from "../../../ui/components.tsx";
import type { CatalogEntry } from "../catalog.ts";
import { StatusBadge } from "./problem.tsx";

export const PracticeSubmissionPage: FC<{ entry: CatalogEntry; submission: Submission; result: Child }> = (
  p,
) => {
  const files = JSON.parse(p.submission.files) as JobFile[];
  return (
    <>
      <p class="breadcrumb">
        <a href="/practice">Practice</a> /{" "}
        <a href={`/practice/problems/${p.entry.problem.id}`}>{p.entry.problem.title}</a> / Submission
      </p>
      <PageHeader
        title={`Submission · ${p.entry.problem.title}`}
        subtitle={
          <>
            {formatDateTime(p.submission.submitted_at)} <StatusBadge s={p.submission} />
          </>
        }
      />
      <div class="stack">
        <div id="results" class="results-box">
          {p.result}
        </div>
        {files.map((f) => (
          <Card title={f.name}>
            <pre class="code-view">
              <code>{f.content}</code>
            </pre>
          </Card>
        ))}
      </div>
    </>
  );
};
