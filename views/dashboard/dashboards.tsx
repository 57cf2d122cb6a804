import type { FC } from "hono/jsx";
import type { Section, User } from "../../src/db/schema.ts";
import type { SectionSummary } from "../../src/models/section.ts";
import { Icon } from "../components/icons.tsx";
import { Card, EmptyState, PageHeader } from "../components/ui.tsx";
import { SectionCard } from "../sections/list.tsx";

const greeting = (user: User) => `Hello, ${user.display_name.split(/\s+/)[0]}`;

export const StudentDashboard: FC<{ user: User; sections: Section[] }> = ({ user, sections }) => (
  <>
    <PageHeader title={greeting(user)} subtitle="Here is what is going on in your classes." />
    <h2 class="section-title">Your sections</h2>
    {sections.length === 0 ? (
      <div class="card">
        <EmptyState icon="book" title="You are not in a section yet">
          <p>Open the enrollment link your teacher shared to join a class.</p>
        </EmptyState>
      </div>
    ) : (
      <div class="grid grid-3">
        {sections.map((s) => (
          <SectionCard section={s} />
        ))}
      </div>
    )}
  </>
);

export interface AdminCounts {
  admins: number;
  teachers: number;
  students: number;
  sections: number;
}

const Stats: FC<{ items: [string, number][] }> = ({ items }) => (
  <div class="grid grid-stats mb">
    {items.map(([label, n]) => (
      <div class="card stat">
        <strong>{n}</strong>
        <span>{label}</span>
      </div>
    ))}
  </div>
);

export const TeacherDashboard: FC<{ user: User; sections: SectionSummary[]; counts?: AdminCounts }> = (p) => {
  const students = p.sections.reduce((n, s) => n + s.student_count, 0);
  return (
    <>
      <PageHeader
        title={greeting(p.user)}
        subtitle={p.counts ? "An overview of this Slate server." : "Your classes at a glance."}
        actions={
          <a class="btn btn-primary" href="/sections/new">
            <Icon name="plus" size={18} />
            New section
          </a>
        }
      />
      {p.counts ? (
        <Stats
          items={[
            ["Teachers", p.counts.teachers],
            ["Students", p.counts.students],
            ["Sections", p.counts.sections],
            ["Administrators", p.counts.admins],
          ]}
        />
      ) : (
        <Stats
          items={[
            ["Active sections", p.sections.length],
            ["Students", students],
          ]}
        />
      )}
      {p.counts && p.counts.teachers === 0 ? (
        <Card class="mb" title="Next step: add your teachers">
          <p class="muted">Teachers create sections and share enrollment links with their students.</p>
          <a class="btn btn-primary" href="/admin/users/new">
            Create a teacher
          </a>
        </Card>
      ) : null}
      <h2 class="section-title">{p.counts ? "All sections" : "Your sections"}</h2>
      {p.sections.length === 0 ? (
        <div class="card">
          <EmptyState icon="book" title="No sections yet">
            <p>Create a section, then share its enrollment link with your students.</p>
          </EmptyState>
        </div>
      ) : (
        <div class="grid grid-3">
          {p.sections.map((s) => (
            <SectionCard section={s} students={s.student_count} />
          ))}
        </div>
      )}
    </>
  );
};
