// Assessment grades where the rest of Slate shows grades (the section's gradebook has its columns in
// gradebook-columns.ts): the class dashboard (submitted and average per
// assessment) and the student's home dashboard (open assessments and their grades). Each is one call
// from the page that shows it. Students see a grade only when the phase's review options show marks.

import type { Db } from "../../db/connection.ts";
import type { Assessment } from "../../db/tables/assessments.ts";
import { fmt, formatDateTime } from "../../lib/format.ts";
import { Badge, Card } from "../../ui/components.tsx";
import { DataTable, numCol } from "../../ui/table.tsx";
import { openToStudentSql } from "../targeting/assignees.ts";
import { gradeOf } from "./grade-method.ts";
import { gradesReport } from "./results.ts";
import { isClosed, visibility } from "./review.ts";

const pctOf = (score: number, max: number) => (max > 0 ? `${fmt((score / max) * 100)}%` : "–");

async function sectionAssessments(db: Db, sectionId: number) {
  return db
    .selectFrom("assessments")
    .selectAll()
    .where("section_id", "=", sectionId)
    .where("published", "=", 1)
    .orderBy("id")
    .execute();
}

/** The class dashboard's card: per assessment, how many submitted and the average grade. */
export async function classDashboardAssessmentsCard(db: Db, sectionId: number) {
  const list = await sectionAssessments(db, sectionId);
  if (list.length === 0) return null;
  const rows = await Promise.all(
    list.map(async (a) => {
      const r = await gradesReport(db, a);
      const graded = r.filter((x) => x.grade);
      const mean = graded.length
        ? graded.reduce((s, x) => s + (x.grade!.max > 0 ? x.grade!.score / x.grade!.max : 0), 0) /
          graded.length
        : null;
      return { a, submitted: graded.length, students: r.length, mean, open: r.filter((x) => x.open).length };
    }),
  );
  return (
    <Card title="Quizzes and exams" class="flush mb">
      <DataTable
        label="Assessments"
        columns={["Assessment", numCol("Submitted"), numCol("In progress"), numCol("Average")]}
      >
        {rows.map((r) => (
          <tr>
            <td>
              <a href={`/assessments/${r.a.id}/results`}>{r.a.title}</a>
            </td>
            <td class="num">
              {r.submitted} / {r.students}
            </td>
            <td class="num">{r.open}</td>
            <td class="num">{r.mean === null ? "–" : `${fmt(r.mean * 100)}%`}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

/** The student's home card: published assessments of their sections, what is open, their grades. */
export async function studentAssessmentsCard(db: Db, userId: number, now: number) {
  const list: (Assessment & { section_name: string })[] = await db
    .selectFrom("assessments as a")
    .innerJoin("enrollments as e", "e.section_id", "a.section_id")
    .innerJoin("sections as s", "s.id", "a.section_id")
    .selectAll("a")
    .select("s.name as section_name")
    .where("e.user_id", "=", userId)
    .where("a.published", "=", 1)
    .where("s.archived_at", "is", null)
    .where(openToStudentSql("assessment", userId, "a"))
    .orderBy("a.closes_at")
    .execute();
  if (list.length === 0) return null;
  const attempts = await db
    .selectFrom("assessment_attempts")
    .selectAll()
    .where("user_id", "=", userId)
    .where(
      "assessment_id",
      "in",
      list.map((a) => a.id),
    )
    .execute();
  return (
    <Card title="Quizzes and exams" class="flush mb">
      <DataTable label="Your quizzes and exams" columns={["Assessment", "Status", numCol("Grade")]}>
        {list.map((a) => {
          const mine = attempts.filter((t) => t.assessment_id === a.id && t.practice === 0);
          const done = mine.filter((t) => t.state === "submitted");
          const g = gradeOf(a.grading_method, done);
          const marksShown = done.length > 0 && done.every((t) => visibility(a, t, now, false).marks);
          const status = mine.some((t) => t.state === "open")
            ? { text: "in progress", tone: "warning" as const }
            : a.opens_at !== null && now < a.opens_at
              ? { text: `opens ${formatDateTime(a.opens_at)}`, tone: "neutral" as const }
              : isClosed(a, now)
                ? { text: "closed", tone: "neutral" as const }
                : done.length > 0
                  ? { text: "submitted", tone: "success" as const }
                  : {
                      text: a.closes_at ? `due ${formatDateTime(a.closes_at)}` : "open",
                      tone: "accent" as const,
                    };
          return (
            <tr>
              <td>
                <a href={`/assessments/${a.id}`}>{a.title}</a>
                <span class="sub">{a.section_name}</span>
              </td>
              <td>
                <Badge tone={status.tone}>{status.text}</Badge>
              </td>
              <td class="num">
                {g && marksShown ? `${fmt(g.score)} / ${fmt(g.max)} (${pctOf(g.score, g.max)})` : "–"}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </Card>
  );
}
