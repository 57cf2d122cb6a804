// The teacher's problem editor: settings, the statement with a live preview, starter and solution files
// (a plain multi-file editor: adding or removing a file re-renders the form on the server, no script),
// the tests, and the reference-solution run.
import type { Child, FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Task, TestCase } from "../../../db/tables/problems.ts";
import { pythonArgs, pythonReprOfJson } from "../../../lib/format.ts";
import type { DataFileInfo } from "../../../models/problem-data-files.ts";
import { ActionButton, LinkButton, MoveButtons } from "../../../ui/buttons.tsx";
import {
  Alert,
  Badge,
  Breadcrumb,
  Card,
  type Crumb,
  EmptyState,
  FormError,
  ListCard,
  PageHeader,
} from "../../../ui/components.tsx";
import {
  bindValues,
  Field,
  FormActions,
  FormSection,
  NumberField,
  SelectField,
} from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { MarkdownField } from "../../../ui/markdown-field.tsx";
import { taskTrail } from "../../../ui/section-nav.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import { DataFilesCard } from "../../execution/views/data-files.tsx";
import { MEMORY, type ProblemFile, TIME_LIMIT } from "../authoring-rules.ts";

export interface ProblemFormValues {
  title: string;
  statement: string;
  kind: string;
  function_name: string;
  function_params: string;
  main_file: string;
  time_limit_ms: string;
  memory_mb: string;
  starter: ProblemFile[];
  solution: ProblemFile[];
}

export function problemFormValues(p: Problem): ProblemFormValues {
  return {
    title: p.title,
    statement: p.statement,
    kind: p.kind,
    function_name: p.function_name ?? "",
    function_params: (JSON.parse(p.function_params) as string[]).join(", "),
    main_file: p.main_file,
    time_limit_ms: String(p.time_limit_ms),
    memory_mb: String(p.memory_mb),
    starter: JSON.parse(p.starter_files),
    solution: JSON.parse(p.solution_files),
  };
}

export const NEW_PROBLEM_VALUES: ProblemFormValues = {
  title: "",
  statement: "",
  kind: "stdin",
  function_name: "",
  function_params: "",
  main_file: "main.py",
  time_limit_ms: "2000",
  memory_mb: "128",
  starter: [{ name: "main.py", content: "" }],
  solution: [{ name: "main.py", content: "" }],
};

const KINDS = [
  { value: "stdin", label: "Program" },
  { value: "function", label: "Function" },
];

const FilesEditor: FC<{
  kind: "starter" | "solution";
  files: ProblemFile[];
  mainFile: string;
  hint: string;
}> = ({ kind, files, mainFile, hint }) => {
  const label = kind === "starter" ? "Starter" : "Solution";
  return (
    <fieldset class="files-editor">
      <legend>{label} files</legend>
      <p class="hint">{hint}</p>
      {files.length === 0 ? <p class="muted files-empty">No {label.toLowerCase()} files.</p> : null}
      {files.map((f, i) => (
        <div class="file-block">
          <div class="file-head">
            <Icon name="file" size={16} />
            <label class="sr-only" for={`${kind}-name-${i}`}>
              {label} file {i + 1} name
            </label>
            <input
              id={`${kind}-name-${i}`}
              name={`${kind}_name[]`}
              type="text"
              class="file-name-input"
              value={f.name}
              maxlength={64}
              placeholder="name.py"
              autocomplete="off"
              spellcheck={false}
            />
            {f.name === mainFile ? <Badge tone="accent">main</Badge> : null}
            <button
              type="submit"
              name="op"
              value={`remove-${kind}-${i}`}
              class="btn btn-ghost btn-sm file-remove"
              formnovalidate
            >
              <Icon name="trash" size={14} />
              Remove
              <span class="sr-only">
                {" "}
                {label.toLowerCase()} file {f.name || i + 1}
              </span>
            </button>
          </div>
          <label class="sr-only" for={`${kind}-content-${i}`}>
            {label} file {f.name || i + 1} content
          </label>
          <textarea
            id={`${kind}-content-${i}`}
            name={`${kind}_content[]`}
            class="code-input file-content"
            rows={Math.min(24, Math.max(6, f.content.split("\n").length + 1))}
            spellcheck={false}
            autocomplete="off"
          >
            {f.content}
          </textarea>
        </div>
      ))}
      <button type="submit" name="op" value={`add-${kind}`} class="btn btn-secondary btn-sm" formnovalidate>
        <Icon name="plus" size={14} />
        Add {label.toLowerCase()} file
      </button>
    </fieldset>
  );
};

/** The problem's settings, statement and files: one form, for a new problem and for editing. */
export const ProblemForm: FC<{
  action: string;
  values: ProblemFormValues;
  error?: string;
  notice?: string;
  submitLabel: string;
  cancel: string;
}> = ({ action, values: v, error, notice, submitLabel, cancel }) => {
  const { field } = bindValues(v);
  return (
    <form method="post" action={action} class="stack problem-form">
      {/* Enter in a text field submits with the form's first button: make that "save", not "remove". */}
      <button type="submit" name="op" value="save" hidden tabindex={-1}>
        {submitLabel}
      </button>
      <FormError message={error} />
      {notice ? <Alert kind="info">{notice}</Alert> : null}
      <FormSection title="Problem">
        <Field label="Title" {...field("title")} required maxlength={200} placeholder="Sum of two numbers" />
        <div class="form-grid">
          <SelectField
            label="Kind"
            name="kind"
            options={KINDS}
            value={v.kind === "function" ? "function" : "stdin"}
            hint="A program reads input and prints; a function is called by each test."
          />
          <Field
            label="Main file"
            {...field("main_file")}
            required
            maxlength={64}
            hint="The .py file that runs (or defines the function)."
          />
          <NumberField
            label="Time limit (ms)"
            {...field("time_limit_ms")}
            min={TIME_LIMIT.min}
            max={TIME_LIMIT.max}
            step={1}
            required
            hint={`Per test, ${TIME_LIMIT.min} to ${TIME_LIMIT.max}.`}
          />
          <NumberField
            label="Memory (MB)"
            {...field("memory_mb")}
            min={MEMORY.min}
            max={MEMORY.max}
            step={1}
            required
            hint={`${MEMORY.min} to ${MEMORY.max}.`}
          />
        </div>
        <div class="form-grid function-only">
          <Field
            label="Function name"
            {...field("function_name")}
            maxlength={64}
            placeholder="add"
            hint="The function students must define at the top level of the main file."
          />
          <Field
            label="Parameters"
            {...field("function_params")}
            maxlength={600}
            placeholder="a, b"
            hint="Its parameter names, in order, separated by commas."
          />
        </div>
      </FormSection>
      <Card title="Statement">
        <MarkdownField
          label="Statement (Markdown)"
          name="statement"
          value={v.statement}
          rows={14}
          hint="What students read. Markdown: **bold**, `code`, lists, tables, fenced code blocks."
        />
      </Card>
      <FormSection title="Files">
        <FilesEditor
          kind="starter"
          files={v.starter}
          mainFile={v.main_file}
          hint="What students start from. Leave a file empty for a blank start."
        />
        <FilesEditor
          kind="solution"
          files={v.solution}
          mainFile={v.main_file}
          hint="Your reference solution: teachers only, never shown to students."
        />
      </FormSection>
      <FormActions class="sticky-actions" op="save" cancel={cancel}>
        {submitLabel}
      </FormActions>
    </form>
  );
};

export const ProblemBreadcrumb: FC<{ section: Section; task: Task; problem?: Problem; last?: string }> = (
  p,
) => (
  <Breadcrumb
    trail={[
      ...taskTrail(p.section, p.task),
      ...(p.problem && p.last ? [[`/manage/problems/${p.problem.id}`, p.problem.title] as Crumb] : []),
    ]}
  >
    {p.last ?? p.problem?.title ?? "New problem"}
  </Breadcrumb>
);

export const NewProblemPage: FC<{
  section: Section;
  task: Task;
  values: ProblemFormValues;
  error?: string;
  notice?: string;
}> = (p) => (
  <>
    <ProblemBreadcrumb section={p.section} task={p.task} />
    <PageHeader title="New problem" subtitle={`In "${p.task.title}". Add its tests once it is created.`} />
    <ProblemForm
      action={`/manage/tasks/${p.task.id}/problems/new`}
      values={p.values}
      error={p.error}
      notice={p.notice}
      submitLabel="Create problem"
      cancel={`/manage/tasks/${p.task.id}`}
    />
  </>
);

const preview = (text: string, max = 40) => {
  const flat = text.replace(/\n/g, "⏎ ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

export const TestsCard: FC<{ problem: Problem; tests: TestCase[] }> = ({ problem, tests }) => {
  const base = `/manage/problems/${problem.id}/tests`;
  const total = Math.round(tests.reduce((s, t) => s + t.points, 0) * 100) / 100;
  const hidden = tests.filter((t) => t.hidden).length;
  // After a signature change, tests may pass the wrong number of arguments: say so (grading would fail).
  const params = JSON.parse(problem.function_params) as string[];
  const arity = (t: TestCase) => {
    try {
      const args = JSON.parse(t.input);
      return Array.isArray(args) ? args.length : -1;
    } catch {
      return -1;
    }
  };
  const jsonCall = (t: TestCase) => t.kind !== "code" && t.value_format !== "python";
  const mismatched =
    problem.kind === "function" ? tests.filter((t) => jsonCall(t) && arity(t) !== params.length) : [];
  return (
    <ListCard
      items={tests}
      title="Tests"
      counted
      actions={
        <LinkButton href={`${base}/new`} tone="primary" small icon="plus">
          Add test
        </LinkButton>
      }
      empty={
        <EmptyState icon="check" title="No tests yet">
          <p>Tests decide the score. Add a visible one as an example, and hidden ones to check thoroughly.</p>
        </EmptyState>
      }
    >
      {mismatched.length > 0 ? (
        <div class="pad-x">
          <Alert kind="warning">
            {problem.function_name}({params.join(", ")}) takes {params.length} argument
            {params.length === 1 ? "" : "s"}, but these tests pass another number:{" "}
            {mismatched.map((t) => `${t.name} (${arity(t)})`).join(", ")}. Edit them before students submit.
          </Alert>
        </div>
      ) : null}
      <DataTable
        class="tests-table"
        columns={[
          numCol("#"),
          "Test",
          problem.kind === "function" ? "Call → expected" : "Input → expected",
          "Compare",
          numCol("Points"),
          hiddenCol("Actions"),
        ]}
      >
        {tests.map((t, i) => (
          <tr>
            <td class="num muted">{i + 1}</td>
            <td>
              <a href={`${base}/${t.id}`} class="strong-link test-name">
                {t.name}
              </a>{" "}
              {t.hidden ? <Badge tone="warning">hidden</Badge> : <Badge tone="success">visible</Badge>}
              {t.message ? <span class="sub">message: {preview(t.message, 60)}</span> : null}
            </td>
            <td>
              <code class="data-preview">
                {problem.kind === "function"
                  ? `${problem.function_name ?? "f"}(${preview(pythonArgs(t.input))})`
                  : preview(t.input) || "(no input)"}
              </code>
              <span class="sub">
                →{" "}
                <code class="data-preview">
                  {problem.kind === "function"
                    ? preview(pythonReprOfJson(t.expected))
                    : preview(t.expected) || "(no output)"}
                </code>
              </span>
            </td>
            <td>
              {problem.kind === "function"
                ? t.tolerance === null
                  ? "=="
                  : `± ${t.tolerance}`
                : t.compare === "tolerance"
                  ? `numbers ± ${t.tolerance}`
                  : t.compare === "ignore_case"
                    ? "ignore case"
                    : "exact (trimmed)"}
            </td>
            <td class="num">{t.points}</td>
            <td>
              <div class="row-actions">
                <MoveButtons
                  base={`${base}/${t.id}`}
                  label={`test ${t.name}`}
                  index={i}
                  count={tests.length}
                />
                <LinkButton href={`${base}/${t.id}`} small more={`test ${t.name}`}>
                  Edit
                </LinkButton>
                <ActionButton
                  action={`${base}/${t.id}/delete`}
                  small
                  tone="danger"
                  confirm={`Delete the test "${t.name}"?`}
                >
                  Delete<span class="sr-only"> test {t.name}</span>
                </ActionButton>
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <p class="table-foot muted">
        {total} point{total === 1 ? "" : "s"} in all · {tests.length - hidden} visible · {hidden} hidden
      </p>
    </ListCard>
  );
};

/** The reference run: a button that posts (htmx swaps the result in; without JS a full page answers). */
export const ReferenceCard: FC<{ problem: Problem; testCount: number; result?: unknown }> = (p) => {
  const solutions = (JSON.parse(p.problem.solution_files) as ProblemFile[]).length;
  const action = `/manage/problems/${p.problem.id}/reference`;
  return (
    <Card title="Reference solution" class="reference-card">
      <p class="muted">
        Runs your solution files against all {p.testCount} test{p.testCount === 1 ? "" : "s"}, hidden ones
        included, exactly as a submission is graded. Nothing is recorded.
      </p>
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target="#reference-result"
        hx-swap="innerHTML"
        hx-indicator="#reference-running"
        hx-disabled-elt="find button"
        class="form-row"
      >
        <button type="submit" class="btn btn-primary" disabled={solutions === 0 || p.testCount === 0}>
          <Icon name="play" size={16} />
          Run reference solution
        </button>
        <span id="reference-running" class="htmx-indicator running-note">
          <span class="spinner" aria-hidden="true" /> Running the tests…
        </span>
        {solutions === 0 ? <span class="muted">Add solution files first.</span> : null}
        {solutions > 0 && p.testCount === 0 ? <span class="muted">Add tests first.</span> : null}
      </form>
      <div id="reference-result" class="reference-result" aria-live="polite">
        {p.result ?? null}
      </div>
    </Card>
  );
};

/** What the editor knows about existing scores: see RegradeNotice. */
export interface ScoresState {
  /** Submissions with a final result, which a regrade runs again. */
  finished: number;
  /** Graded against other tests or points than the current ones. */
  outdated: number;
  /** Set right after the teacher changed the tests or how the problem is graded. */
  changed?: "tests" | "settings";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** After a change that can move scores: say so, with the regrade one click away. */
export const RegradeNotice: FC<{ problemId: number; scores: ScoresState }> = ({ problemId, scores: s }) => {
  if (s.finished === 0 || (!s.changed && s.outdated === 0)) return null;
  const what =
    s.changed === "tests"
      ? `You changed the tests. The scores of the ${plural(s.finished, "submission")} graded before may be out of date.`
      : s.changed === "settings"
        ? `You changed how this problem is graded. The scores of the ${plural(s.finished, "submission")} graded before may be out of date.`
        : `${plural(s.outdated, "submission")} of this problem ${s.outdated === 1 ? "was" : "were"} graded with other tests or points than the current ones: ${s.outdated === 1 ? "its score" : "their scores"} may be out of date.`;
  return (
    <div id="regrade-notice" class="regrade-notice">
      <Alert kind="warning">
        <p>{what}</p>
        <p class="muted">Regrading runs them again against the current tests; score overrides stay.</p>
        <ActionButton action={`/manage/problems/${problemId}/regrade`} tone="primary" small>
          Regrade {plural(s.finished, "submission")}
        </ActionButton>
      </Alert>
    </div>
  );
};

export const ProblemEditorPage: FC<{
  section: Section;
  task: Task;
  problem: Problem;
  tests: TestCase[];
  values: ProblemFormValues;
  scores: ScoresState;
  error?: string;
  notice?: string;
  /** The integrity settings card (features/integrity). */
  integrity?: Child;
  dataFiles?: DataFileInfo[];
  /** The hints card (features/hints). */
  hints?: Child;
}> = (p) => {
  const base = `/manage/problems/${p.problem.id}`;
  const signature =
    p.problem.kind === "function"
      ? `${p.problem.function_name}(${(JSON.parse(p.problem.function_params) as string[]).join(", ")})`
      : null;
  return (
    <>
      <ProblemBreadcrumb section={p.section} task={p.task} problem={p.problem} />
      <PageHeader
        title={p.problem.title}
        subtitle={
          <>
            {signature ? (
              <>
                Function <code>{signature}</code>
              </>
            ) : (
              "Program: reads input, prints output"
            )}{" "}
            · {p.problem.time_limit_ms} ms · {p.problem.memory_mb} MB
          </>
        }
        actions={
          <>
            <a class="btn btn-secondary" href={`${base}/preview`}>
              Preview as a student
            </a>
            <a class="btn btn-secondary" href={`${base}/export.md`} download>
              <Icon name="download" size={16} />
              Export
            </a>
            <a class="btn btn-secondary" href="#tests">
              Tests ({p.tests.length})
            </a>
          </>
        }
      />
      <ProblemForm
        action={base}
        values={p.values}
        error={p.error}
        notice={p.notice}
        submitLabel="Save problem"
        cancel={`/manage/tasks/${p.task.id}`}
      />
      <div id="tests" class="stack mt-lg">
        <RegradeNotice problemId={p.problem.id} scores={p.scores} />
        <TestsCard problem={p.problem} tests={p.tests} />
        <DataFilesCard problemId={p.problem.id} files={p.dataFiles ?? []} />
        <ReferenceCard problem={p.problem} testCount={p.tests.length} />
        {p.hints}
        {p.integrity}
        <Card title="Delete problem">
          <p class="muted">Deleting the problem removes its tests and every submission to it.</p>
          <ActionButton
            action={`${base}/delete`}
            tone="danger"
            confirm={`Delete "${p.problem.title}" with its tests and submissions?`}
          >
            <Icon name="trash" size={16} />
            Delete problem
          </ActionButton>
        </Card>
      </div>
    </>
  );
};
