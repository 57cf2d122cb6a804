// Announcements and notifications as list items: in full (a section's announcements, the
// notifications page) and as one line of a short list (the student's home and its live stream).
import type { Child, FC } from "hono/jsx";
import { timeAgo } from "../lib/format.ts";
import type { NotificationRow } from "../models/notification.ts";
import { Badge } from "./components.tsx";
import { Icon } from "./icons.tsx";
import { InlineMarkdown, Prose } from "./markdown-field.tsx";

/** One announcement in full: its title (inline Markdown), a line of who and when, and its body. */
export const Notice: FC<{
  id: string;
  /** Defaults to "notice". */
  class?: string;
  title: string;
  meta: Child;
  body: string;
  /** Beside the title ("new"). */
  badge?: Child;
  /** After the text (a "Mark as read" button). */
  action?: Child;
}> = (p) => (
  <li class={p.class ?? "notice"} id={p.id}>
    <span class="notice-icon" aria-hidden="true">
      <Icon name="megaphone" size={18} />
    </span>
    <div class="notice-body">
      <div class="notice-head">
        <strong>
          <InlineMarkdown source={p.title} />
        </strong>
        {p.badge}
      </div>
      <p class="notice-meta">{p.meta}</p>
      {p.body ? <Prose source={p.body} class="notice-text" /> : null}
    </div>
    {p.action}
  </li>
);

/** One announcement on the student's home; also sent live when a new one arrives. */

export const NoticeItem: FC<{
  n: Pick<NotificationRow, "id" | "title" | "read_at" | "section_name" | "created_at">;
  now: number;
}> = ({ n, now }) => (
  <li>
    <span class="feed-who">
      <a href={`/notifications#n${n.id}`}>
        <InlineMarkdown source={n.title} />
      </a>
      {n.read_at === null ? (
        <>
          {" "}
          <Badge tone="accent">new</Badge>
        </>
      ) : null}
    </span>
    <small class="muted">
      {n.section_name} · {timeAgo(n.created_at, now)}
    </small>
  </li>
);
