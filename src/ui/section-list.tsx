import type { Child, FC } from "hono/jsx";
import type { Section } from "../db/schema.ts";
import type { SectionSummary } from "../models/section.ts";
import { Badge, EmptyCard, PageHeader } from "./components.tsx";
import { Icon } from "./icons.tsx";

const SectionCard: FC<{ section: Section; students?: number }> = ({ section, students }) => (
  <a class="card section-card" href={`/sections/${section.id}`}>
    <div class="card-head">
      <h2>{section.name}</h2>
      {section.archived_at ? <Badge>archived</Badge> : null}
    </div>
    <p class="muted">{section.term || "No term set"}</p>
    {students !== undefined ? (
      <div class="meta">
        <span>
          <Icon name="users" size={16} /> {students} student{students === 1 ? "" : "s"}
        </span>
        <span>{section.enroll_enabled ? "Enrollment open" : "Enrollment closed"}</span>
      </div>
    ) : null}
  </a>
);

/** Sections as a grid of cards; with `counts`, each card says how many students it has. */
export const SectionGrid: FC<{
  sections: (Section & { student_count?: number })[];
  counts?: boolean;
  /** What stands instead when there are no sections. */
  empty?: Child;
}> = (p) =>
  p.sections.length === 0 ? (
    (p.empty ?? null)
  ) : (
    <div class="grid grid-3">
      {p.sections.map((s) => (
        <SectionCard section={s} students={p.counts ? s.student_count : undefined} />
      ))}
    </div>
  );

/** What a student without a section sees where their sections would be. */
export const NotEnrolled: FC = () => (
  <EmptyCard icon="book" title="You are not in a section yet">
    <p>Open the enrollment link your teacher shared to join a class.</p>
  </EmptyCard>
);

export const TeacherSectionList: FC<{ sections: SectionSummary[]; showArchived: boolean }> = (p) => (
  <>
    <PageHeader
      title="Sections"
      subtitle="Your classes. Share a section's enrollment link with its students."
      actions={
        <>
          <a class="btn btn-ghost" href={p.showArchived ? "/sections" : "/sections?archived=1"}>
            {p.showArchived ? "Hide archived" : "Show archived"}
          </a>
          <a class="btn btn-primary" href="/sections/new">
            <Icon name="plus" size={18} />
            New section
          </a>
        </>
      }
    />
    <SectionGrid
      sections={p.sections}
      counts
      empty={
        <EmptyCard icon="book" title="No sections yet">
          <p>Create your first section, then share its link with your students.</p>
          <a class="btn btn-primary" href="/sections/new">
            Create a section
          </a>
        </EmptyCard>
      }
    />
  </>
);

export const StudentSectionList: FC<{ sections: Section[] }> = ({ sections }) => (
  <>
    <PageHeader title="Your sections" subtitle="The classes you are enrolled in." />
    <SectionGrid sections={sections} empty={<NotEnrolled />} />
  </>
);
