// Bulk student import: the upload form (file or pasted text, template to download) and the per-row
// report with a results sheet to download (temporary passwords are only in the sheet).
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { ActionButton, SubmitButton } from "../../../ui/buttons.tsx";
import { Badge, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { SectionCrumbs, SectionNav } from "../../../ui/section-nav.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import type { ImportRow, ImportSummary, RowKind } from "../bulk-import.ts";
import { MAX_ROWS, RESULT_LABEL } from "../bulk-import.ts";

export interface RecentImport {
  id: number;
  created_at: number;
  expires_at: number;
  summary: ImportSummary;
}

const tone: Record<RowKind, "success" | "accent" | "warning" | "danger"> = {
  created: "success",
  existing: "accent",
  duplicate: "warning",
  invalid: "danger",
};

export const SummaryLine: FC<{ s: ImportSummary }> = ({ s }) => (
  <span class="import-summary">
    <Badge tone="success">{s.created} created</Badge>{" "}
    <Badge tone="accent">{s.existing} already existed, enrolled</Badge>{" "}
    <Badge tone="warning">{s.duplicate} duplicate in file</Badge>{" "}
    <Badge tone="danger">{s.invalid} invalid</Badge>
  </span>
);

export const ImportPage: FC<{ section: Section; recent: RecentImport[]; error?: string; csv?: string }> = (
  p,
) => {
  const base = `/sections/${p.section.id}/students/import`;
  return (
    <>
      <SectionCrumbs section={p.section} here="Import students" />
      <PageHeader
        title="Import students"
        subtitle="Create accounts and enroll a whole class from a spreadsheet saved as CSV."
        actions={
          <a class="btn btn-secondary" href={`${base}/template.csv`}>
            <Icon name="download" size={16} />
            Download the template
          </a>
        }
      />
      <SectionNav section={p.section} current="import" />
      <div class="grid grid-2 mb">
        <Card title="Upload">
          <form method="post" action={base} enctype="multipart/form-data" class="stack">
            <FormError message={p.error} />
            <div class="field">
              <label for="f-file">CSV file</label>
              <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
            </div>
            <div class="field">
              <label for="f-csv">…or paste the rows</label>
              <textarea
                id="f-csv"
                name="csv"
                rows={6}
                class="mono"
                placeholder={"username,display_name,email\nada.l,Ada Lovelace,ada@school.example"}
              >
                {p.csv ?? ""}
              </textarea>
            </div>
            <SubmitButton icon="upload">Import</SubmitButton>
          </form>
        </Card>
        <Card title="How it works">
          <ul class="how">
            <li>
              Columns: <code>username</code>, <code>display_name</code> and optionally <code>email</code>,
              with that header line first. At most {MAX_ROWS} students per file.
            </li>
            <li>
              New usernames get an account with a temporary password; students choose their own at first
              login.
            </li>
            <li>Students who already have an account are enrolled in this section.</li>
            <li>
              A username twice in the file, or a row with a problem, changes nothing; the report says why, row
              by row.
            </li>
            <li>The results sheet with the temporary passwords can be downloaded for 24 hours.</li>
          </ul>
        </Card>
      </div>
      {p.recent.length > 0 ? (
        <Card title="Recent imports" class="flush">
          <ul class="plain-list pad-x">
            {p.recent.map((r) => (
              <li>
                <a href={`/sections/${p.section.id}/imports/${r.id}`}>{formatDateTime(r.created_at)}</a>
                <SummaryLine s={r.summary} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
};

export const ImportResultPage: FC<{
  section: Section;
  importId: number;
  createdAt: number;
  expiresAt: number;
  summary: ImportSummary;
  rows: ImportRow[];
}> = (p) => {
  const base = `/sections/${p.section.id}/imports/${p.importId}`;
  return (
    <>
      <SectionCrumbs section={p.section} here="Import results" />
      <PageHeader
        title="Import results"
        subtitle={<SummaryLine s={p.summary} />}
        actions={
          <>
            <a class="btn btn-primary" href={`${base}/results.csv`}>
              <Icon name="download" size={16} />
              Results sheet (CSV)
            </a>
            <a class="btn btn-secondary" href={`${base}/results.xlsx`}>
              <Icon name="download" size={16} />
              Excel
            </a>
          </>
        }
      />
      <SectionNav section={p.section} current="import" />
      {p.summary.created > 0 ? (
        <div class="alert alert-info" role="status">
          <Icon name="key" />
          <div>
            <p>
              <strong>
                {p.summary.created} temporary password{p.summary.created === 1 ? " is" : "s are"} in the
                results sheet.
              </strong>{" "}
              Hand each student theirs; they choose a new one at first login. The sheet can be downloaded
              until {formatDateTime(p.expiresAt)}.
            </p>
            <ActionButton
              action={`${base}/delete`}
              small
              tone="danger"
              confirm="Delete the results sheet now? The passwords cannot be shown again."
            >
              Delete the sheet now
            </ActionButton>
          </div>
        </div>
      ) : null}
      <Card class="flush">
        <DataTable columns={[numCol("Line"), "Username", "Name", "Result", "Details"]}>
          {p.rows.map((r) => (
            <tr>
              <td class="num">{r.line}</td>
              <td>{r.username || <span class="muted">(empty)</span>}</td>
              <td>
                {r.displayName}
                {r.email ? <span class="sub">{r.email}</span> : null}
              </td>
              <td>
                <Badge tone={tone[r.kind]}>{RESULT_LABEL[r.kind]}</Badge>
              </td>
              <td class="muted">{r.message}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <p class="mt">
        <a href={`/sections/${p.section.id}/students/import`}>Import more</a> ·{" "}
        <a href={`/sections/${p.section.id}`}>Back to the section</a>
      </p>
    </>
  );
};
