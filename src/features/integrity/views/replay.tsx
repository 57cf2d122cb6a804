// The replay of a submission's recording: the editor as it was at each moment, play/pause, step,
// speed, and a timeline with coloured markers (paste, focus loss, file switch, run, test, submit)
// that tells the time under the pointer. The player (src/client/integrity/replay.ts) fetches the
// recording from `recordingUrl`; the risk breakdown sits beside it.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Task } from "../../../db/tables/problems.ts";
import { asset } from "../../../http/static.ts";
import { Card, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import type { StoredRisk } from "../risk-store.ts";
import { RiskBreakdown } from "./risk.tsx";

export const MARKER_KINDS = [
  ["paste", "Paste"],
  ["blur", "Focus lost"],
  ["file", "File switch"],
  ["run", "Run"],
  ["test", "Tests"],
  ["submit", "Submit"],
] as const;

export const ReplayPage: FC<{
  section: Section;
  task: Task;
  problem: Problem;
  submissionId: number;
  number: number;
  owner: string;
  risk: StoredRisk | null;
  recordingUrl: string;
  nonce?: string;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> /{" "}
      <a href={`/submissions/${p.submissionId}`}>Submission {p.number}</a> / Replay
    </p>
    <PageHeader
      title={`Replay · ${p.owner}`}
      subtitle={`${p.problem.title}, submission ${p.number}: how the code was written.`}
    />
    <div class="replay-layout">
      <Card title="Session" class="replay-card">
        <div class="replay" data-replay={p.recordingUrl} data-nonce={p.nonce}>
          <div class="replay-bar" role="toolbar" aria-label="Replay controls">
            <button
              type="button"
              class="btn btn-secondary btn-sm btn-icon"
              data-replay-step="-1"
              aria-label="Step back"
              disabled
            >
              <span aria-hidden="true">←</span>
            </button>
            <button type="button" class="btn btn-primary btn-sm" data-replay-play disabled>
              <Icon name="play" size={16} />
              <span data-replay-play-label>Play</span>
            </button>
            <button
              type="button"
              class="btn btn-secondary btn-sm btn-icon"
              data-replay-step="1"
              aria-label="Step forward"
              disabled
            >
              <span aria-hidden="true">→</span>
            </button>
            <label class="replay-speed">
              Speed
              <select data-replay-speed>
                {["0.5", "1", "2", "4", "8"].map((s) => (
                  <option value={s} selected={s === "1"}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
            <span class="replay-clock" data-replay-clock aria-live="off">
              0:00 / 0:00
            </span>
          </div>
          <div class="replay-timeline" data-replay-timeline>
            <div class="replay-markers" data-replay-markers aria-hidden="true" />
            <input
              type="range"
              min={0}
              max={0}
              value={0}
              step={1}
              aria-label="Seek"
              data-replay-seek
              disabled
            />
            <span class="replay-hover" data-replay-hover hidden />
          </div>
          <ul class="replay-legend" aria-label="Markers">
            {MARKER_KINDS.map(([kind, label]) => (
              <li>
                <span class={`replay-dot replay-${kind}`} aria-hidden="true" />
                {label}
              </li>
            ))}
          </ul>
          <p class="replay-shown muted" data-replay-file>
            Loading the recording…
          </p>
          <section
            class="replay-editor ro-code"
            data-replay-editor
            tabindex={0}
            aria-label="The code at this moment"
          />
          <p class="muted replay-event" data-replay-event aria-live="polite" />
        </div>
      </Card>
      <RiskBreakdown risk={p.risk} />
    </div>
    <script src={asset("dist/integrity.js")} defer />
  </>
);
