import type { FC } from "hono/jsx";
import type { SandboxStatus } from "../../../sandbox/index.ts";
import { Badge, Card, PageHeader } from "../../../ui/components.tsx";
import { AiAdminLink } from "../../ai/slots.tsx";

export interface SystemInfo {
  version: string;
  uptimeSeconds: number;
  databaseBytes: number;
  dataDir: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

const stateTone = {
  ready: "success",
  building: "accent",
  unavailable: "danger",
  stopped: "warning",
} as const;

/** The sandbox card; refreshes itself every 5 seconds through htmx. */
export const SandboxCard: FC<{ status: SandboxStatus | null }> = ({ status }) => (
  <div id="sandbox-card" hx-get="/admin/system/sandbox" hx-trigger="every 5s" hx-swap="outerHTML">
    <Card
      title="Code sandbox"
      actions={
        status ? <Badge tone={stateTone[status.state]}>{status.state}</Badge> : <Badge>disabled</Badge>
      }
    >
      {status ? (
        <>
          {status.reason ? <p class="muted">{status.reason}</p> : null}
          <div class="grid grid-stats mb">
            {(
              [
                ["Warm", status.metrics.warm],
                ["Busy", status.metrics.busy],
                ["Queued", status.metrics.queued],
                ["Runs done", status.metrics.done],
                ["Failed", status.metrics.failed],
                ["Recycled", status.metrics.recycled],
              ] as const
            ).map(([label, n]) => (
              <div class="stat">
                <strong>{n}</strong>
                <span>{label}</span>
              </div>
            ))}
          </div>
          <dl class="facts">
            <dt>Latency p50 / p95</dt>
            <dd>
              {status.metrics.p50Ms} ms / {status.metrics.p95Ms} ms
            </dd>
            <dt>Image</dt>
            <dd>
              <code>{status.image}</code>
            </dd>
          </dl>
        </>
      ) : (
        <p class="muted">Code execution is turned off (SLATE_SANDBOX=false).</p>
      )}
    </Card>
  </div>
);

export const SystemPage: FC<{ info: SystemInfo; sandbox: SandboxStatus | null }> = ({ info, sandbox }) => (
  <>
    <PageHeader
      title="System"
      subtitle="The health of this Slate server."
      actions={
        <a class="btn btn-secondary" href="/practice/admin">
          Practice settings and analytics
        </a>
      }
    />
    <div class="grid grid-2">
      <Card title="Server">
        <dl class="facts">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Up for</dt>
          <dd>{duration(info.uptimeSeconds)}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>{mb(info.databaseBytes)}</dd>
        </dl>
      </Card>
      <SandboxCard status={sandbox} />
    </div>
    <AiAdminLink />
  </>
);
