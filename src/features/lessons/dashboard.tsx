// What the class dashboard shows of lessons: one call from src/features/class-dashboard/routes.tsx.
import type { Db } from "../../db/connection.ts";
import { sectionLessonCompletion } from "./progress.ts";
import { DashboardLessons } from "./views/dashboard-card.tsx";

export async function classDashboardLessonsCard(db: Db, sectionId: number, includeRemedial: boolean) {
  const { lessons, students } = await sectionLessonCompletion(db, sectionId, includeRemedial);
  return <DashboardLessons lessons={lessons} students={students} includeRemedial={includeRemedial} />;
}
