// What the section page shows of lessons: one call from src/features/sections/routes.tsx.
import type { Db } from "../../db/connection.ts";
import { lessonsOfSection } from "./lessons.ts";
import { progressByLesson } from "./progress.ts";
import { SectionLessons } from "./views/section-card.tsx";

export async function sectionLessonsCard(
  db: Db,
  sectionId: number,
  viewer: { id: number; teaches: boolean },
  now: number,
  oob = false,
) {
  const lessons = await lessonsOfSection(db, sectionId, viewer.teaches ? null : viewer, now);
  const ids = lessons.map((l) => l.id);
  // The viewer's own progress doubles as the page count (a teacher's "done" is not shown).
  const progress = await progressByLesson(db, ids, viewer.id);
  const rows = lessons.map((lesson) => {
    const pr = progress.get(lesson.id) ?? { done: 0, total: 0 };
    return { lesson, pages: pr.total, progress: viewer.teaches ? undefined : pr };
  });
  return <SectionLessons sectionId={sectionId} lessons={rows} teaches={viewer.teaches} now={now} oob={oob} />;
}
