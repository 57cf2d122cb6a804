// A section's announcements: teachers post (every enrolled student is notified at once) and see
// who has read each; students read them.
import type { FC } from "hono/jsx";
import type { Section } from "../../src/db/schema.ts";
import { formatDateTime } from "../../src/lib/format.ts";
import type { AnnouncementRow } from "../../src/models/announcement.ts";
import { Icon } from "../components/icons.tsx";
import { Card, EmptyState, Field, FormError, PageHeader } from "../components/ui.tsx";
import { SectionCrumbs, SectionNav } from "../dashboard/section-nav.tsx";
import { InlineMarkdown, MarkdownField, Prose } from "../tasks/markdown-field.tsx";

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

export const AnnouncementsPage: FC<{
  section: Section;
  rows: AnnouncementRow[];
  teaches: boolean;
  students?: number;
  error?: string;
  values?: { title?: string; body?: string };
}> = (p) => (
  <>
    <SectionCrumbs section={p.section} here="Announcements" />
    <PageHeader
      title="Announcements"
      subtitle={p.teaches ? "Post to everyone in this section; they see it immediately." : p.section.name}
    />
    {p.teaches ? <SectionNav section={p.section} current="announcements" /> : null}
    {p.teaches ? (
      <Card title="New announcement" class="mb">
        <form method="post" action={`/sections/${p.section.id}/announcements`} class="stack">
          <FormError message={p.error} />
          <Field label="Title" name="title" required maxlength={120} value={p.values?.title} />
          <MarkdownField
            label="Message"
            name="body"
            value={p.values?.body ?? ""}
            rows={5}
            maxlength={4000}
            breaks
            hint="Markdown: **bold**, _italic_, `code`, lists, links."
          />
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              <Icon name="megaphone" size={16} />
              Post to {p.students ?? 0} student{p.students === 1 ? "" : "s"}
            </button>
          </div>
        </form>
      </Card>
    ) : null}
    <Card title="Posted" class="flush">
      <AnnouncementList rows={p.rows} teaches={p.teaches} />
    </Card>
  </>
);
