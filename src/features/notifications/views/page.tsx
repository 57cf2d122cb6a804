// The notifications page: everything a user was told, newest first, unread ones marked, each with a
// "Mark as read" button (a plain form; no script needed).
import type { FC } from "hono/jsx";
import { formatDateTime } from "../../../lib/format.ts";
import { markdownToText } from "../../../lib/markdown.ts";
import type { NotificationRow } from "../../../models/notification.ts";
import { SubmitButton } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { Notice } from "../../../ui/notice.tsx";

export interface NotificationsPageProps {
  rows: NotificationRow[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
  unreadOnly: boolean;
}

export const NotificationItem: FC<{ n: NotificationRow }> = ({ n }) => (
  <Notice
    id={`n${n.id}`}
    class={`notice ${n.read_at === null ? "unread" : ""}`}
    title={n.title}
    body={n.body}
    badge={n.read_at === null ? <Badge tone="accent">new</Badge> : null}
    meta={
      <>
        {n.section_name ? (
          <>
            <a href={`/sections/${n.section_id}`}>{n.section_name}</a> ·{" "}
          </>
        ) : null}
        {formatDateTime(n.created_at)}
        {n.kind !== "announcement" && n.link ? (
          <>
            {" "}
            · <a href={n.link}>Open</a>
          </>
        ) : null}
      </>
    }
    action={
      n.read_at === null ? (
        <form method="post" action={`/notifications/${n.id}/read`} class="inline">
          <button type="submit" class="btn btn-secondary btn-sm">
            Mark as read<span class="sr-only">: {markdownToText(n.title)}</span>
          </button>
        </form>
      ) : null
    }
  />
);

export const NotificationsPage: FC<NotificationsPageProps> = (p) => {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const base = p.unreadOnly ? "/notifications?unread=1&" : "/notifications?";
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle={p.unread > 0 ? `${p.unread} unread` : "You are all caught up."}
        actions={
          <>
            <a class="btn btn-ghost" href={p.unreadOnly ? "/notifications" : "/notifications?unread=1"}>
              {p.unreadOnly ? "Show all" : "Only unread"}
            </a>
            {p.unread > 0 ? (
              <form method="post" action="/notifications/read-all" class="inline">
                <SubmitButton tone="secondary" icon="check">
                  Mark all as read
                </SubmitButton>
              </form>
            ) : null}
          </>
        }
      />
      <Card class="flush">
        {p.rows.length === 0 ? (
          <EmptyState icon="bell" title={p.unreadOnly ? "No unread notifications" : "No notifications yet"}>
            <p>Announcements from your teachers appear here the moment they are posted.</p>
          </EmptyState>
        ) : (
          <ul class="notice-list">
            {p.rows.map((n) => (
              <NotificationItem n={n} />
            ))}
          </ul>
        )}
        {pages > 1 ? (
          <div class="pager">
            <span>
              Page {p.page} of {pages}
            </span>
            <span class="actions">
              {p.page > 1 ? (
                <a class="btn btn-ghost btn-sm" href={`${base}page=${p.page - 1}`}>
                  Newer
                </a>
              ) : null}
              {p.page < pages ? (
                <a class="btn btn-ghost btn-sm" href={`${base}page=${p.page + 1}`}>
                  Older
                </a>
              ) : null}
            </span>
          </div>
        ) : null}
      </Card>
    </>
  );
};
