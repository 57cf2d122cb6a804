// The grades report as a file, by the assessment's grading method: CSV (formula-safe) or XLSX.
import ExcelJS from "exceljs";
import type { Assessment } from "../../db/tables/assessments.ts";
import { toCsv } from "../../lib/csv.ts";
import type { GradeRow } from "./results.ts";

export function gradesTable(a: Assessment, rows: GradeRow[]) {
  const header = [
    "Username",
    "Name",
    "Attempts",
    `Grade (${a.grading_method})`,
    "Out of",
    "Grade %",
    "Status",
  ];
  const body = rows.map((r) => [
    r.username,
    r.name,
    r.attempts,
    r.grade ? r.grade.score : null,
    r.grade ? r.grade.max : null,
    r.grade && r.grade.max > 0 ? Math.round((r.grade.score / r.grade.max) * 10000) / 100 : null,
    r.grade === null
      ? r.open
        ? "in progress"
        : "no attempt"
      : r.grade.provisional
        ? "needs grading"
        : "graded",
  ]);
  return { header, body };
}

export const gradesCsv = (a: Assessment, rows: GradeRow[]) => {
  const { header, body } = gradesTable(a, rows);
  return toCsv([header, ...body]);
};

export async function gradesXlsx(a: Assessment, rows: GradeRow[]): Promise<Buffer> {
  const { header, body } = gradesTable(a, rows);
  const wb = new ExcelJS.Workbook();
  wb.creator = "Slate";
  const ws = wb.addWorksheet("Grades", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(header);
  for (const r of body) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((col, i) => {
    col.width = i < 2 ? 24 : 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
