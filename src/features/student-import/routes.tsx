// Bulk student import for a section's teachers: the form, the template, the import itself, and its
// report and results sheet (kept sealed for a day). Every route checks sectionToTeach.

import ExcelJS from "exceljs";
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Section } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { firstMessage, idParam, validated } from "../../http/validation.ts";
import { slug, toCsv } from "../../lib/csv.ts";
import {
  ImportFileError,
  importStudents,
  MAX_BYTES,
  openImport,
  parseImportCsv,
  resultsTable,
  saveImport,
  TEMPLATE_CSV,
} from "./bulk-import.ts";
import { ImportPage, ImportResultPage, type RecentImport } from "./views/import.tsx";

const importParam = idParam.extend({ importId: idParam.shape.id });

const uploadForm = z.object({
  file: z
    .union([z.instanceof(File), z.string()])
    .optional()
    .refine((f) => !(f instanceof File) || f.size <= MAX_BYTES, "The file is larger than 512 KB."),
  csv: z.string().max(MAX_BYTES, "The pasted text is larger than 512 KB.").optional(),
});

async function recentImports(c: Context<AppEnv>, sectionId: number): Promise<RecentImport[]> {
  const rows = await c.var.ctx.db
    .selectFrom("student_imports")
    .select(["id", "created_at", "expires_at", "summary"])
    .where("section_id", "=", sectionId)
    .where("expires_at", ">", c.var.ctx.clock.now())
    .orderBy("id", "desc")
    .limit(10)
    .execute();
  return rows.map((r) => ({ ...r, summary: JSON.parse(r.summary) }));
}

async function formPage(c: Context<AppEnv>, section: Section, error?: string, csv?: string) {
  if (error) c.status(422);
  return c.render(
    <ImportPage section={section} recent={await recentImports(c, section.id)} error={error} csv={csv} />,
    {
      title: `Import students · ${section.name}`,
    },
  );
}

async function found(c: Context<AppEnv>, sectionId: number, importId: number) {
  const section = await sectionToTeach(c, sectionId);
  const opened = await openImport(c.var.ctx, section.id, importId);
  if (!opened) {
    throw new HTTPException(404, {
      message: "These import results are gone: they are kept for 24 hours, or were deleted.",
    });
  }
  return { section, ...opened };
}

/** The per-row report with the temporary passwords, as CSV or XLSX (never cached). */
async function resultsSheet(c: Context<AppEnv>, format: "csv" | "xlsx") {
  const id = Number(c.req.param("id"));
  const importId = Number(c.req.param("importId"));
  const { section, record, rows } = await found(c, id, importId);
  const table = resultsTable(rows);
  const name = `students-${slug(section.name)}-${new Date(record.created_at).toISOString().slice(0, 10)}`;
  c.header("Cache-Control", "no-store");
  if (format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${name}.csv"`);
    return c.body(toCsv(table));
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Import results", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRows(table);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((col, i) => {
    col.width = [6, 20, 26, 28, 24, 20, 60][i] ?? 16;
  });
  c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  c.header("Content-Disposition", `attachment; filename="${name}.xlsx"`);
  return c.body(new Uint8Array(await wb.xlsx.writeBuffer()));
}

export const studentImportRoutes = new Hono<AppEnv>()
  .get("/:id/students/import", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    return formPage(c, section);
  })
  .get("/:id/students/import/template.csv", validated("param", idParam), async (c) => {
    await sectionToTeach(c, c.req.valid("param").id);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", 'attachment; filename="students-template.csv"');
    return c.body(TEMPLATE_CSV);
  })
  .post("/:id/students/import", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    // A bad upload re-renders the form with the message; nothing is imported.
    const parsed = uploadForm.safeParse(await c.req.parseBody());
    if (!parsed.success) return formPage(c, section, firstMessage(parsed.error));
    const form = parsed.data;
    if (section.archived_at !== null)
      return formPage(c, section, "This section is archived; restore it first.");
    const text =
      form.file instanceof File && form.file.size > 0 ? await form.file.text() : (form.csv ?? "").trim();
    if (!text) return formPage(c, section, "Choose a CSV file or paste the rows.");
    let raw: ReturnType<typeof parseImportCsv>;
    try {
      raw = parseImportCsv(text);
    } catch (err) {
      if (err instanceof ImportFileError) return formPage(c, section, err.message, form.csv);
      throw err;
    }
    const rows = await importStudents(c.var.ctx, section, raw, currentUser(c));
    const importId = await saveImport(c.var.ctx, section, currentUser(c), rows);
    return c.redirect(`/sections/${section.id}/imports/${importId}`, 303);
  })
  .get("/:id/imports/:importId", validated("param", importParam), async (c) => {
    const { id, importId } = c.req.valid("param");
    const { section, record, summary, rows } = await found(c, id, importId);
    const page = (
      <ImportResultPage
        section={section}
        importId={record.id}
        createdAt={record.created_at}
        expiresAt={record.expires_at}
        summary={summary}
        rows={rows}
      />
    );
    return c.render(page, { title: "Import results" });
  })
  .get("/:id/imports/:importId/results.csv", validated("param", importParam), (c) => resultsSheet(c, "csv"))
  .get("/:id/imports/:importId/results.xlsx", validated("param", importParam), (c) => resultsSheet(c, "xlsx"))

  .post("/:id/imports/:importId/delete", validated("param", importParam), async (c) => {
    const { id, importId } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    await c.var.ctx.db
      .deleteFrom("student_imports")
      .where("id", "=", importId)
      .where("section_id", "=", section.id)
      .execute();
    return redirectWith(c, `/sections/${section.id}/students/import`, "The results sheet was deleted.");
  });
