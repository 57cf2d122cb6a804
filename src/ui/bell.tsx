// The notification bell in the top bar (unread count, a dropdown filled on open), toasts for what
// arrives live, and the invisible element that receives the page's live patches (src/lib/live.tsx).
import type { FC } from "hono/jsx";
import { formatDateTime } from "../lib/format.ts";
import { markdownExcerpt, markdownToText } from "../lib/markdown.ts";
import type { NotificationRow } from "../models/notification.ts";
import { Icon } from "./icons.tsx";
import { InlineMarkdown } from "./markdown-field.tsx";

/** The unread count on the bell; `oob` makes it an out-of-band patch that replaces the one on the page. */
export const BellCount: FC<{ count: number; oob?: boolean }> = ({ count, oob }) => (
  <span id="bell-count" class="bell-count" data-count={String(count)} hx-swap-oob={oob ? "true" : undefined}>
    {count > 0 ? (
      <>
        <span class="bell-badge" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
        <span class="sr-only">, {count} unread</span>
      </>
    ) : null}
  </span>
);

/** A toast for a notification that just arrived, appended to #toasts. */
export const Toast: FC<{ title: string; link: string | null; heading?: string }> = ({
  title,
  link,
  heading,
}) => (
  <div hx-swap-oob="beforeend:#toasts">
    <div class="toast" data-toast>
      <Icon name="bell" />
      <div>
        <strong>{heading ?? "New announcement"}</strong>
        <a href={link ?? "/notifications"}>{markdownToText(title)}</a>
      </div>
      <button type="button" class="btn btn-ghost btn-icon btn-sm" data-toast-close aria-label="Dismiss">
        <Icon name="x" size={16} />
      </button>
    </div>
  </div>
);

/** The bell: a link to /notifications without scripts; with htmx a dropdown of the latest ones. */
export const Bell: FC<{ count: number }> = ({ count }) => {
  return (
    <details class="bell" data-bell>
      <summary class="btn btn-ghost btn-icon" title="Notifications">
        <Icon name="bell" />
        <span class="sr-only">Notifications</span>
        <BellCount count={count} />
      </summary>
      <div
        class="bell-menu"
        hx-get="/notifications/menu"
        hx-trigger="toggle from:closest details"
        hx-swap="innerHTML"
      >
        <a href="/notifications">Open your notifications</a>
      </div>
    </details>
  );
};

/** The dropdown's content: the latest notifications and a way to the full page. */
export const BellMenu: FC<{ rows: NotificationRow[]; unread: number }> = ({ rows, unread }) => (
  <>
    <div class="bell-menu-head">
      <strong>Notifications</strong>
      {unread > 0 ? (
        <form method="post" action="/notifications/read-all" class="inline">
          <button type="submit" class="btn btn-ghost btn-sm">
            Mark all read
          </button>
        </form>
      ) : null}
    </div>
    {rows.length === 0 ? (
      <p class="muted bell-empty">Nothing yet. Announcements from your teachers appear here.</p>
    ) : (
      <ul class="bell-list">
        {rows.map((n) => (
          <li class={n.read_at === null ? "unread" : ""}>
            <a href={`/notifications#n${n.id}`}>
              <strong>
                <InlineMarkdown source={n.title} />
              </strong>
              {n.body ? <span class="bell-excerpt">{markdownExcerpt(n.body, 90)}</span> : null}
              <small>
                {n.section_name ? `${n.section_name} · ` : ""}
                {formatDateTime(n.created_at)}
              </small>
            </a>
          </li>
        ))}
      </ul>
    )}
    <a class="bell-all" href="/notifications">
      See all notifications
    </a>
  </>
);

/** Receives the page's live patches; each patch says where its pieces go. */
export const LiveSink: FC = () => <div hidden sse-swap="patch" hx-swap="none" />;

export const Toasts: FC = () => <div id="toasts" class="toasts" role="status" aria-live="polite" />;
