// A section's announcements as a list: on the announcements page and the section page.
import type { FC } from "hono/jsx";
import { formatDateTime } from "../lib/format.ts";
import type { AnnouncementRow } from "../models/announcement.ts";
import { EmptyState } from "./components.tsx";
import { Icon } from "./icons.tsx";
import { InlineMarkdown, Prose } from "./markdown-field.tsx";

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
        <li class="notice" id={`a${a.id}`}>
          <span class="notice-icon" aria-hidden="true">
            <Icon name="megaphone" size={18} />
          </span>
          <div class="notice-body">
            <div class="notice-head">
              <strong>
                <InlineMarkdown source={a.title} />
              </strong>
            </div>
            <p class="notice-meta">
              {a.author_name} · {formatDateTime(a.created_at)}
              {teaches ? ` · read by ${a.read} of ${a.recipients}` : ""}
            </p>
            {a.body ? <Prose source={a.body} class="notice-text" /> : null}
          </div>
        </li>
      ))}
    </ul>
  );
