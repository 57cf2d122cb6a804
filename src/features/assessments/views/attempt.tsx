// The student's side: the assessment's start page (rules, password, attempt history, practice), the
// attempt page by page with its countdown and autosave, and the review of a submitted attempt.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Assessment, AssessmentPart, Attempt } from "../../../db/tables/assessments.ts";
import { asset } from "../../../http/static.ts";
import { fmt, formatDateTime } from "../../../lib/format.ts";
import { SubmitButton } from "../../../ui/buttons.tsx";
import { Alert, Badge, Breadcrumb, Card, PageHeader } from "../../../ui/components.tsx";
import { Field } from "../../../ui/fields.tsx";
import { Prose } from "../../../ui/markdown-field.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import type { Grade } from "../grade-method.ts";
import type { Show } from "../review.ts";
import { type ItemView, QuestionCard } from "./question-view.tsx";

const METHOD: Record<string, string> = {
  highest: "your highest attempt counts",
  average: "the average of your attempts counts",
  first: "your first attempt counts",
  last: "your last attempt counts",
};

export function rulesLine(a: Assessment): string[] {
  const out: string[] = [];
  if (a.opens_at) out.push(`Opens ${formatDateTime(a.opens_at)}`);
  if (a.closes_at) out.push(`Closes ${formatDateTime(a.closes_at)}`);
  out.push(a.time_limit_s ? `Time limit ${Math.round(a.time_limit_s / 60)} min` : "No time limit");
  out.push(
    a.max_attempts
      ? `${a.max_attempts} attempt${a.max_attempts === 1 ? "" : "s"} allowed`
      : "Unlimited attempts",
  );
  return out;
}

const AttemptHistory: FC<{ attempts: Attempt[]; showMarks: (t: Attempt) => boolean }> = (p) => (
  <DataTable
    label="Your attempts"
    columns={["Attempt", "State", "Submitted", numCol("Marks"), { label: "Review", hidden: true }]}
  >
    {p.attempts.map((t) => (
      <tr>
        <td>
          {t.number}
          {t.practice ? (
            <>
              {" "}
              <Badge>practice</Badge>
            </>
          ) : null}
        </td>
        <td>
          {t.state === "open"
            ? "In progress"
            : t.auto_submitted
              ? "Submitted when time ran out"
              : "Submitted"}
        </td>
        <td>{t.submitted_at ? formatDateTime(t.submitted_at) : "–"}</td>
        <td class="num">
          {t.state === "open" || !p.showMarks(t)
            ? "–"
            : `${fmt(t.score ?? 0)} / ${fmt(t.max_score)}${t.pending_manual ? " (not final)" : ""}`}
        </td>
        <td>
          <a href={`/attempts/${t.id}${t.state === "open" ? "" : "/review"}`}>
            {t.state === "open" ? "Continue" : "Review"}
            <span class="sr-only"> attempt {t.number}</span>
          </a>
        </td>
      </tr>
    ))}
  </DataTable>
);

export const StartPage: FC<{
  section: Section;
  a: Assessment;
  attempts: Attempt[];
  canStart: { ok: true; practice: boolean } | { ok: false; why: string };
  grade: Grade | null;
  showGrade: boolean;
  showMarks: (t: Attempt) => boolean;
  error?: string;
}> = (p) => {
  const open = p.attempts.find((t) => t.state === "open");
  return (
    <>
      <Breadcrumb trail={sectionTrail(p.section)}>{p.a.title}</Breadcrumb>
      <PageHeader title={p.a.title} subtitle={rulesLine(p.a).join(" · ")} />
      {p.a.instructions ? <Prose source={p.a.instructions} class="lead-text" /> : null}
      {p.error ? <Alert kind="error">{p.error}</Alert> : null}
      <div class="grid grid-2 mb">
        <Card title={open ? "Your attempt is in progress" : "Take the assessment"}>
          {open ? (
            <a class="btn btn-primary" href={`/attempts/${open.id}`}>
              Continue attempt {open.number}
            </a>
          ) : p.canStart.ok ? (
            <form method="post" action={`/assessments/${p.a.id}/start`} class="stack">
              {p.canStart.practice ? (
                <p class="muted">
                  This assessment has closed. A practice attempt does not change your grade.
                </p>
              ) : (
                <p class="muted">Your grade: {METHOD[p.a.grading_method]}.</p>
              )}
              {p.a.password_enc && !p.canStart.practice ? (
                <Field label="Password" name="password" type="password" autocomplete="off" required />
              ) : null}
              <div class="actions">
                <SubmitButton icon="play">
                  {p.canStart.practice ? "Start a practice attempt" : "Start attempt"}
                </SubmitButton>
              </div>
            </form>
          ) : (
            <p class="muted">{p.canStart.why}</p>
          )}
        </Card>
        <Card title="Your grade">
          {p.grade && p.showGrade ? (
            <p class="stat">
              {fmt(p.grade.score)} / {fmt(p.grade.max)}
              {p.grade.provisional ? <span class="muted"> (an answer is still being marked)</span> : null}
            </p>
          ) : (
            <p class="muted">{p.grade ? "Marks are not shown yet." : "No attempt submitted yet."}</p>
          )}
        </Card>
      </div>
      {p.attempts.length > 0 ? (
        <Card title="Attempt history" class="flush">
          <AttemptHistory attempts={p.attempts} showMarks={p.showMarks} />
        </Card>
      ) : null}
    </>
  );
};

/** Items under the title and instructions of their part (when the assessment has several or explains one). */
const PartsOf: FC<{ parts: AssessmentPart[]; items: ItemView[]; render: (item: ItemView) => unknown }> = (
  p,
) => {
  const titled = p.parts.length > 1 || p.parts.some((x) => x.instructions);
  let current: number | null | undefined;
  return (
    <>
      {p.items.map((item) => {
        const head =
          titled && item.partId !== current ? p.parts.find((x) => x.id === item.partId) : undefined;
        current = item.partId;
        return (
          <>
            {head ? (
              <div class="part-head">
                <h2>{head.title}</h2>
                {head.instructions ? <Prose source={head.instructions} /> : null}
              </div>
            ) : null}
            {p.render(item)}
          </>
        );
      })}
    </>
  );
};

export interface AttemptPageProps {
  section: Section;
  a: Assessment;
  attempt: Attempt;
  parts: AssessmentPart[];
  items: ItemView[];
  page: number;
  pages: number;
  canGoBack: boolean;
  show: Record<Show, boolean> | null;
  now: number;
}

const Countdown: FC<{ deadline: number; now: number }> = (p) => (
  <div
    class="countdown"
    role="timer"
    aria-live="off"
    data-deadline={String(p.deadline)}
    data-now={String(p.now)}
  >
    <span class="muted">Time left</span> <strong data-countdown>{formatLeft(p.deadline - p.now)}</strong>
  </div>
);

export function formatLeft(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export const AttemptPage: FC<AttemptPageProps> = (p) => {
  const last = p.page >= p.pages - 1;
  return (
    <>
      <Breadcrumb trail={[...sectionTrail(p.section), [`/assessments/${p.a.id}`, p.a.title]]}>
        Attempt {p.attempt.number}
      </Breadcrumb>
      <div class="attempt-bar">
        <div>
          <h1>{p.a.title}</h1>
          <p class="muted">
            {p.pages > 1 ? `Page ${p.page + 1} of ${p.pages}` : `${p.items.length} questions`}
            {p.attempt.practice ? " · practice" : ""}
          </p>
        </div>
        {p.attempt.deadline_at ? <Countdown deadline={p.attempt.deadline_at} now={p.now} /> : null}
      </div>
      <form
        method="post"
        action={`/attempts/${p.attempt.id}/page`}
        class="attempt-form stack"
        data-autosave={`/attempts/${p.attempt.id}/save`}
        data-submit={`/attempts/${p.attempt.id}/submit`}
      >
        <input type="hidden" name="from" value={String(p.page)} />
        <PartsOf
          parts={p.parts}
          items={p.items}
          render={(item) => <QuestionCard item={item} disabled={false} show={p.show} />}
        />
        <div class="attempt-actions">
          <span class="save-state muted" role="status" aria-live="polite" data-save-state>
            Answers are saved as you go.
          </span>
          <div class="actions">
            {p.canGoBack && p.page > 0 ? (
              <button type="submit" name="go" value={String(p.page - 1)} class="btn btn-secondary">
                Previous page
              </button>
            ) : null}
            {last ? (
              <button
                type="submit"
                name="go"
                value="submit"
                class="btn btn-primary"
                data-confirm="Submit your answers? You cannot change them afterwards."
              >
                Submit answers
              </button>
            ) : (
              <button type="submit" name="go" value={String(p.page + 1)} class="btn btn-primary">
                Next page
              </button>
            )}
          </div>
        </div>
      </form>
      <script src={asset("dist/assessments.js")} defer />
    </>
  );
};

export const ReviewPage: FC<{
  section: Section;
  a: Assessment;
  attempt: Attempt;
  parts: AssessmentPart[];
  items: ItemView[];
  show: Record<Show, boolean>;
  studentName?: string;
}> = (p) => (
  <>
    <Breadcrumb trail={[...sectionTrail(p.section), [`/assessments/${p.a.id}`, p.a.title]]}>
      Review of attempt {p.attempt.number}
    </Breadcrumb>
    <PageHeader
      title={`${p.a.title}: attempt ${p.attempt.number}`}
      subtitle={[
        p.studentName,
        p.attempt.submitted_at ? `Submitted ${formatDateTime(p.attempt.submitted_at)}` : "In progress",
        p.attempt.auto_submitted ? "submitted when time ran out" : null,
        p.show.marks
          ? `${fmt(p.attempt.score ?? 0)} / ${fmt(p.attempt.max_score)}${p.attempt.pending_manual ? " (not final)" : ""}`
          : null,
      ]
        .filter(Boolean)
        .join(" · ")}
    />
    <div class="stack">
      <PartsOf
        parts={p.parts}
        items={p.items}
        render={(item) => <QuestionCard item={item} disabled={true} show={p.show} />}
      />
    </div>
  </>
);
