// What other features render of integrity, each from one line in their page: the recording notice and
// the recorder's settings on the problem page, the settings card in the problem editor, the risk
// breakdown on a submission, and the risk column and filter of the submissions table.
import type { FC } from "hono/jsx";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/connection.ts";
import type { Problem, Submission, Task } from "../../db/tables/problems.ts";
import { Alert } from "../../ui/components.tsx";
import { hasRecording } from "./recording.ts";
import { type StoredRisk, selectRisk, selectRisks } from "./risk-store.ts";
import { type ProblemIntegrity, selectIntegritySettings } from "./settings.ts";
import { issueSessionToken } from "./token.ts";
import { RiskBadge, RiskBreakdown } from "./views/risk.tsx";
import { IntegritySettingsCard } from "./views/settings.tsx";

export { attachRecording } from "./recording.ts";
export { selectRisks };

const EditorHook: FC<{ problemId: number; settings: ProblemIntegrity; token: string | null }> = (p) => {
  const { paste, recording } = p.settings;
  if (paste === "allowed" && !recording) return null;
  const base = `/problems/${p.problemId}/integrity`;
  const what = [
    recording
      ? "Your teacher records how you write your code in this problem (typing, pastes, leaving the page, runs and submissions) and can replay it."
      : null,
    paste === "blocked"
      ? "Copy and paste, drag and drop and file upload are turned off in this editor."
      : null,
  ].filter(Boolean);
  return (
    <div
      id="integrity-editor"
      data-paste={paste}
      data-recording={recording ? "on" : "off"}
      data-token={p.token ?? undefined}
      data-batch-url={`${base}/batches`}
      data-session-url={`${base}/sessions`}
    >
      <Alert kind="info">{what.join(" ")}</Alert>
    </div>
  );
};

/** The problem page's notice and recorder settings (nothing for a teacher's preview). */
export async function editorIntegrity(ctx: AppContext, problem: Problem, userId: number, preview: boolean) {
  if (preview) return null;
  const settings = await selectIntegritySettings(ctx.db, problem.id);
  const token = settings.recording
    ? issueSessionToken(ctx.secret, { problemId: problem.id, userId, now: ctx.clock.now() }).token
    : null;
  return <EditorHook problemId={problem.id} settings={settings} token={token} />;
}

/** The problem editor's integrity card. */
export async function problemIntegrityCard(db: Db, problem: Problem, task: Task) {
  const settings = await selectIntegritySettings(db, problem.id);
  return (
    <IntegritySettingsCard
      problemId={problem.id}
      taskId={task.id}
      sectionId={task.section_id}
      settings={settings}
    />
  );
}

/** A submission's risk breakdown, with the replay link when something was recorded (teachers only). */
export async function submissionIntegrity(db: Db, submission: Submission) {
  const risk = await selectRisk(db, submission.id);
  const replay = (await hasRecording(db, submission.id))
    ? `/manage/integrity/submissions/${submission.id}/replay`
    : undefined;
  return <RiskBreakdown risk={risk} replayUrl={replay} />;
}

export const RiskCell: FC<{ risk: StoredRisk | undefined }> = ({ risk }) => <RiskBadge risk={risk} />;

/** The submissions table's filter field: risk at least N. */
export const RiskFilterField: FC<{ value: number | undefined }> = ({ value }) => (
  <div class="field">
    <label for="f-risk">Risk from</label>
    <input
      id="f-risk"
      type="number"
      name="risk"
      min={0}
      max={100}
      step={1}
      inputmode="numeric"
      value={value === undefined ? "" : String(value)}
    />
  </div>
);

/** The submissions page's way to the similarity of the whole task. */
export const SimilarityLink: FC<{ taskId: number }> = ({ taskId }) => (
  <a class="btn btn-secondary" href={`/manage/integrity/tasks/${taskId}/similarity`}>
    Check similarity
  </a>
);
