import type { FC } from "hono/jsx";
import { Card, PageHeader } from "../components/ui.tsx";

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

export const SystemPage: FC<{ info: SystemInfo }> = ({ info }) => (
  <>
    <PageHeader title="System" subtitle="The health of this Slate server." />
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
    </div>
  </>
);
