// A section's announcements as a list: on the announcements page and the section page.
import type { FC } from "hono/jsx";
import { formatDateTime } from "../lib/format.ts";
import type { AnnouncementRow } from "../models/announcement.ts";
import { EmptyState } from "./components.tsx";
import { Notice } from "./notice.tsx";

export const AnnouncementList: FC<{ rows: AnnouncementRow[]; teaches: boolean }> = ({ rows, teaches }) =>
  rows.length === 0 ? (
    <EmptyState icon="megaphone" title="No announcements yet">
      <p>
        {teaches
          ? "Post one above; your students are notified at once."
          : "Your teachers' announcements appear here."}
      </p>
    </EmptyState>
  ) : (
    <ul class="notice-list">
      {rows.map((a) => (
        <Notice
          id={`a${a.id}`}
          title={a.title}
          body={a.body}
          meta={
            <>
              {a.author_name} · {formatDateTime(a.created_at)}
              {teaches ? ` · read by ${a.read} of ${a.recipients}` : ""}
            </>
          }
        />
      ))}
    </ul>
  );
