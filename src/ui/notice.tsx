// One notification in a short list: the student's home and the live stream that adds to it.
import type { FC } from "hono/jsx";
import { timeAgo } from "../lib/format.ts";
import type { NotificationRow } from "../models/notification.ts";
import { Badge } from "./components.tsx";
import { InlineMarkdown } from "./markdown-field.tsx";

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
