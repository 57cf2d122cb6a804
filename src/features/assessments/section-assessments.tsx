// What the section page shows of assessments: one call from src/features/sections/routes.tsx.
import type { Db } from "../../db/connection.ts";
import { assessmentsOfSection } from "./authoring.ts";
import { type SectionAssessment, SectionAssessments } from "./views/section-list.tsx";

export async function sectionAssessmentsCard(
  db: Db,
  sectionId: number,
  viewer: { id: number; teaches: boolean },
  now: number,
) {
  const list = await assessmentsOfSection(
    db,
    sectionId,
    !viewer.teaches,
    viewer.teaches ? undefined : viewer.id,
  );
  let rows: SectionAssessment[] = list.map((a) => ({ a }));
  if (!viewer.teaches && list.length > 0) {
    const attempts = await db
      .selectFrom("assessment_attempts")
      .select(["assessment_id", "state", "practice"])
      .where("user_id", "=", viewer.id)
      .where(
        "assessment_id",
        "in",
        list.map((a) => a.id),
      )
      .execute();
    rows = list.map((a) => {
      const mine = attempts.filter((t) => t.assessment_id === a.id && t.practice === 0);
      return {
        a,
        mine: {
          attempts: mine.length,
          open: attempts.some((t) => t.assessment_id === a.id && t.state === "open"),
        },
      };
    });
  }
  return <SectionAssessments sectionId={sectionId} rows={rows} teaches={viewer.teaches} now={now} />;
}
