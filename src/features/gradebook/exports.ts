// The gradebook as a file: CSV (formula-safe, see csv.ts) or XLSX (exceljs; numbers stay numbers,
// text is stored as text, never as a formula). Both hold the same table: one row per student, one
// column per chosen problem (best effective score, empty when nothing is graded), then points,
// points available and the grade in percent over the chosen problems. Chosen quizzes and exams come
// after the problems: each student's grade by the assessment's grading method, "N (essay to mark)"
// while an essay waits for a mark, empty when nothing is submitted; they are not part of the points.
import ExcelJS from "exceljs";
import {
  type AssessmentColumn,
  assessmentExportValue,
  assessmentHeader,
} from "../../analytics/assessment-columns.ts";
import type { SectionGrades } from "../../analytics/grades.ts";
import type { Section } from "../../db/schema.ts";
import { toCsv } from "../../lib/csv.ts";

export const problemHeader = (p: SectionGrades["problems"][number]) =>
  `${p.taskTitle} / ${p.title} (${p.maxPoints})`;

export function gradebookTable(
  g: SectionGrades,
  assessments: readonly AssessmentColumn[] = [],
): { header: string[]; rows: (string | number | null)[][] } {
  const header = [
    "Username",
    "Name",
    "Email",
    ...g.problems.map(problemHeader),
    ...assessments.map(assessmentHeader),
    "Points",
    "Points available",
    "Grade %",
  ];
  const rows = g.students.map((s) => [
    s.username,
    s.displayName,
    s.email ?? "",
    ...g.problems.map((p) => s.cells.get(p.id)?.best ?? null),
    ...assessments.map((a) => assessmentExportValue(a, s.id)),
    s.points,
    g.maxPoints,
    s.grade,
  ]);
  return { header, rows };
}

export function gradebookCsv(g: SectionGrades, assessments: readonly AssessmentColumn[] = []): string {
  const { header, rows } = gradebookTable(g, assessments);
  return toCsv([header, ...rows]);
}

export async function gradebookXlsx(
  g: SectionGrades,
  section: Section,
  exportedAt: number,
  assessments: readonly AssessmentColumn[] = [],
): Promise<Buffer> {
  const { header, rows } = gradebookTable(g, assessments);
  const wb = new ExcelJS.Workbook();
  wb.creator = "Slate";
  wb.created = new Date(exportedAt);
  const ws = wb.addWorksheet("Gradebook", { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: "top" };
  ws.columns.forEach((col, i) => {
    col.width = i < 3 ? 22 : 14;
  });
  const gradeCol = header.length;
  ws.getColumn(gradeCol).numFmt = "0.00";
  const about = wb.addWorksheet("About");
  about.addRows([
    ["Section", section.name],
    ["Term", section.term],
    ["Exported", new Date(exportedAt).toISOString()],
    ["Students", g.students.length],
    ["Problems", g.problems.length],
    ["Quizzes and exams", assessments.length],
    ["Points available", g.maxPoints],
    [],
    ["Scores are each student's best graded submission (a teacher's override counts)."],
    ["An empty cell means nothing graded yet; it counts as 0 in the points."],
    ["Quiz and exam columns hold the grade by each one's grading method; they are not in the points."],
    ['"(essay to mark)" means an essay of a counted attempt still waits for the teacher\'s mark.'],
  ]);
  about.getColumn(1).width = 20;
  about.getColumn(2).width = 40;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
