// Managing the catalog: import a JSON file (or pasted JSON) with its report, export everything, and
// the list of problems with their edit links; and the edit form of one problem.
import type { FC } from "hono/jsx";
import { pct } from "../../../lib/format.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Alert, Badge, Card, FormError, ListCard, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions, SelectField, TextArea } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import type { Visibility } from "../../community/discussion/discussion-model.ts";
import { acceptance, type CatalogEntry, type CatalogRow } from "../catalog.ts";
import type { ImportReport } from "../import-export.ts";
import type { PointRanges } from "../settings.ts";
import { DifficultyBadge } from "./parts.tsx";

const EXAMPLE = `[{"title": "Add two numbers", "difficulty": "easy", "points": 10,
  "description": "Read two integers, print their sum.", "code_template": "a = int(input())\\n",
  "tags": ["math"], "test_cases": [{"input": "1\\n2\\n", "expected": "3", "hidden": false}]}]`;

const rangeText = (r: PointRanges) =>
  `Points: easy ${r.easy.min}–${r.easy.max}, medium ${r.medium.min}–${r.medium.max}, hard ${r.hard.min}–${r.hard.max}.`;

const Report: FC<{ report: ImportReport }> = ({ report }) => {
  if (!report.ok)
    return (
      <div class="alert alert-error" role="alert">
        <div>
          <p>
            <strong>Nothing was imported.</strong> Fix these and import the file again:
          </p>
          <ul class="import-errors">
            {report.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      </div>
    );
  const count = (o: string) => report.outcomes.filter((x) => x.outcome === o).length;
  return (
    <Alert kind="success">
      Imported: {count("created")} new, {count("updated")} updated, {count("unchanged")} unchanged.
    </Alert>
  );
};

export const ManagePage: FC<{
  rows: CatalogRow[];
  report?: ImportReport;
  source: string;
  ranges: PointRanges;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/practice">Practice</a> / Manage
    </p>
    <PageHeader
      title="Manage the practice catalog"
      subtitle="Publish problems for everyone, outside any section."
      actions={
        <a class="btn btn-secondary" href="/practice/export.json" download>
          <Icon name="download" size={16} />
          Export JSON
        </a>
      }
    />
    {p.report ? <Report report={p.report} /> : null}
    <div class="stack">
      <Card title="Import problems">
        <form method="post" action="/practice/import" enctype="multipart/form-data" class="stack">
          <Field label="JSON file" name="file" type="file" accept="application/json,.json" />
          <TextArea
            label="…or paste JSON"
            name="json"
            rows={8}
            value={p.source}
            class="code-input"
            spellcheck={false}
            hint={`One problem or a list. Importing the same file again changes nothing; a changed file updates its problems by title. ${rangeText(p.ranges)}`}
          />
          <details>
            <summary>Example</summary>
            <pre class="code-view">
              <code>{EXAMPLE}</code>
            </pre>
          </details>
          <FormActions icon="upload">Import</FormActions>
        </form>
      </Card>
      <ListCard
        title="Catalog"
        counted
        items={p.rows}
        empty={<p class="muted pad">No problems yet. Import a file to start.</p>}
      >
        <DataTable
          label="Catalog problems"
          columns={["Problem", "Difficulty", numCol("Points"), numCol("Acceptance"), hiddenCol("Edit")]}
        >
          {p.rows.map((r) => (
            <tr>
              <td>
                <a href={`/practice/problems/${r.id}`}>{r.title}</a>{" "}
                {r.published ? null : <Badge>hidden</Badge>}
              </td>
              <td>
                <DifficultyBadge d={r.difficulty} />
              </td>
              <td class="num">{r.points}</td>
              <td class="num">{pct(acceptance(r))}</td>
              <td class="num">
                <a href={`/practice/problems/${r.id}/edit`}>Edit</a>
              </td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
    </div>
  </>
);

export const EditPage: FC<{
  entry: CatalogEntry;
  ranges: PointRanges;
  discussion: Visibility;
  error?: string;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/practice">Practice</a> /{" "}
      <a href={`/practice/problems/${p.entry.problem.id}`}>{p.entry.problem.title}</a> / Edit
    </p>
    <PageHeader
      title={`Edit · ${p.entry.problem.title}`}
      subtitle="Statement, code template and tests come from the JSON import."
    />
    <div class="grid grid-2">
      <Card title="Catalog entry">
        <form method="post" action={`/practice/problems/${p.entry.problem.id}/edit`} class="stack">
          <FormError message={p.error} />
          <SelectField
            label="Difficulty"
            name="difficulty"
            value={p.entry.difficulty}
            options={[
              { value: "easy", label: "Easy" },
              { value: "medium", label: "Medium" },
              { value: "hard", label: "Hard" },
            ]}
          />
          <Field
            label="Points"
            name="points"
            type="number"
            value={String(p.entry.points)}
            min={0}
            max={10000}
            hint={rangeText(p.ranges)}
          />
          <Field
            label="Tags"
            name="tags"
            value={p.entry.tags.join(", ")}
            hint="Separated by commas, e.g. strings, loops."
          />
          <CheckField
            name="published"
            label="Published in the catalog"
            checked={p.entry.published}
            hint="Hidden problems are seen by teachers and admins only."
          />
          <SelectField
            label="Discussion"
            name="discussion"
            value={p.discussion}
            options={[
              { value: "always", label: "Open to everyone who practises it" },
              { value: "after_solved", label: "Only after solving the problem" },
            ]}
            hint="Solving means a submission with full marks. You and the admins always see it and moderate it."
          />
          <FormActions cancel={`/practice/problems/${p.entry.problem.id}`}>Save</FormActions>
        </form>
      </Card>
      <Card title="Delete">
        <p class="muted">
          Deleting removes the problem, its tests and every submission to it. Points already given stay with
          their owners until then.
        </p>
        <ActionButton
          action={`/practice/problems/${p.entry.problem.id}/delete`}
          tone="danger"
          confirm="Delete this problem and all its submissions?"
        >
          Delete problem
        </ActionButton>
      </Card>
    </div>
  </>
);
