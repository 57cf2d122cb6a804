// A section's announcements: teachers post (every enrolled student is notified at once) and see
// who has read each; students read them.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { AnnouncementRow } from "../../../models/announcement.ts";
import { AnnouncementList } from "../../../ui/announcement-list.tsx";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field, FormActions } from "../../../ui/fields.tsx";
import { MarkdownField } from "../../../ui/markdown-field.tsx";
import { SectionCrumbs, SectionNav } from "../../../ui/section-nav.tsx";

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
          <FormActions icon="megaphone">
            Post to {p.students ?? 0} student{p.students === 1 ? "" : "s"}
          </FormActions>
        </form>
      </Card>
    ) : null}
    <Card title="Posted" class="flush">
      <AnnouncementList rows={p.rows} teaches={p.teaches} />
    </Card>
  </>
);
