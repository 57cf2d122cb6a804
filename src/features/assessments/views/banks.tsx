// Question banks: the list, one bank (categories, questions, sharing, import and export), the import
// preview, the question editor and a question's page with its version history.
import type { FC } from "hono/jsx";
import type { QuestionBank } from "../../../db/tables/assessments.ts";
import { fmt, formatDateTime } from "../../../lib/format.ts";
import { LinkButton, SubmitButton } from "../../../ui/buttons.tsx";
import { Alert, Badge, Breadcrumb, Card, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions, SelectField, TextArea } from "../../../ui/fields.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import type { BankRow, CategoryNode, QuestionRow } from "../banks.ts";
import type { ImportedItem, ImportedQuestion, LineError, QType } from "../formats/types.ts";
import { QTYPES, qtypeLabel } from "../question.ts";
import { ANSWER_ROWS } from "../question-form.ts";
import { BankSettingsCard, CategoryItem, QuestionManageCard } from "./bank-manage.tsx";
import { QuestionText } from "./question-view.tsx";

const bankTrail = (bank?: QuestionBank) =>
  bank
    ? ([
        ["/banks", "Question banks"],
        [`/banks/${bank.id}`, bank.name],
      ] as const)
    : ([["/banks", "Question banks"]] as const);

const categoryOptions = (tree: CategoryNode[]) =>
  tree.map((c) => ({ value: String(c.id), label: `${"— ".repeat(c.depth)}${c.name}` }));

export const BanksPage: FC<{ banks: BankRow[]; userId: number; error?: string }> = (p) => (
  <>
    <PageHeader title="Question banks" subtitle="Questions for quizzes and exams, in nested categories." />
    {p.error ? <Alert kind="error">{p.error}</Alert> : null}
    <div class="grid grid-2-1">
      <ListCard
        title="Banks"
        counted
        items={p.banks}
        empty={
          <EmptyState icon="book" title="No question banks yet">
            Create one, then write questions or import a GIFT or Aiken file.
          </EmptyState>
        }
      >
        <DataTable label="Question banks" columns={["Bank", "Owner", numCol("Questions"), "Updated"]}>
          {p.banks.map((b) => (
            <tr>
              <td>
                <a href={`/banks/${b.id}`}>{b.name}</a>
              </td>
              <td>{b.owner_id === p.userId ? "You" : `${b.owner_name} (shared)`}</td>
              <td class="num">{b.questions}</td>
              <td>{formatDateTime(b.updated_at)}</td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
      <Card title="New bank">
        <form method="post" action="/banks" class="stack">
          <Field label="Name" name="name" required maxlength={120} />
          <FormActions icon="plus">Create bank</FormActions>
        </form>
      </Card>
    </div>
  </>
);

export const BankPage: FC<{
  bank: QuestionBank;
  tree: CategoryNode[];
  questions: QuestionRow[];
  owner: boolean;
  sharing: { shared: Set<number>; teaching: { id: number; name: string }[] };
  images: { id: number; name: string; sha256: string; markdown: string }[];
}> = (p) => {
  const count = (id: number) => p.questions.filter((q) => q.category_id === id).length;
  const path = new Map(p.tree.map((c) => [c.id, c.path]));
  return (
    <>
      <Breadcrumb trail={bankTrail()}>{p.bank.name}</Breadcrumb>
      <PageHeader
        title={p.bank.name}
        subtitle={`${p.questions.length} question${p.questions.length === 1 ? "" : "s"} in ${p.tree.length} categor${p.tree.length === 1 ? "y" : "ies"}`}
        actions={
          <>
            <LinkButton href={`/banks/${p.bank.id}/import`} icon="upload" tone="primary">
              Import
            </LinkButton>
            <LinkButton href={`/banks/${p.bank.id}/export/gift`} download icon="download">
              GIFT
            </LinkButton>
            <LinkButton href={`/banks/${p.bank.id}/export/aiken`} download icon="download">
              Aiken
            </LinkButton>
            <LinkButton href={`/banks/${p.bank.id}/export/csv`} download icon="download">
              CSV
            </LinkButton>
          </>
        }
      />
      <div class="grid grid-2-1 mb">
        <ListCard
          title="Questions"
          counted
          items={p.questions}
          empty={
            <EmptyState icon="book" title="No questions yet">
              Write one below, or import a GIFT or Aiken file.
            </EmptyState>
          }
        >
          <DataTable
            label="Questions"
            columns={["Question", "Type", "Category", numCol("Marks"), numCol("Version")]}
          >
            {p.questions.map((q) => (
              <tr>
                <td>
                  <a href={`/questions/${q.id}`}>{q.version.name}</a>
                </td>
                <td>{qtypeLabel(q.version.qtype)}</td>
                <td>{path.get(q.category_id)}</td>
                <td class="num">{fmt(q.version.default_mark)}</td>
                <td class="num">{q.version.version}</td>
              </tr>
            ))}
          </DataTable>
        </ListCard>
        <div class="stack">
          <Card title="New question">
            <form method="get" action={`/banks/${p.bank.id}/questions/new`} class="stack">
              <SelectField label="Type" name="type" options={QTYPES} value="multichoice" />
              <SelectField label="Category" name="category" options={categoryOptions(p.tree)} />
              <div class="actions">
                <SubmitButton icon="plus">Write question</SubmitButton>
              </div>
            </form>
          </Card>
          <Card title="Categories">
            <ul class="category-tree">
              {p.tree.map((c) => (
                <CategoryItem bankId={p.bank.id} c={c} count={count(c.id)} />
              ))}
            </ul>
            <form method="post" action={`/banks/${p.bank.id}/categories`} class="stack">
              <Field label="New category" name="name" required maxlength={120} />
              <SelectField
                label="Inside"
                name="parent_id"
                options={categoryOptions(p.tree)}
                first="(top level)"
              />
              <div class="actions">
                <SubmitButton tone="secondary">Add category</SubmitButton>
              </div>
            </form>
          </Card>
          <Card title="Images">
            <div id="images" />
            {p.images.length === 0 ? (
              <p class="muted">Upload an image, then put its Markdown in a question's text.</p>
            ) : (
              <ul class="image-list">
                {p.images.map((i) => (
                  <li>
                    <img src={`/question-images/${i.sha256}`} alt="" width="48" height="48" loading="lazy" />
                    <code>{i.markdown}</code>
                  </li>
                ))}
              </ul>
            )}
            <form
              method="post"
              action={`/banks/${p.bank.id}/images`}
              enctype="multipart/form-data"
              class="stack"
            >
              <Field
                label="Image (PNG, JPEG, GIF or WebP, up to 900 KiB)"
                name="image"
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
                required
              />
              <div class="actions">
                <SubmitButton tone="secondary" icon="upload">
                  Upload image
                </SubmitButton>
              </div>
            </form>
          </Card>
          <BankSettingsCard bank={p.bank} owner={p.owner} />
          {p.owner ? (
            <Card title="Shared with sections">
              {p.sharing.teaching.length === 0 ? (
                <p class="muted">You teach no sections yet.</p>
              ) : (
                <form method="post" action={`/banks/${p.bank.id}/sharing`} class="stack">
                  <p class="hint">Their other teachers can use and edit this bank.</p>
                  {p.sharing.teaching.map((s) => (
                    <label class="check">
                      <input
                        type="checkbox"
                        name="section"
                        value={String(s.id)}
                        checked={p.sharing.shared.has(s.id)}
                      />
                      {s.name}
                    </label>
                  ))}
                  <div class="actions">
                    <SubmitButton tone="secondary">Save sharing</SubmitButton>
                  </div>
                </form>
              )}
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
};

export const ImportPage: FC<{
  bank: QuestionBank;
  tree: CategoryNode[];
  values: { format: string; category_id: string; text: string };
  errors?: LineError[];
  preview?: { line: number; item: ImportedItem; problems: string[] }[];
  message?: string;
}> = (p) => {
  const questions = p.preview?.filter((x) => x.item.qtype !== "category") ?? [];
  return (
    <>
      <Breadcrumb trail={bankTrail(p.bank)}>Import</Breadcrumb>
      <PageHeader
        title="Import questions"
        subtitle="GIFT (Moodle's format) or Aiken. Nothing is stored until you confirm."
      />
      {p.message ? <Alert kind="error">{p.message}</Alert> : null}
      {p.errors && p.errors.length > 0 ? (
        <div class="alert alert-error" role="alert">
          <div>
            <strong>
              {p.errors.length} error{p.errors.length === 1 ? "" : "s"}: nothing was imported.
            </strong>
            <ul class="import-errors">
              {p.errors.map((e) => (
                <li>
                  Line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {p.preview && (!p.errors || p.errors.length === 0) ? (
        <Card
          title={`Preview: ${questions.length} question${questions.length === 1 ? "" : "s"} will be created`}
          class="flush mb"
        >
          <DataTable label="Questions to import" columns={["Line", "Question", "Type", numCol("Marks")]}>
            {p.preview.map((x) =>
              x.item.qtype === "category" ? (
                <tr>
                  <td>{x.line}</td>
                  <td colspan={3}>
                    <strong>Category {x.item.category}</strong>
                  </td>
                </tr>
              ) : (
                <tr>
                  <td>{x.line}</td>
                  <td>{x.item.name}</td>
                  <td>{qtypeLabel(x.item.qtype)}</td>
                  <td class="num">{fmt(x.item.defaultmark)}</td>
                </tr>
              ),
            )}
          </DataTable>
          <form method="post" action={`/banks/${p.bank.id}/import`} class="card-foot">
            <input type="hidden" name="format" value={p.values.format} />
            <input type="hidden" name="category_id" value={p.values.category_id} />
            <input type="hidden" name="text" value={p.values.text} />
            <FormActions op="import" icon="check">
              Create {questions.length} question{questions.length === 1 ? "" : "s"}
            </FormActions>
          </form>
        </Card>
      ) : null}
      <Card>
        <form method="post" action={`/banks/${p.bank.id}/import`} enctype="multipart/form-data" class="stack">
          <SelectField
            label="Format"
            name="format"
            options={[
              { value: "gift", label: "GIFT" },
              { value: "aiken", label: "Aiken" },
            ]}
            value={p.values.format}
          />
          <SelectField
            label="Into category"
            name="category_id"
            options={categoryOptions(p.tree)}
            value={p.values.category_id}
            hint="GIFT's $CATEGORY: lines create categories at the top of the bank."
          />
          <Field label="File" name="file" type="file" accept=".txt,.gift,.aiken,text/plain" />
          <TextArea
            label="Or paste the questions"
            name="text"
            rows={12}
            value={p.values.text}
            class="code-input"
          />
          <FormActions op="preview" icon="search" cancel={`/banks/${p.bank.id}`}>
            Preview
          </FormActions>
        </form>
      </Card>
    </>
  );
};

const AnswerRows: FC<{ qtype: QType; v: Record<string, string> }> = ({ qtype, v }) => {
  const rows = Array.from({ length: ANSWER_ROWS }, (_, i) => i);
  if (qtype === "match") {
    return (
      <fieldset class="answer-rows">
        <legend>Pairs (leave a question empty for an extra wrong answer)</legend>
        {rows.map((i) => (
          <div class="row-fields">
            <Field label={`Question ${i + 1}`} name={`left_${i}`} value={v[`left_${i}`]} />
            <Field label={`Matches ${i + 1}`} name={`right_${i}`} value={v[`right_${i}`]} />
          </div>
        ))}
      </fieldset>
    );
  }
  if (qtype === "truefalse") {
    return (
      <fieldset class="answer-rows">
        <legend>Right answer</legend>
        <label class="check">
          <input type="radio" name="correct" value="true" checked={v.correct !== "false"} /> True
        </label>
        <label class="check">
          <input type="radio" name="correct" value="false" checked={v.correct === "false"} /> False
        </label>
        <Field label="Feedback for True" name="feedback_true" value={v.feedback_true} />
        <Field label="Feedback for False" name="feedback_false" value={v.feedback_false} />
      </fieldset>
    );
  }
  if (qtype !== "multichoice" && qtype !== "shortanswer" && qtype !== "numerical") return null;
  return (
    <fieldset class="answer-rows">
      <legend>
        {qtype === "multichoice"
          ? "Answers (credit in %, negative allowed)"
          : "Accepted answers (credit in %)"}
      </legend>
      {qtype === "shortanswer" ? (
        <p class="hint">* matches any characters: "str*" accepts "string".</p>
      ) : null}
      {qtype === "numerical" ? (
        <p class="hint">Tolerance: the answer ± this is accepted. * accepts any other number.</p>
      ) : null}
      {rows.map((i) => (
        <div class="row-fields">
          <Field label={`Answer ${i + 1}`} name={`answer_${i}`} value={v[`answer_${i}`]} />
          {qtype === "numerical" ? (
            <Field
              label={`Tolerance ${i + 1}`}
              name={`tolerance_${i}`}
              value={v[`tolerance_${i}`]}
              inputmode="decimal"
            />
          ) : null}
          <Field
            label={`Credit ${i + 1} (%)`}
            name={`credit_${i}`}
            value={v[`credit_${i}`]}
            inputmode="decimal"
          />
          <Field label={`Feedback ${i + 1}`} name={`feedback_${i}`} value={v[`feedback_${i}`]} />
        </div>
      ))}
    </fieldset>
  );
};

export const QuestionFormPage: FC<{
  bank: QuestionBank;
  tree: CategoryNode[];
  qtype: QType;
  action: string;
  values: Record<string, string>;
  errors?: string[];
  editing?: { id: number; version: number };
}> = (p) => (
  <>
    <Breadcrumb trail={bankTrail(p.bank)}>{p.editing ? "Edit question" : "New question"}</Breadcrumb>
    <PageHeader
      title={p.editing ? `Edit: ${p.values.name}` : `New ${qtypeLabel(p.qtype).toLowerCase()} question`}
      subtitle={
        p.editing
          ? `Saving creates version ${p.editing.version + 1}; attempts keep the version they were taken with.`
          : undefined
      }
    />
    {p.errors && p.errors.length > 0 ? (
      <div class="alert alert-error" role="alert">
        <ul>
          {p.errors.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      </div>
    ) : null}
    <form method="post" action={p.action} class="stack card">
      <input type="hidden" name="qtype" value={p.qtype} />
      <Field label="Name" name="name" value={p.values.name} required maxlength={200} />
      <SelectField
        label="Category"
        name="category_id"
        options={categoryOptions(p.tree)}
        value={p.values.category_id}
      />
      <TextArea label="Question text (Markdown)" name="text" rows={6} value={p.values.text} required />
      {p.qtype === "description" ? null : (
        <Field
          label="Default marks"
          name="default_mark"
          value={p.values.default_mark ?? "1"}
          inputmode="decimal"
        />
      )}
      {p.qtype === "multichoice" ? (
        <CheckField
          name="single"
          label="One answer only (radio buttons)"
          checked={p.values.single === "on"}
        />
      ) : null}
      {p.qtype === "shortanswer" ? (
        <CheckField name="usecase" label="Case sensitive" checked={p.values.usecase === "on"} />
      ) : null}
      <AnswerRows qtype={p.qtype} v={p.values} />
      <TextArea label="General feedback" name="general_feedback" rows={3} value={p.values.general_feedback} />
      <Field label="Tags (comma separated)" name="tags" value={p.values.tags} maxlength={500} />
      <FormActions cancel={p.editing ? `/questions/${p.editing.id}` : `/banks/${p.bank.id}`}>
        Save question
      </FormActions>
    </form>
  </>
);

export const QuestionPage: FC<{
  bank: QuestionBank;
  questionId: number;
  q: ImportedQuestion;
  shownVersion: number;
  current: number;
  history: { id: number; version: number; name: string; created_at: number; author: string | null }[];
  right: string;
  /** Where it is filed, to move it (src/features/assessments/bank-manage-routes.tsx). */
  manage?: { categoryId: number; tree: CategoryNode[] };
}> = (p) => (
  <>
    <Breadcrumb trail={bankTrail(p.bank)}>{p.q.name}</Breadcrumb>
    <PageHeader
      title={p.q.name}
      subtitle={`${qtypeLabel(p.q.qtype)} · ${fmt(p.q.defaultmark)} marks · version ${p.shownVersion}${p.shownVersion === p.current ? " (current)" : ""}`}
      actions={
        <LinkButton href={`/questions/${p.questionId}/edit`} icon="pencil" tone="primary">
          Edit
        </LinkButton>
      }
    />
    <div class="grid grid-2-1">
      <Card title="Preview">
        <QuestionText text={p.q.questiontext} format={p.q.questiontextformat} />
        {p.q.answer ? (
          <ul>
            {p.q.answer.map((a, i) => (
              <li>
                {a}{" "}
                <Badge
                  tone={
                    (p.q.fraction?.[i] ?? 0) > 0
                      ? "success"
                      : (p.q.fraction?.[i] ?? 0) < 0
                        ? "danger"
                        : "neutral"
                  }
                >
                  {Math.round((p.q.fraction?.[i] ?? 0) * 1000) / 10}%
                </Badge>
                {p.q.tolerance?.[i] ? ` ± ${p.q.tolerance[i]}` : ""}
                {p.q.feedback?.[i] ? <span class="muted"> · {p.q.feedback[i]}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {p.right ? (
          <p>
            <strong>Right answer:</strong> {p.right}
          </p>
        ) : null}
        {p.q.generalfeedback ? <p class="muted">General feedback: {p.q.generalfeedback}</p> : null}
        {p.q.tags.length ? <p class="muted">Tags: {p.q.tags.join(", ")}</p> : null}
      </Card>
      <Card title="History" class="flush">
        <DataTable label="Versions" columns={["Version", "Saved", "By"]}>
          {p.history.map((h) => (
            <tr>
              <td>
                <a href={`/questions/${p.questionId}?version=${h.version}`}>
                  v{h.version}
                  {h.version === p.current ? " (current)" : ""}
                </a>
              </td>
              <td>{formatDateTime(h.created_at)}</td>
              <td>{h.author ?? "–"}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
      {p.manage ? (
        <QuestionManageCard questionId={p.questionId} categoryId={p.manage.categoryId} tree={p.manage.tree} />
      ) : null}
    </div>
  </>
);
