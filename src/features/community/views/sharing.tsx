// Shared programs: the read-only page a link opens (files highlighted, "Copy into my playground"),
// the owner's list of links with revoke, and the playground's share button.
import type { FC } from "hono/jsx";
import type { SharedProgram } from "../../../db/tables/community.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { DataTable } from "../../../ui/table.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import { CodeBlock } from "../highlight.tsx";
import type { SharedFile } from "../sharing/share-model.ts";

/** In the playground's header: share all files as a read-only link. */
export const ShareButton: FC = () => (
  <div class="share-actions">
    <form method="post" action="/share" class="inline" data-share-form>
      <button type="submit" class="btn btn-secondary btn-sm">
        Share a read-only link
      </button>
    </form>
    <a href="/shared" class="btn btn-ghost btn-sm">
      Your shared links
    </a>
  </div>
);

export const SharedProgramPage: FC<{
  share: SharedProgram;
  files: SharedFile[];
  owner: { id: number; name: string };
  mine: boolean;
  link: string;
}> = (p) => (
  <>
    <PageHeader
      title={p.share.title}
      subtitle={
        <span class="with-avatar">
          <Avatar userId={p.owner.id} name={p.owner.name} /> Shared by {p.owner.name} ·{" "}
          {formatDateTime(p.share.created_at)} · read only
        </span>
      }
      actions={
        <form method="post" action={`/s/${p.share.token}/copy`} class="inline">
          <button type="submit" class="btn btn-primary">
            Copy into my playground
          </button>
        </form>
      }
    />
    {p.mine ? (
      <Card title="Your link">
        <div class="share-link-row">
          <input
            id="share-link"
            class="share-link"
            type="text"
            readonly
            value={p.link}
            aria-label="Link to this program"
          />
          <button type="button" class="btn btn-secondary btn-sm" data-copy="share-link">
            Copy link
          </button>
          <ActionButton
            action={`/shared/${p.share.id}/revoke`}
            tone="danger"
            small
            confirm="Revoke this link? It stops working at once."
          >
            Revoke
          </ActionButton>
        </div>
        <p class="muted hint">
          Anyone signed in to this Slate who has the link can read these files and copy them.
        </p>
      </Card>
    ) : null}
    <div class="stack">
      {p.files.map((f) => (
        <Card title={f.name === p.share.main_file ? `${f.name} (main)` : f.name}>
          <CodeBlock code={f.content} label={f.name} />
        </Card>
      ))}
    </div>
  </>
);

export const SharedListPage: FC<{ shares: SharedProgram[]; origin: string }> = (p) => (
  <>
    <PageHeader title="Your shared links" subtitle="Read-only links to snapshots of your playground." />
    {p.shares.length === 0 ? (
      <EmptyState icon="link" title="Nothing shared yet">
        <p>In the playground, “Share a read-only link” makes one.</p>
      </EmptyState>
    ) : (
      <Card class="flush">
        <DataTable label="Shared links" columns={["Program", "Shared", "Status", "Actions"]}>
          {p.shares.map((s) => (
            <tr>
              <td>
                {s.revoked_at ? s.title : <a href={`/s/${s.token}`}>{s.title}</a>}
                <span class="sub">{(JSON.parse(s.files) as SharedFile[]).length} files</span>
              </td>
              <td>{formatDateTime(s.created_at)}</td>
              <td>{s.revoked_at ? <Badge>revoked</Badge> : <Badge tone="success">active</Badge>}</td>
              <td>
                {s.revoked_at ? null : (
                  <ActionButton
                    action={`/shared/${s.id}/revoke`}
                    tone="danger"
                    small
                    confirm="Revoke this link? It stops working at once."
                  >
                    Revoke<span class="sr-only"> {s.title}</span>
                  </ActionButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    )}
  </>
);
