import type { Child, FC } from "hono/jsx";
import type { Section, User } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { formatDate } from "../../../lib/format.ts";
import type { AnnouncementRow } from "../../../models/announcement.ts";
import type { RosterRow, SectionTeacherRow } from "../../../models/section.ts";
import type { TaskSummary } from "../../../models/task.ts";
import { AnnouncementList } from "../../../ui/announcement-list.tsx";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { Prose } from "../../../ui/markdown-field.tsx";
import { SectionNav } from "../../../ui/section-nav.tsx";
import { StudentTaskList } from "../../../ui/student-task.tsx";
import { DataTable, hiddenCol } from "../../../ui/table.tsx";
import { TeacherTaskList } from "../../../ui/task-list.tsx";

export interface TeacherSectionProps {
  viewer: User;
  section: Section;
  tasks: TaskSummary[];
  now: number;
  link: string;
  roster: RosterRow[];
  teachers: SectionTeacherRow[];
  /** Admins pick co-teachers from these. */
  candidates: User[];
  /** The section's quizzes and exams (src/features/assessments/). */
  assessments?: Child;
  /** The section's lessons (src/features/lessons/). */
  lessons?: Child;
}

const EnrollmentCard: FC<{ section: Section; link: string }> = ({ section, link }) => {
  const base = `/sections/${section.id}/enrollment`;
  return (
    <Card title="Enrollment link">
      {section.enroll_enabled ? (
        <>
          <p class="muted">Students open this link to create an account and join.</p>
          <div class="copy-row">
            <label class="sr-only" for="enroll-link">
              Enrollment link
            </label>
            <input id="enroll-link" type="text" readonly value={link} />
            <button type="button" class="btn btn-secondary" data-copy="enroll-link">
              <Icon name="copy" size={16} />
              Copy
            </button>
          </div>
        </>
      ) : (
        <p class="muted">Enrollment is closed: the link does not work until you open it again.</p>
      )}
      <div class="actions mt">
        <ActionButton
          action={`${base}/rotate`}
          small
          confirm="Make a new link? The current link will stop working."
        >
          New link
        </ActionButton>
        {section.enroll_enabled ? (
          <ActionButton action={`${base}/disable`} small tone="danger">
            Close enrollment
          </ActionButton>
        ) : (
          <ActionButton action={`${base}/enable`} small tone="primary">
            Open enrollment
          </ActionButton>
        )}
      </div>
    </Card>
  );
};

const Roster: FC<{ section: Section; roster: RosterRow[] }> = ({ section, roster }) => (
  <ListCard
    items={roster}
    title="Students"
    counted
    actions={
      <a class="btn btn-ghost btn-sm" href={`/sections/${section.id}/students/import`}>
        <Icon name="upload" size={16} />
        Import from CSV
      </a>
    }
    empty={
      <EmptyState icon="users" title="No students yet">
        <p>Share the enrollment link; students appear here as they join.</p>
      </EmptyState>
    }
  >
    <DataTable label="Students" columns={["Name", "Username", "Joined", hiddenCol("Actions")]}>
      {roster.map((s) => (
        <tr>
          <td>
            {s.display_name} {s.active ? null : <Badge tone="warning">deactivated</Badge>}
          </td>
          <td>{s.username}</td>
          <td>{formatDate(s.enrolled_at)}</td>
          <td>
            <div class="row-actions">
              <ActionButton
                action={`/sections/${section.id}/students/${s.id}/reset-password`}
                small
                confirm={`Give ${s.display_name} a new temporary password? Their current password stops working.`}
              >
                Reset password<span class="sr-only"> of {s.display_name}</span>
              </ActionButton>
              <ActionButton action={`/people/${s.id}/reset-link`} small>
                Reset link<span class="sr-only"> for {s.display_name}</span>
              </ActionButton>
              <ActionButton
                action={`/sections/${section.id}/students/${s.id}/remove`}
                small
                tone="danger"
                confirm={`Remove ${s.display_name} from this section?`}
              >
                Remove<span class="sr-only"> {s.display_name}</span>
              </ActionButton>
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  </ListCard>
);

const Teachers: FC<TeacherSectionProps> = (p) => (
  <Card title="Teachers">
    <ul class="plain-list">
      {p.teachers.map((t) => (
        <li>
          <span>
            {t.display_name} <span class="muted">({t.username})</span>
          </span>
          {t.role === "owner" ? (
            <Badge tone="accent">owner</Badge>
          ) : p.viewer.role === "admin" ? (
            <ActionButton action={`/sections/${p.section.id}/teachers/${t.id}/remove`} small tone="danger">
              Remove<span class="sr-only"> {t.display_name}</span>
            </ActionButton>
          ) : (
            <Badge>co-teacher</Badge>
          )}
        </li>
      ))}
    </ul>
    {p.viewer.role === "admin" && p.candidates.length > 0 ? (
      <form method="post" action={`/sections/${p.section.id}/teachers`} class="form-row mt">
        <div class="field">
          <label for="co-teacher">Add a co-teacher</label>
          <select id="co-teacher" name="userId" required>
            {p.candidates.map((u) => (
              <option value={String(u.id)}>
                {u.display_name} ({u.username})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="btn btn-secondary">
          Add
        </button>
      </form>
    ) : null}
  </Card>
);

export const TeacherSectionPage: FC<TeacherSectionProps> = (p) => {
  const { section } = p;
  return (
    <>
      <p class="breadcrumb">
        <a href="/sections">Sections</a> / {section.name}
      </p>
      <PageHeader
        title={section.name}
        subtitle={
          <>
            {section.term || "No term set"}
            {section.archived_at ? (
              <>
                {" "}
                <Badge>archived</Badge>
              </>
            ) : null}
          </>
        }
        actions={
          <>
            <a class="btn btn-secondary" href={`/sections/${section.id}/live-class`}>
              Live class view
            </a>
            <a class="btn btn-secondary" href={`/sections/${section.id}/edit`}>
              Edit
            </a>
            <a class="btn btn-secondary" href={`/practice/sections/${section.id}`}>
              Points and achievements
            </a>
            {section.archived_at ? (
              <ActionButton action={`/sections/${section.id}/unarchive`}>Restore</ActionButton>
            ) : (
              <ActionButton
                action={`/sections/${section.id}/archive`}
                tone="danger"
                confirm="Archive this section? Students will no longer see it."
              >
                <Icon name="archive" size={16} />
                Archive
              </ActionButton>
            )}
          </>
        }
      />
      <SectionNav section={section} current="overview" />
      {section.description ? <Prose source={section.description} class="lead-text" /> : null}
      <div class="mb">
        <TeacherTaskList section={section} tasks={p.tasks} now={p.now} />
      </div>
      {p.lessons}
      {p.assessments}
      <div class="grid grid-2 mb">
        <EnrollmentCard section={section} link={p.link} />
        <Teachers {...p} />
      </div>
      <Roster section={section} roster={p.roster} />
    </>
  );
};

export const StudentSectionPage: FC<{
  section: Section;
  teachers: SectionTeacherRow[];
  tasks: Task[];
  announcements: AnnouncementRow[];
  now: number;
  /** The section's quizzes and exams (src/features/assessments/). */
  assessments?: Child;
  /** The section's lessons (src/features/lessons/). */
  lessons?: Child;
}> = ({ section, teachers, tasks, announcements, now, assessments, lessons }) => (
  <>
    <p class="breadcrumb">
      <a href="/sections">Sections</a> / {section.name}
    </p>
    <PageHeader
      title={section.name}
      subtitle={`${section.term ? `${section.term} · ` : ""}Taught by ${teachers.map((t) => t.display_name).join(", ")}`}
    />
    {section.description ? <Prose source={section.description} class="lead-text" /> : null}
    <Card title="Tasks" class="mb">
      <StudentTaskList tasks={tasks} now={now} />
    </Card>
    {lessons}
    {assessments}
    {announcements.length > 0 ? (
      <Card
        title="Announcements"
        class="flush"
        actions={
          <a class="btn btn-ghost btn-sm" href={`/sections/${section.id}/announcements`}>
            All announcements
          </a>
        }
      >
        <AnnouncementList rows={announcements} teaches={false} />
      </Card>
    ) : null}
  </>
);
