// One submission: its code and results, or a live "grading…" box that the SSE stream replaces.
import type { Child, FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Submission, Task } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import type { JobFile } from "../../../sandbox/index.ts";
import { Card, PageHeader } from "../../../ui/components.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import { SubmissionStatusBadge } from "./problem.tsx";

/** Shown while a submission waits or runs; replaced by the results when the "graded" event comes. */
export const GradingBox: FC<{ submissionId: number }> = ({ submissionId }) => (
  <div
    hx-ext="sse"
    sse-connect={`/submissions/${submissionId}/events`}
    sse-swap="graded"
    sse-close="done"
    hx-swap="outerHTML"
  >
    <p class="grading" role="status">
      <span class="spinner" aria-hidden="true" />
      Grading your submission… <a href={`/submissions/${submissionId}`}>open it</a>
    </p>
  </div>
);

export interface SubmissionPageProps {
  section: Section;
  task: Task;
  problem: Problem;
  submission: Submission;
  /** The student's own count of tries at this problem (ids stay in URLs only). */
  number: number;
  owner: string;
  /** The submitter's id, for their avatar. */
  ownerId?: number;
  results: Child;
  /** Teacher tools (override form), when the viewer teaches the section. */
  teacherTools?: Child;
  /** The risk breakdown and replay link (features/integrity), for teachers. */
  integrity?: Child;
  /** The code with teachers' line comments (src/features/community), shown instead of the plain files. */
  annotated?: Child;
}

export const SubmissionPage: FC<SubmissionPageProps> = (p) => {
  const files = JSON.parse(p.submission.files) as JobFile[];
  return (
    <>
      <p class="breadcrumb">
        <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
        <a href={`/tasks/${p.task.id}`}>{p.task.title}</a> /{" "}
        <a href={`/problems/${p.problem.id}`}>{p.problem.title}</a> / Submission {p.number}
      </p>
      <PageHeader
        title={`Submission ${p.number}`}
        subtitle={
          <>
            {p.ownerId ? <Avatar userId={p.ownerId} name={p.owner} /> : null} {p.owner} ·{" "}
            {formatDateTime(p.submission.submitted_at)} · <SubmissionStatusBadge s={p.submission} />
          </>
        }
      />
      <div class="solve">
        <div class="stack">
          {p.annotated ??
            files.map((f) => (
              <Card title={f.name === p.submission.main_file ? `${f.name} (main)` : f.name}>
                <pre class="code-view">{f.content}</pre>
              </Card>
            ))}
        </div>
        <div class="stack">
          <div class="results-box">{p.results}</div>
          {p.submission.override_score !== null ? (
            <Card title="Score set by the teacher">
              <p>
                <strong>{p.submission.override_score}</strong> / {p.submission.max_score}
              </p>
              {p.submission.override_comment ? (
                <p class="lead-text">{p.submission.override_comment}</p>
              ) : null}
            </Card>
          ) : null}
          {p.teacherTools}
          {p.integrity}
        </div>
      </div>
    </>
  );
};
