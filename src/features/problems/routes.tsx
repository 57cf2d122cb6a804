// Teachers author problems and their tests: the problem editor (settings, statement, starter and solution
// files), test cases, the reference-solution run, a student preview and the Markdown export of one
// problem. Every route goes through problemToTeach / taskToTeach (404 for anyone who does not teach the
// section); the rules themselves live in src/lib/authoring-rules.ts, shared with the Markdown import.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Section } from "../../db/schema.ts";
import type { Problem, Task, TestCase } from "../../db/tables/problems.ts";
import { presentResult } from "../../grading/present.ts";
import { runTests, SandboxUnavailableError } from "../../grading/service.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { problemToTeach, taskToTeach } from "../../http/task-access.ts";
import { checkbox, idParam, validated } from "../../http/validation.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import {
  deleteProblem,
  deleteTest,
  insertProblem,
  insertTest,
  moveProblem,
  moveTest,
  nextProblemPosition,
  nextTestPosition,
  selectOptionalTest,
  selectTests,
  updateProblem,
  updateTest,
} from "../../models/problem.ts";
import { selectDataFileInfos, selectDataFiles, selectDataJobFiles } from "../../models/problem-data-files.ts";
import { typedColumns } from "../execution/python-values.ts";
import { hintsEditorCard } from "../hints/routes.tsx";
import { problemIntegrityCard } from "../integrity/slots.tsx";
import { finishedSubmissionIds, problemScores, startRegrade } from "../submissions/regrade.ts";
import { markdownDownload } from "../tasks/routes.tsx";
import {
  MAX_FILES,
  type ProblemDraft,
  type ProblemFile,
  problemColumns,
  problemDraftOf,
  problemDraftSchema,
  splitParams,
  testColumns,
  testDraftOf,
  testDraftSchema,
  testSetIssues,
} from "./authoring-rules.ts";
import { exportProblems } from "./problem-markdown.ts";
import {
  NEW_PROBLEM_VALUES,
  NewProblemPage,
  ProblemEditorPage,
  type ProblemFormValues,
  problemFormValues,
  type ScoresState,
} from "./views/editor.tsx";
import { NEW_TEST_VALUES, TestFormPage, type TestValues, testValues } from "./views/editor-tests.tsx";
import { StudentPreviewPage } from "./views/preview.tsx";
import { ReferencePage, ReferenceResult } from "./views/reference.tsx";

// ---------- the problem form ----------

const text = (max: number) => z.string().max(max, "A field is too long.").optional().default("");
const names = z.array(z.string().max(200, "A file name is too long.")).max(50).optional().default([]);
const contents = z.array(z.string()).max(50).optional().default([]);

const problemForm = z.object({
  title: text(2000),
  statement: text(1024 * 1024),
  kind: text(20),
  function_name: text(200),
  function_params: text(2000),
  main_file: text(200),
  time_limit_ms: text(40),
  memory_mb: text(40),
  "starter_name[]": names,
  "starter_content[]": contents,
  "solution_name[]": names,
  "solution_content[]": contents,
  op: z
    .string()
    .regex(/^(save|add-starter|add-solution|remove-(starter|solution)-\d{1,2})$/, "Unknown action.")
    .optional()
    .default("save"),
});
type ProblemForm = z.infer<typeof problemForm>;

function zip(names: string[], contents: string[]): ProblemFile[] {
  if (names.length !== contents.length)
    throw new HTTPException(400, { message: "Every file needs a name and a content." });
  return names.map((name, i) => ({ name, content: contents[i]! }));
}

function formValues(f: ProblemForm): ProblemFormValues {
  return {
    title: f.title,
    statement: f.statement,
    kind: f.kind,
    function_name: f.function_name,
    function_params: f.function_params,
    main_file: f.main_file,
    time_limit_ms: f.time_limit_ms,
    memory_mb: f.memory_mb,
    starter: zip(f["starter_name[]"], f["starter_content[]"]),
    solution: zip(f["solution_name[]"], f["solution_content[]"]),
  };
}

const toNumber = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

/** Adds or removes a file in the form (no saving); null when op is "save". */
function applyFileOp(op: string, v: ProblemFormValues): { values: ProblemFormValues; notice: string } | null {
  const m = op.match(/^(add|remove)-(starter|solution)(?:-(\d+))?$/);
  if (!m) return null;
  const key = m[2] === "starter" ? "starter" : "solution";
  const files = [...v[key]];
  let notice = "Not saved yet: press the save button to keep your changes.";
  if (m[1] === "add") {
    if (files.length >= MAX_FILES) notice = `A problem has at most ${MAX_FILES} ${key} files.`;
    else files.push({ name: files.some((f) => f.name === v.main_file) ? "" : v.main_file, content: "" });
  } else {
    files.splice(Number(m[3]), 1);
  }
  return { values: { ...v, [key]: files }, notice };
}

/** The form checked by the shared rules; a message for the teacher when it is refused. */
function problemDraft(v: ProblemFormValues): { draft: ProblemDraft } | { error: string } {
  const parsed = problemDraftSchema.safeParse({
    title: v.title,
    statement: v.statement,
    kind: v.kind,
    function_name: v.function_name,
    function_params: splitParams(v.function_params),
    main_file: v.main_file,
    time_limit_ms: toNumber(v.time_limit_ms),
    memory_mb: toNumber(v.memory_mb),
    starter_files: v.starter,
    solution_files: v.solution,
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "The problem is not valid." };
  return { draft: parsed.data };
}

/**
 * A test's data means something else for each kind (stdin text vs. JSON arguments), so the kind changes
 * only while there are no tests.
 */
function kindChangeProblem(problem: Problem, draft: ProblemDraft, tests: TestCase[]): string | null {
  if (draft.kind === problem.kind || tests.length === 0) return null;
  const n = tests.length;
  return `The kind cannot change while the problem has tests (${n}): their data means something else for a ${draft.kind === "function" ? "function" : "program (stdin)"} problem. Delete the tests first, or keep the kind.`;
}

interface Ctx {
  section: Section;
  task: Task;
}

async function renderEditor(
  c: Context<AppEnv>,
  at: Ctx & { problem: Problem },
  values: ProblemFormValues,
  extra: { error?: string; notice?: string; changed?: ScoresState["changed"] } = {},
) {
  const { changed, ...messages } = extra;
  const tests = await selectTests(c.var.ctx.db, at.problem.id);
  const { ids, outdated } = await problemScores(c.var.ctx.db, at.problem.id, tests);
  const scores = { finished: ids.length, outdated, changed };
  const integrity = await problemIntegrityCard(c.var.ctx.db, at.problem, at.task);
  const dataFiles = await selectDataFileInfos(c.var.ctx.db, at.problem.id);
  const page = (
    <ProblemEditorPage
      {...at}
      tests={tests}
      values={values}
      scores={scores}
      integrity={integrity}
      dataFiles={dataFiles}
      hints={await hintsEditorCard(c, at.problem.id)}
      {...messages}
    />
  );
  return c.render(page, { title: at.problem.title });
}

/**
 * Where to go after a change that can move scores: to the regrade notice when some submissions were
 * graded already (their scores may be out of date now), else to `fallback`.
 */
async function afterScoringChange(
  c: Context<AppEnv>,
  problemId: number,
  changed: "tests" | "settings",
  fallback: string,
): Promise<string> {
  const finished = await finishedSubmissionIds(c.var.ctx.db, problemId);
  return finished.length > 0 ? `/manage/problems/${problemId}?changed=${changed}#regrade-notice` : fallback;
}

/** The columns that decide a score (not the title, statement or files students start from). */
const GRADING_COLUMNS = [
  "kind",
  "function_name",
  "function_params",
  "main_file",
  "time_limit_ms",
  "memory_mb",
] as const;
/** The columns of a test that decide a score (not its name, message or whether it is hidden). */
const SCORING_TEST_COLUMNS = [
  "points",
  "input",
  "expected",
  "compare",
  "tolerance",
  "kind",
  "value_format",
  "files",
  "expected_files",
] as const;

const editorQuery = z.object({ changed: z.enum(["tests", "settings"]).optional().catch(undefined) });

function renderNew(
  c: Context<AppEnv>,
  at: Ctx,
  values: ProblemFormValues,
  extra: { error?: string; notice?: string } = {},
) {
  return c.render(<NewProblemPage {...at} values={values} {...extra} />, { title: "New problem" });
}

// ---------- the test form ----------

const testForm = z.object({
  name: text(1000),
  hidden: checkbox,
  points: text(40),
  input: text(1024 * 1024),
  expected: text(1024 * 1024),
  compare: text(20),
  tolerance: text(60),
  message: text(10_000),
  kind: text(10).optional(),
  code: text(1024 * 1024).optional(),
  value_format: text(10).optional(),
  file_name: text(200).optional(),
  file_content: text(256 * 1024).optional(),
  expected_file_name: text(200).optional(),
  expected_file_content: text(256 * 1024).optional(),
});

/** The test form has room for one added file and one expected file (the Markdown format for more). */
const oneFile = (name: string | undefined, content: string | undefined) =>
  name?.trim() ? [{ name: name.trim(), content: content ?? "" }] : [];

const testParam = idParam.extend({ testId: idParam.shape.id });

/** The test form checked by the shared rules, and against the problem's other tests. */
async function checkTest(
  c: Context<AppEnv>,
  problem: Problem,
  form: z.infer<typeof testForm>,
  editing: TestCase | null,
): Promise<{ ok: true; columns: ReturnType<typeof testColumns> } | { ok: false; error: string }> {
  if (problem.kind === "function" && !problem.function_name) {
    return {
      ok: false,
      error: "This function problem has no function signature yet: set it in the problem first.",
    };
  }
  const code = form.kind === "code";
  const parsed = testDraftSchema(problem.kind).safeParse({
    name: form.name,
    hidden: form.hidden,
    points: toNumber(form.points),
    input: code ? (form.code ?? "") : form.input,
    expected: code ? "" : form.expected,
    compare: problem.kind === "function" || code ? "trim" : form.compare || "trim",
    tolerance: code || form.tolerance.trim() === "" ? null : toNumber(form.tolerance),
    message: form.message,
    kind: code ? "code" : "io",
    value_format: form.value_format === "python" && !code ? "python" : "json",
    files: oneFile(form.file_name, form.file_content),
    expected_files: oneFile(form.expected_file_name, form.expected_file_content),
  });
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "The test is not valid." };
  const others = (await selectTests(c.var.ctx.db, problem.id)).filter((t) => t.id !== editing?.id);
  const issues = testSetIssues([...others.map(testDraftOf), parsed.data]);
  if (issues.length > 0) return { ok: false, error: issues[0]!.message };
  const typed = await typedColumns(c.var.ctx.sandbox, [parsed.data]);
  if (!typed.ok) return { ok: false, error: typed.message };
  return { ok: true, columns: { ...testColumns(parsed.data), ...typed.typed[0] } };
}

function renderTestForm(
  c: Context<AppEnv>,
  at: Ctx & { problem: Problem },
  test: TestCase | undefined,
  values: TestValues,
  error?: string,
) {
  const page = <TestFormPage {...at} test={test} values={values} error={error} />;
  return c.render(page, { title: test ? `Test ${test.name}` : "New test" });
}

async function testToTeach(c: Context<AppEnv>, problemId: number, testId: number) {
  const at = await problemToTeach(c, problemId);
  const test = await selectOptionalTest(c.var.ctx.db, at.problem.id, testId);
  if (!test) throw new HTTPException(404, { message: "There is no such test." });
  return { ...at, test };
}

// ---------- the reference run ----------

async function referenceRun(c: Context<AppEnv>, problem: Problem) {
  const tests = await selectTests(c.var.ctx.db, problem.id);
  const files = JSON.parse(problem.solution_files) as ProblemFile[];
  const fail = (status: 422 | 503, error: string) => ({
    status,
    content: <ReferenceResult error={error} />,
    tests,
  });
  if (files.length === 0)
    return fail(422, "This problem has no solution files: add your reference solution first.");
  if (tests.length === 0) return fail(422, "This problem has no tests yet: add tests first.");
  try {
    const dataFiles = await selectDataJobFiles(c.var.ctx.db, problem.id);
    const result = await runTests(c.var.ctx.sandbox, problem, tests, files, problem.main_file, { dataFiles });
    return {
      status: 200 as const,
      content: <ReferenceResult view={presentResult(result, tests, "teacher", problem.kind)} />,
      tests,
    };
  } catch (err) {
    if (err instanceof SandboxUnavailableError) return fail(503, `The code could not be run: ${err.message}`);
    if (err instanceof Error && err.name === "SandboxInputError")
      return fail(422, `The code could not be run: ${err.message}.`);
    throw err;
  }
}

// ---------- routes ----------

export const manageProblemRoutes = new Hono<AppEnv>()
  .get("/tasks/:id/problems/new", validated("param", idParam), async (c) => {
    const at = await taskToTeach(c, c.req.valid("param").id);
    return renderNew(c, at, NEW_PROBLEM_VALUES);
  })
  .post("/tasks/:id/problems/new", validated("param", idParam), validated("form", problemForm), async (c) => {
    const at = await taskToTeach(c, c.req.valid("param").id);
    const form = c.req.valid("form");
    const values = formValues(form);
    const edited = applyFileOp(form.op, values);
    if (edited) return renderNew(c, at, edited.values, { notice: edited.notice });
    const checked = problemDraft(values);
    if ("error" in checked) {
      c.status(422);
      return renderNew(c, at, values, { error: checked.error });
    }
    const { db, clock } = c.var.ctx;
    const now = clock.now();
    const problem = await insertProblem(db, {
      ...problemColumns(checked.draft),
      task_id: at.task.id,
      position: await nextProblemPosition(db, at.task.id),
      created_at: now,
      updated_at: now,
    });
    return redirectWith(c, `/manage/problems/${problem.id}#tests`, "Problem created. Now add its tests.");
  })
  .get("/problems/:id", validated("param", idParam), validated("query", editorQuery), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    return renderEditor(c, at, problemFormValues(at.problem), { changed: c.req.valid("query").changed });
  })
  .post("/problems/:id/regrade", validated("param", idParam), async (c) => {
    const { problem, task } = await problemToTeach(c, c.req.valid("param").id);
    const ids = await finishedSubmissionIds(c.var.ctx.db, problem.id);
    if (ids.length === 0)
      return redirectWith(
        c,
        `/manage/problems/${problem.id}#tests`,
        "No graded submissions to regrade.",
        "info",
      );
    const regradeId = await startRegrade(c.var.ctx, task.id, currentUser(c).id, ids);
    return c.redirect(`/manage/regrades/${regradeId}`, 303);
  })
  .post("/problems/:id", validated("param", idParam), validated("form", problemForm), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    const form = c.req.valid("form");
    const values = formValues(form);
    const edited = applyFileOp(form.op, values);
    if (edited) return renderEditor(c, at, edited.values, { notice: edited.notice });
    const checked = problemDraft(values);
    const error =
      "error" in checked
        ? checked.error
        : kindChangeProblem(at.problem, checked.draft, await selectTests(c.var.ctx.db, at.problem.id));
    if (error !== null || "error" in checked) {
      c.status(422);
      return renderEditor(c, at, values, { error: error ?? "The problem is not valid." });
    }
    const columns = problemColumns(checked.draft);
    await updateProblem(c.var.ctx.db, at.problem.id, { ...columns, updated_at: c.var.ctx.clock.now() });
    const base = `/manage/problems/${at.problem.id}`;
    const grading = GRADING_COLUMNS.some((k) => columns[k] !== at.problem[k]);
    const to = grading ? await afterScoringChange(c, at.problem.id, "settings", base) : base;
    return redirectWith(c, to, "Problem saved.");
  })
  .post("/problems/:id/delete", validated("param", idParam), async (c) => {
    const { problem, task } = await problemToTeach(c, c.req.valid("param").id);
    await deleteProblem(c.var.ctx.db, problem.id);
    return redirectWith(c, `/manage/tasks/${task.id}`, `Problem "${problem.title}" deleted.`);
  })
  .post("/problems/:id/move/:dir{up|down}", validated("param", idParam), async (c) => {
    const { problem, task } = await problemToTeach(c, c.req.valid("param").id);
    await moveProblem(c.var.ctx.db, problem, c.req.param("dir") as "up" | "down");
    return c.redirect(`/manage/tasks/${task.id}`, 303);
  })
  .get("/problems/:id/tests/new", validated("param", idParam), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    return renderTestForm(c, at, undefined, NEW_TEST_VALUES);
  })
  .post("/problems/:id/tests/new", validated("param", idParam), validated("form", testForm), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    const form = c.req.valid("form");
    const checked = await checkTest(c, at.problem, form, null);
    if (!checked.ok) {
      c.status(422);
      return renderTestForm(c, at, undefined, { ...form, hidden: form.hidden ? "on" : "" }, checked.error);
    }
    const { db } = c.var.ctx;
    await insertTest(db, {
      ...checked.columns,
      problem_id: at.problem.id,
      position: await nextTestPosition(db, at.problem.id),
    });
    const to = await afterScoringChange(c, at.problem.id, "tests", `/manage/problems/${at.problem.id}#tests`);
    return redirectWith(c, to, `Test "${checked.columns.name}" added.`);
  })
  .get("/problems/:id/tests/:testId", validated("param", testParam), async (c) => {
    const { id, testId } = c.req.valid("param");
    const { test, ...at } = await testToTeach(c, id, testId);
    return renderTestForm(c, at, test, testValues(test));
  })
  .post(
    "/problems/:id/tests/:testId",
    validated("param", testParam),
    validated("form", testForm),
    async (c) => {
      const { id, testId } = c.req.valid("param");
      const { test, ...at } = await testToTeach(c, id, testId);
      const form = c.req.valid("form");
      const checked = await checkTest(c, at.problem, form, test);
      if (!checked.ok) {
        c.status(422);
        return renderTestForm(c, at, test, { ...form, hidden: form.hidden ? "on" : "" }, checked.error);
      }
      await updateTest(c.var.ctx.db, test.id, checked.columns);
      const back = `/manage/problems/${at.problem.id}#tests`;
      const scoring = SCORING_TEST_COLUMNS.some((k) => checked.columns[k] !== test[k]);
      const to = scoring ? await afterScoringChange(c, at.problem.id, "tests", back) : back;
      return redirectWith(c, to, `Test "${checked.columns.name}" saved.`);
    },
  )
  .post("/problems/:id/tests/:testId/delete", validated("param", testParam), async (c) => {
    const { id, testId } = c.req.valid("param");
    const { test, problem } = await testToTeach(c, id, testId);
    await deleteTest(c.var.ctx.db, test.id);
    const to = await afterScoringChange(c, problem.id, "tests", `/manage/problems/${problem.id}#tests`);
    return redirectWith(c, to, `Test "${test.name}" deleted.`);
  })
  .post("/problems/:id/tests/:testId/move/:dir{up|down}", validated("param", testParam), async (c) => {
    const { id, testId } = c.req.valid("param");
    const { test, problem } = await testToTeach(c, id, testId);
    await moveTest(c.var.ctx.db, test, c.req.param("dir") as "up" | "down");
    return c.redirect(`/manage/problems/${problem.id}#tests`, 303);
  })
  .get("/problems/:id/reference", validated("param", idParam), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    const testCount = (await selectTests(c.var.ctx.db, at.problem.id)).length;
    return c.render(<ReferencePage {...at} testCount={testCount} />, { title: "Reference solution" });
  })
  .post("/problems/:id/reference", validated("param", idParam), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    const run = await referenceRun(c, at.problem);
    // htmx swaps only 2xx answers: the fragment says what went wrong itself.
    if (c.req.header("hx-request")) return c.html(run.content);
    c.status(run.status);
    const page = <ReferencePage {...at} testCount={run.tests.length} result={run.content} />;
    return c.render(page, { title: "Reference solution" });
  })
  .get("/problems/:id/preview", validated("param", idParam), async (c) => {
    const at = await problemToTeach(c, c.req.valid("param").id);
    const tests = await selectTests(c.var.ctx.db, at.problem.id);
    // Only visible tests' data leaves this handler; hidden tests are counted, nothing more.
    const examples = tests
      .filter((t) => !t.hidden)
      .map((t) => ({ name: t.name, input: t.input, expected: t.expected }));
    const page = (
      <StudentPreviewPage
        {...at}
        statementHtml={renderMarkdown(at.problem.statement)}
        examples={examples}
        hiddenCount={tests.length - examples.length}
      />
    );
    return c.render(page, { title: `Preview: ${at.problem.title}` });
  })
  .get("/problems/:id/export.md", validated("param", idParam), async (c) => {
    const { problem } = await problemToTeach(c, c.req.valid("param").id);
    const tests = (await selectTests(c.var.ctx.db, problem.id)).map(testDraftOf);
    const dataFiles = await selectDataFiles(c.var.ctx.db, problem.id);
    const text = exportProblems([{ problem: problemDraftOf(problem), tests, dataFiles }]);
    const slug = problem.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60);
    return markdownDownload(c, text, `${slug || "problem"}.md`);
  });
