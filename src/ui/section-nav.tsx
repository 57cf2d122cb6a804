// The tabs across a section's teacher pages, so the class dashboard, gradebook, announcements and
// student import are one click from each other.
import type { FC } from "hono/jsx";
import type { Section } from "../db/schema.ts";
import type { Task } from "../db/tables/problems.ts";
import { Breadcrumb, type Crumb } from "./components.tsx";
import { Icon, type IconName } from "./icons.tsx";

export type SectionTab = "overview" | "dashboard" | "gradebook" | "announcements" | "import" | "lms";

const tabs: { id: SectionTab; label: string; icon: IconName; path: string }[] = [
  { id: "overview", label: "Overview", icon: "book", path: "" },
  { id: "dashboard", label: "Class dashboard", icon: "chart", path: "/dashboard" },
  { id: "gradebook", label: "Gradebook", icon: "grid", path: "/gradebook" },
  { id: "announcements", label: "Announcements", icon: "megaphone", path: "/announcements" },
  { id: "import", label: "Import students", icon: "upload", path: "/students/import" },
  { id: "lms", label: "LMS", icon: "link", path: "/lms" },
];

export const SectionNav: FC<{ section: Section; current: SectionTab }> = ({ section, current }) => (
  <nav class="tabs" aria-label="Section">
    {tabs.map((t) => (
      <a href={`/sections/${section.id}${t.path}`} aria-current={t.id === current ? "page" : undefined}>
        <Icon name={t.icon} size={16} />
        {t.label}
      </a>
    ))}
  </nav>
);

/** The breadcrumb trail down to a section's page. */
export const sectionTrail = (section: Section): Crumb[] => [
  ["/sections", "Sections"],
  [`/sections/${section.id}`, section.name],
];

/** The trail down to the teacher's page of a task. */
export const taskTrail = (section: Section, task: Task): Crumb[] => [
  ...sectionTrail(section),
  [`/manage/tasks/${task.id}`, task.title],
];

export const SectionCrumbs: FC<{ section: Section; here: string }> = ({ section, here }) => (
  <Breadcrumb trail={sectionTrail(section)}>{here}</Breadcrumb>
);
