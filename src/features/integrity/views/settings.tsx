// The problem editor's integrity card (copy/paste, recording, links to similarity and recordings),
// and the section's recordings page with the purge.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Card, PageHeader } from "../../../ui/components.tsx";
import { ChoiceGroup } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import type { ProblemIntegrity } from "../settings.ts";

export const IntegritySettingsCard: FC<{
  problemId: number;
  taskId: number;
  sectionId: number;
  settings: ProblemIntegrity;
}> = (p) => (
  <Card title="Academic integrity" class="integrity-card">
    <form method="post" action={`/manage/integrity/problems/${p.problemId}/settings`} class="stack">
      <ChoiceGroup
        legend="Copy and paste in the student's editor"
        name="paste"
        value={p.settings.paste}
        choices={[
          {
            value: "allowed",
            label: "Allowed",
            hint: "Pastes are recorded with their size when recording is on.",
          },
          {
            value: "blocked",
            label: "Blocked",
            hint: "Paste, drag and drop and file upload are refused; a script replacing the code is counted.",
          },
        ]}
      />
      <label class="check">
        <input type="checkbox" name="recording" value="1" checked={p.settings.recording} />
        Record how students write their code (edits, pastes, focus changes, runs) for replay and the risk
        score
      </label>
      <p class="muted hint">Students see a notice on the problem page while recording is on.</p>
      <div class="actions">
        <button type="submit" class="btn btn-secondary">
          Save integrity settings
        </button>
      </div>
    </form>
    <p class="actions mt">
      <a class="btn btn-ghost btn-sm" href={`/manage/integrity/problems/${p.problemId}/similarity`}>
        <Icon name="search" size={16} />
        Similarity of this problem
      </a>
      <a class="btn btn-ghost btn-sm" href={`/manage/integrity/tasks/${p.taskId}/similarity`}>
        Similarity of the whole task
      </a>
      <a class="btn btn-ghost btn-sm" href={`/manage/integrity/sections/${p.sectionId}`}>
        Recordings of this section
      </a>
    </p>
  </Card>
);

export const SectionRecordingsPage: FC<{ section: Section; sessions: number; bytes: number }> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> / Recordings
    </p>
    <PageHeader
      title="Editing recordings"
      subtitle="Recordings are visible to this section's teachers only and are deleted with their submission."
    />
    <Card title="Purge">
      <p>
        This section holds {p.sessions} editing session{p.sessions === 1 ? "" : "s"} (
        {Math.ceil(p.bytes / 1024)} KiB). Purging deletes every recording and risk score of the section's
        problems; submissions and grades stay.
      </p>
      <ActionButton
        action={`/manage/integrity/sections/${p.section.id}/purge`}
        tone="danger"
        confirm="Delete every recording of this section? This cannot be undone."
      >
        <Icon name="trash" size={16} />
        Purge recordings
      </ActionButton>
    </Card>
  </>
);
