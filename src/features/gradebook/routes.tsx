// A section's gradebook (teachers only): the sortable table, its live stream, and exports to CSV and
// XLSX. Every route, the stream included, checks sectionToTeach first, exactly like the page.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import {
  loadSectionGrades,
  loadStudentGrades,
  restrictGrades,
  type SortKey,
  sortStudents,
} from "../../analytics/grades.ts";
import { gradeSummary } from "../../analytics/insights.ts";
import type { AppEnv } from "../../context.ts";
import type { Db } from "../../db/connection.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { type LiveChannel, liveStream, toHtml } from "../../http/live.tsx";
import { sectionToTeach } from "../../http/section-access.ts";
import { idParam, validated } from "../../http/validation.ts";
import { slug } from "../../lib/csv.ts";
import { gradebookAssessmentColumns } from "../assessments/gradebook-columns.ts";
import { RemedialSwitch } from "../targeting/views/remedial-switch.tsx";
import { sortByAssessment } from "./assessment-sort.ts";
import { gradebookCsv, gradebookXlsx } from "./exports.ts";
import { ExportPage } from "./views/export.tsx";
import { GradebookPage, GradebookRowPatch } from "./views/gradebook.tsx";

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : Number(v)))
  .pipe(
    z
      .number({ error: "Not a valid id." })
      .int()
      .positive()
      .max(2 ** 31)
      .optional(),
  );

const gradebookQuery = z.object({
  sort: z
    .string()
    .regex(/^(grade|name|username|solved|active|p\d{1,10}|a\d{1,10})$/, "Unknown sort column.")
    .optional()
    .default("grade")
    .transform((s) => s as SortKey | `a${number}`),
  dir: z.enum(["asc", "desc"]).optional(),
  task: optionalId,
  remedial: z.enum(["1"]).optional(),
});

const liveQuery = z.object({
  task: optionalId,
  remedial: z.enum(["1"]).optional(),
  since: z.coerce.number().int().min(0).optional(),
});

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^\d{1,10}$/, "Not a valid id.")
          .transform(Number),
      )
      .max(1000),
  );

const downloadQuery = z.object({
  format: z.enum(["csv", "xlsx"], { error: "Choose CSV or XLSX." }),
  task: idList,
  problem: idList,
  assessment: idList,
});

/** Students whose scores changed since `since` (catch-up for a stream that (re)connects late). */
async function changedSince(db: Db, sectionId: number, since: number): Promise<number[]> {
  const rows = await db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select("submissions.user_id")
    .distinct()
    .where("tasks.section_id", "=", sectionId)
    .where((eb) =>
      eb.or([eb("submissions.graded_at", ">=", since), eb("submissions.override_at", ">=", since)]),
    )
    .execute();
  return rows.map((r) => r.user_id);
}

export const gradebookRoutes = new Hono<AppEnv>()
  .get("/:id/gradebook", validated("param", idParam), validated("query", gradebookQuery), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const q = c.req.valid("query");
    const { db, clock } = c.var.ctx;
    const now = clock.now();
    const withRemedial = q.remedial === "1"; // remedial work is left out of the page unless asked
    const all = await loadSectionGrades(db, section.id, now, withRemedial);
    const tasks = [
      ...new Map(all.problems.map((p) => [p.taskId, { id: p.taskId, title: p.taskTitle }])).values(),
    ];
    const task = tasks.some((t) => t.id === q.task) ? q.task : undefined;
    const grades = task
      ? restrictGrades(all, new Set(all.problems.filter((p) => p.taskId === task).map((p) => p.id)))
      : all;
    const dir = q.dir ?? (q.sort === "name" || q.sort === "username" ? "asc" : "desc");
    const assessmentColumns = await gradebookAssessmentColumns(db, section.id);
    if (q.sort.startsWith("a")) sortByAssessment(grades.students, assessmentColumns, q.sort, dir);
    else sortStudents(grades.students, q.sort as SortKey, dir);
    c.set(
      "liveUrl",
      `/sections/${section.id}/gradebook/live?${new URLSearchParams({ ...(task ? { task: String(task) } : {}), ...(withRemedial ? { remedial: "1" } : {}), since: String(now) })}`,
    );
    const page = (
      <GradebookPage
        section={section}
        grades={grades}
        query={{ sort: q.sort, dir, task }}
        tasks={tasks}
        summary={gradeSummary(grades.students)}
        assessmentColumns={assessmentColumns}
        remedialSwitch={<RemedialSwitch href={c.req.url} included={withRemedial} />}
      />
    );
    return c.render(page, { title: `Gradebook · ${section.name}` });
  })
  .get("/:id/gradebook/live", validated("param", idParam), validated("query", liveQuery), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id); // the same check as the page
    const { task, since, remedial } = c.req.valid("query");
    const { db, clock, events } = c.var.ctx;
    const row = async (userId: number) => {
      const { problems, student } = await loadStudentGrades(
        db,
        section.id,
        userId,
        clock.now(),
        remedial === "1",
      );
      if (!student) return null; // not (or no longer) enrolled
      const assessments = await gradebookAssessmentColumns(db, section.id, userId);
      const shown = task ? problems.filter((p) => p.taskId === task) : problems;
      const g = task
        ? restrictGrades({ problems, students: [student], maxPoints: 0 }, new Set(shown.map((p) => p.id)))
        : { problems, students: [student] };
      return toHtml(
        <GradebookRowPatch student={g.students[0]!} problems={g.problems} assessments={assessments} />,
      );
    };
    return liveStream(c, currentUser(c), async (live: LiveChannel) => {
      const from = Math.max(since ?? 0, live.lastEventId ?? 0);
      if (from > 0)
        for (const userId of await changedSince(db, section.id, from))
          live.coalesce(`row-${userId}`, 0, () => row(userId));
      const offGraded = events.on("submission:graded", (e) => {
        if (e.sectionId === section.id) live.coalesce(`row-${e.userId}`, 150, () => row(e.userId));
      });
      // A quiz started, submitted or marked changes that student's assessment cells (userId 0: a
      // regrade of the whole assessment, which the next page load shows).
      const offAssessed = events.on("assessment:changed", (e) => {
        if (e.sectionId === section.id && e.userId > 0)
          live.coalesce(`row-${e.userId}`, 150, () => row(e.userId));
      });
      return () => {
        offGraded();
        offAssessed();
      };
    });
  })
  .get(
    "/:id/gradebook/export",
    validated("param", idParam),
    validated("query", z.object({ task: optionalId })),
    async (c) => {
      const section = await sectionToTeach(c, c.req.valid("param").id);
      const g = await loadSectionGrades(c.var.ctx.db, section.id, c.var.ctx.clock.now());
      return c.render(
        <ExportPage
          section={section}
          assessments={await gradebookAssessmentColumns(c.var.ctx.db, section.id)}
          problems={g.problems}
          students={g.students.length}
          checkedTask={c.req.valid("query").task}
        />,
        { title: `Export · ${section.name}` },
      );
    },
  )
  .get(
    "/:id/gradebook/download",
    validated("param", idParam),
    validated("query", downloadQuery),
    async (c) => {
      const section = await sectionToTeach(c, c.req.valid("param").id);
      const q = c.req.valid("query");
      const { db, clock } = c.var.ctx;
      const now = clock.now();
      const all = await loadSectionGrades(db, section.id, now);
      const asked = q.problem.length + q.task.length + q.assessment.length > 0;
      const allAssessments = await gradebookAssessmentColumns(db, section.id);
      const assessments = asked ? allAssessments.filter((a) => q.assessment.includes(a.id)) : allAssessments;
      const chosen = new Set(
        all.problems
          .filter((p) => !asked || q.problem.includes(p.id) || q.task.includes(p.taskId))
          .map((p) => p.id),
      );
      if (asked && chosen.size === 0 && assessments.length === 0) {
        throw new HTTPException(400, {
          message: "None of the chosen tasks or problems belong to this gradebook.",
        });
      }
      const grades = restrictGrades(all, chosen);
      sortStudents(grades.students, "name", "asc");
      const name = `gradebook-${slug(section.name)}-${new Date(now).toISOString().slice(0, 10)}`;
      if (q.format === "csv") {
        c.header("Content-Type", "text/csv; charset=utf-8");
        c.header("Content-Disposition", `attachment; filename="${name}.csv"`);
        return c.body(gradebookCsv(grades, assessments));
      }
      c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      c.header("Content-Disposition", `attachment; filename="${name}.xlsx"`);
      return c.body(new Uint8Array(await gradebookXlsx(grades, section, now, assessments)));
    },
  );
