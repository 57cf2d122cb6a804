// A student's problem page: statement, rules, the code editor with "Run tests" and "Submit",
// the latest result and the submission history.

import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Submission, Task } from "../../../db/tables/problems.ts";
import { asset } from "../../../http/static.ts";
import { formatDateTime, timeAgo } from "../../../lib/format.ts";
import type { ShownCode } from "../../../models/problem-draft.ts";
import { effectiveScore } from "../../../models/submission.ts";
import type { JobFile } from "../../../sandbox/index.ts";
import { Alert, Badge, Card, PageHeader, scoreTone } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { submissionUsageText } from "../../../ui/results.tsx";
import { TaskRules } from "../../../ui/student-task.tsx";
import { DataTable, hiddenCol } from "../../../ui/table.tsx";
import { GradeButtons, Workspace } from "../../../ui/workspace.tsx";
import { ProblemCommunity, TeacherCanSeeNotice } from "../../community/problem-slot.tsx";
import { VisualizeButton } from "../../visualizer/views/button.tsx";
import type { SubmissionRules } from "../submit.ts";

export interface StudentProblemProps {
  section: Section;
  task: Task;
  problem: Problem;
  statementHtml: string;
  files: JobFile[];
  mainFile: string;
  rules: SubmissionRules;
  history: Submission[];
  latest: Child;
  now: number;
  /** A teacher previewing the page: nothing is recorded. */
  preview?: boolean;
  nonce?: string;
  sandboxOff: boolean;
  /** Names the browser's copy of this student's draft. */
  userId: number;
  /** Which code the editor opens with: the draft, the last submission or the starter files. */
  shown: ShownCode;
  /** When the server's draft was saved (0: none). */
  draftSavedAt: number;
  /** AI help (src/features/ai/panel.tsx): analysis and tutor, or why they are not here. */
  aiPanel?: Child;
  /** The integrity notice and the recorder's settings (features/integrity), when the problem has any. */
  integrity?: Child;
  /** The hints card (src/features/hints), when the problem has hints. */
  hints?: Child;
  /** Teachers' line comments per submission id (src/features/community), for the history. */
  commentCounts?: Map<number, number>;
  /** The problem's visible tests: the only ones whose time and memory the history may show. */
  visibleTestIds?: ReadonlySet<number>;
}

/** The code files as plain form fields; the editor script upgrades them to CodeMirror. */
export const CodeFields: FC<{ files: JobFile[]; mainFile: string }> = ({ files, mainFile }) => (
  <div class="code-fields" data-code-editor>
    <input type="hidden" name="main" value={mainFile} />
    {files.map((f, i) => (
      <div class="code-file">
        <label for={`code-${i}`} class="code-file-name">
          {f.name}
          {f.name === mainFile ? <Badge tone="accent">main</Badge> : null}
        </label>
        <input type="hidden" name="names[]" value={f.name} />
        <textarea id={`code-${i}`} name="contents[]" class="code-area" spellcheck={false} rows={14}>
          {f.content}
        </textarea>
      </div>
    ))}
  </div>
);

export const SubmissionStatusBadge: FC<{ s: Submission }> = ({ s }) => {
  if (s.status === "queued" || s.status === "running") return <Badge tone="accent">grading…</Badge>;
  if (s.status === "error") return <Badge tone="danger">error</Badge>;
  const score = effectiveScore(s);
  return (
    <Badge tone={scoreTone(score, s.max_score)}>
      {score}/{s.max_score}
    </Badge>
  );
};

/** Refreshed by the page script after each submission (it re-reads #history from the page). */
const History: FC<{
  history: Submission[];
  max: number | null;
  comments?: Map<number, number>;
  visibleTests: ReadonlySet<number>;
}> = ({ history, max, comments, visibleTests }) => (
  <div id="history">
    <Card title={`Your submissions${max ? ` (${history.length} of ${max} used)` : ""}`} class="flush">
      {history.length === 0 ? (
        <p class="muted pad">No submissions yet.</p>
      ) : (
        <DataTable columns={["#", "Submitted", "Score", "Time · memory", hiddenCol("Open")]}>
          {history.map((s, i) => (
            <tr>
              <td>{history.length - i}</td>
              <td>
                {formatDateTime(s.submitted_at)}
                {s.late_penalty_pct > 0 ? <span class="sub">late: −{s.late_penalty_pct}%</span> : null}
              </td>
              <td>
                <SubmissionStatusBadge s={s} />
                {s.override_score !== null ? <span class="sub">set by your teacher</span> : null}
                {comments?.get(s.id) ? (
                  <span class="sub">
                    {comments.get(s.id) === 1 ? "1 comment" : `${comments.get(s.id)} comments`} from your
                    teacher
                  </span>
                ) : null}
              </td>
              <td class="muted">{submissionUsageText(s, visibleTests) ?? "–"}</td>
              <td class="num">
                <a href={`/submissions/${s.id}`}>View</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  </div>
);

/** What the editor shows, in words ("Draft saved 2 min ago, newer than your last submission"). */
export function shownCodeText(shown: ShownCode, now: number): string {
  if (shown.kind === "draft") {
    const saved = `Draft saved ${timeAgo(shown.savedAt, now)}`;
    return shown.submissions > 0
      ? `${saved}, newer than your last submission.`
      : `${saved}. Not submitted yet.`;
  }
  if (shown.kind === "submission") {
    return `Your submission ${shown.number}, from ${formatDateTime(shown.submittedAt)}. Changes are saved as a draft.`;
  }
  return "The starter code. Changes are saved as a draft as you type.";
}

/**
 * The line above the editor that says which version it shows. It also carries what the page script
 * needs to save drafts: where, under which key in this browser, and when the server's draft is from.
 */
const CodeVersion: FC<{ p: StudentProblemProps }> = ({ p }) => (
  <p
    id="code-version"
    class="code-version"
    data-draft-url={`/problems/${p.problem.id}/draft`}
    data-local-key={`slate-draft:${p.userId}:${p.problem.id}`}
    data-draft-saved-at={String(p.draftSavedAt)}
    data-submissions={String(p.history.length)}
    data-shown={p.shown.kind}
    data-age-ms={String(p.shown.kind === "draft" ? p.now - p.shown.savedAt : 0)}
  >
    <Icon
      name={p.shown.kind === "draft" ? "pencil" : p.shown.kind === "submission" ? "check" : "file"}
      size={16}
    />
    <span data-code-version-text>{shownCodeText(p.shown, p.now)}</span>
  </p>
);

export const StudentProblemPage: FC<StudentProblemProps> = (p) => {
  const closed = p.preview ? "This is a preview: nothing you run here is recorded." : p.rules.closedReason;
  const base = `/problems/${p.problem.id}`;
  return (
    <>
      <p class="breadcrumb">
        <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
        <a href={`/tasks/${p.task.id}`}>{p.task.title}</a> / {p.problem.title}
      </p>
      <PageHeader
        title={p.problem.title}
        subtitle={
          p.problem.kind === "function"
            ? `Write a function ${p.problem.function_name}(${(JSON.parse(p.problem.function_params) as string[]).join(", ")})`
            : "Read from input(), print the answer"
        }
      />
      <div class="solve-top mb">
        <Card>
          <div class="prose">{raw(p.statementHtml)}</div>
        </Card>
        <Card title="Rules">
          <TaskRules task={p.task} now={p.now} />
          <p class="muted mt">
            Time limit {p.problem.time_limit_ms / 1000} s per test, memory {p.problem.memory_mb} MB.
          </p>
        </Card>
      </div>
      <div class="stack">
        {p.hints}
        <Card title="Your code">
          {closed ? <Alert kind={p.preview ? "info" : "warning"}>{closed}</Alert> : null}
          {p.preview ? null : <CodeVersion p={p} />}
          {p.integrity}
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
            runDisabledReason={p.sandboxOff ? "Code execution is turned off on this server." : undefined}
            actions={
              <>
                <VisualizeButton problemId={p.problem.id} />
                <GradeButtons base={base} locked={closed !== null} />
              </>
            }
          />
          <p class="muted hint mt">
            Run starts your program with your own input; Run tests checks the visible tests and records
            nothing; Submit is graded on every test.
          </p>
          <TeacherCanSeeNotice preview={p.preview} />
          <noscript>
            <form method="post" action={`${base}/submit`} class="stack">
              <CodeFields files={p.files} mainFile={p.mainFile} />
              <div class="actions">
                <button type="submit" class="btn btn-secondary" formaction={`${base}/run-tests`}>
                  Run tests
                </button>
                <button type="submit" class="btn btn-primary" disabled={closed !== null}>
                  Submit
                </button>
              </div>
            </form>
          </noscript>
        </Card>
        <div id="results" class="results-box">
          {p.latest}
        </div>
        {p.aiPanel}
        {p.preview ? null : (
          <History
            history={p.history}
            max={p.rules.max}
            comments={p.commentCounts}
            visibleTests={p.visibleTestIds ?? new Set()}
          />
        )}
        <ProblemCommunity problemId={p.problem.id} sectionId={p.section.id} preview={p.preview} />
      </div>
      <script src={asset("dist/problem.js")} defer />
    </>
  );
};
