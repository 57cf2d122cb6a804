// Lessons on the class dashboard: how many students started and finished each published lesson.
// Remedial lessons are left out unless the dashboard's remedial switch is on (?remedial=1).
import type { FC } from "hono/jsx";
import { Badge, Card } from "../../../ui/components.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import type { DashboardLesson } from "../progress.ts";
import { LessonStyles } from "./styles.tsx";

export const DashboardLessons: FC<{
  lessons: DashboardLesson[];
  students: number;
  includeRemedial: boolean;
}> = (p) => (
  <Card title="Lessons" class="mb flush">
    <div id="lessons">
      <LessonStyles />
      {p.lessons.length === 0 ? (
        <p class="muted pad">
          No published lessons{p.includeRemedial ? "" : " (remedial ones are left out)"}.
        </p>
      ) : (
        <DataTable
          columns={["Lesson", numCol("Pages"), numCol("Started"), numCol("Finished")]}
          label="Lesson completion"
        >
          {p.lessons.map((l) => (
            <tr>
              <td>
                <a href={`/lessons/${l.id}/results`}>{l.title}</a>{" "}
                {l.remedial ? <Badge tone="accent">remedial</Badge> : null}
              </td>
              <td class="num">{l.pages}</td>
              <td class="num">
                {l.started}/{p.students}
              </td>
              <td class="num">
                {l.finished}/{p.students}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  </Card>
);
