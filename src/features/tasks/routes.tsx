// Teachers author tasks: create, edit, delete, reorder, clone, and move problems in and out as Markdown.
// Every route checks that the user teaches the task's section (taskToTeach / sectionToTeach, 404 for
// anyone else); every input is validated with zod, and a refused form keeps what the teacher typed.
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Section } from "../../db/schema.ts";
import type { Task } from "../../db/tables/problems.ts";
import { currentUser, requireRole } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { taskToTeach } from "../../http/task-access.ts";
import {
  checkbox,
  firstMessage,
  formValidator,
  idParam,
  line,
  optionalText,
  validated,
} from "../../http/validation.ts";
import { parseLocalInput, serverZone } from "../../lib/local-time.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { decrypt, encrypt } from "../../lib/secret-box.ts";
import {
  insertProblemsWithTests,
  selectProblemSummaries,
  selectProblems,
  selectTests,
} from "../../models/problem.ts";
import { selectDataFiles } from "../../models/problem-data-files.ts";
import { selectTeachingSections } from "../../models/section.ts";
import {
  clearTaskUnlocks,
  deleteTask,
  insertTask,
  moveTask,
  nextTaskPosition,
  updateTask,
} from "../../models/task.ts";
import { MarkdownPreview } from "../../ui/markdown-field.tsx";
import { typedColumns } from "../execution/python-values.ts";
import {
  problemColumns,
  problemDraftOf,
  type TestDraft,
  testColumns,
  testDraftOf,
  unixNewlines,
} from "../problems/authoring-rules.ts";
import { exportProblems, PROBLEM_TEMPLATE, parseProblems } from "../problems/problem-markdown.ts";
import { assigneeIds, checkTargeting, saveTargeting, targetStudents } from "../targeting/assignees.ts";
import { targetingFields, targetingValues } from "../targeting/form.ts";
import { type CloneTargeting, cloneTask } from "./task-clone.ts";
import { ClonePage } from "./views/clone.tsx";
import { NEW_TASK_VALUES, TaskFormPage, type TaskValues, taskValues } from "./views/form.tsx";
import { ImportPage } from "./views/import.tsx";
import { TaskPreviewPage } from "./views/preview.tsx";
import { TaskOverviewPage } from "./views/show.tsx";

const number = (s: string | undefined) => (s === undefined || s.trim() === "" ? Number.NaN : Number(s));

const taskForm = z
  .object({
    title: line("Title", 200),
    description: optionalText("Description", 50_000),
    starts_at: z.string().max(40).optional().default(""),
    due_at: z.string().max(40).optional().default(""),
    late_policy: z.enum(["none", "free", "penalty"], { error: "Choose what happens to late submissions." }),
    late_penalty_pct: z.string().max(40).optional(),
    late_interval_hours: z.string().max(40).optional(),
    late_cap_pct: z.string().max(40).optional(),
    access_code: optionalText("The access code", 64).refine(
      (s) => !/[\r\n]/.test(s),
      "The access code must be one line.",
    ),
    max_submissions: z.string().max(40).optional().default(""),
    lock_after_first: checkbox,
    published: checkbox,
    leaderboard: checkbox,
    ...targetingFields,
  })
  .transform((f, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    const starts = parseLocalInput(f.starts_at);
    const due = parseLocalInput(f.due_at);
    if (starts === undefined) return fail("The start time is not a valid date and time.");
    if (due === undefined) return fail("The due time is not a valid date and time.");
    if (starts !== null && due !== null && due <= starts)
      return fail("The due time must be after the start time.");
    const late = { late_penalty_pct: 0, late_interval_hours: 24, late_cap_pct: 100 };
    if (f.late_policy === "penalty") {
      const pct = number(f.late_penalty_pct);
      const hours = number(f.late_interval_hours);
      const cap = number(f.late_cap_pct);
      if (!(pct > 0 && pct <= 100)) return fail("The late penalty must be more than 0 and at most 100 %.");
      if (!(hours >= 0.1 && hours <= 8760))
        return fail("The penalty interval must be between 0.1 and 8760 hours.");
      if (!(cap > 0 && cap <= 100)) return fail("The penalty cap must be more than 0 and at most 100 %.");
      Object.assign(late, { late_penalty_pct: pct, late_interval_hours: hours, late_cap_pct: cap });
    }
    let max: number | null = null;
    if (f.max_submissions.trim() !== "") {
      max = number(f.max_submissions);
      if (!Number.isInteger(max) || max < 1 || max > 1000)
        return fail("The maximum number of submissions must be a whole number from 1 to 1000, or empty.");
    }
    return {
      title: f.title,
      description: unixNewlines(f.description),
      starts_at: starts,
      due_at: due,
      late_policy: f.late_policy,
      ...late,
      accessCode: f.access_code === "" ? null : f.access_code,
      max_submissions: max,
      lock_after_first: f.lock_after_first ? 1 : 0,
      published: f.published ? 1 : 0,
      leaderboard: f.leaderboard ? 1 : 0,
      remedial: f.remedial ? 1 : 0,
      targeting: { remedial: f.remedial, assignees: f.assignees },
    };
  });

async function renderTaskForm(
  c: Context<AppEnv>,
  section: Section,
  task: Task | undefined,
  values: TaskValues,
  error?: string,
) {
  const students = await targetStudents(c.var.ctx.db, section.id);
  const page = (
    <TaskFormPage
      section={section}
      task={task}
      values={values}
      error={error}
      zone={serverZone()}
      students={students}
    />
  );
  return c.render(page, { title: task ? "Edit task" : "New task" });
}

const sectionParam = z.object({ sectionId: idParam.shape.id });

const invalidNewTask = formValidator(taskForm, async (c, error, values) => {
  const section = await sectionToTeach(c, Number(c.req.param("sectionId")));
  c.status(422);
  return renderTaskForm(c, section, undefined, values, error);
});

const invalidTaskEdit = formValidator(taskForm, async (c, error, values) => {
  const { task, section } = await taskToTeach(c, Number(c.req.param("id")));
  c.status(422);
  return renderTaskForm(c, section, task, values, error);
});

/** The submitted form as strings (repeated fields joined), to show it again with a message. */
async function rawValues(c: Context<AppEnv>): Promise<TaskValues> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(",") : String(v)]),
  );
}

const cloneForm = z.object({
  sectionId: idParam.shape.id,
  targeting: z.enum(["clear", "keep", "choose"], { error: "Choose who sees the copy." }).default("clear"),
  assignees: targetingFields.assignees,
});

async function renderClone(
  c: Context<AppEnv>,
  task: Task,
  section: Section,
  values?: Record<string, string>,
  error?: string,
) {
  const { db } = c.var.ctx;
  const page = (
    <ClonePage
      section={section}
      task={task}
      sections={await selectTeachingSections(db, currentUser(c), false)}
      problemCount={(await selectProblems(db, task.id)).length}
      students={await targetStudents(db, section.id)}
      values={values}
      error={error}
    />
  );
  return c.render(page, { title: "Clone task" });
}

function accessCodeOf(c: Context<AppEnv>, task: Task): string | null {
  return task.access_code_enc === null ? null : decrypt(c.var.ctx.secret, task.access_code_enc);
}

/** "Week 3: loops" -> "week-3-loops.md" */
function fileNameFor(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 60);
  return `${slug || "problems"}.md`;
}

export function markdownDownload(c: Context<AppEnv>, text: string, name: string) {
  c.header("Content-Type", "text/markdown; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="${name}"`);
  c.header("Cache-Control", "no-store");
  return c.body(text);
}

/** A task's problems, tests and data files as drafts, in order (for the export). */
async function taskDocs(c: Context<AppEnv>, taskId: number) {
  const { db } = c.var.ctx;
  const problems = await selectProblems(db, taskId);
  return Promise.all(
    problems.map(async (p) => ({
      problem: problemDraftOf(p),
      tests: (await selectTests(db, p.id)).map(testDraftOf),
      dataFiles: await selectDataFiles(db, p.id),
    })),
  );
}

/** Room for a problem with the largest data files (2 MiB, a third more as base64) and its tests. */
export const IMPORT_BYTES = 4 * 1024 * 1024;
const importTooLarge = () => {
  throw new HTTPException(413, { message: "The Markdown file is larger than 4 MiB." });
};

const importForm = z.object({
  file: z.union([z.instanceof(File), z.string()]).optional(),
  text: z.string().max(IMPORT_BYTES, "The pasted text is larger than 4 MiB.").optional(),
});

const previewQuery = z.object({
  field: z.enum(["statement", "description", "body"]),
  breaks: z.literal("1").optional(),
});
const previewText = z
  .string()
  .max(512 * 1024, "The text is too long to preview.")
  .optional();
const previewForm = z.object({ statement: previewText, description: previewText, body: previewText });

const teacherOnly = requireRole("teacher", "admin");

export const manageTaskRoutes = new Hono<AppEnv>()
  .post("/markdown", teacherOnly, validated("query", previewQuery), validated("form", previewForm), (c) => {
    const { field, breaks } = c.req.valid("query");
    return c.html(<MarkdownPreview source={c.req.valid("form")[field] ?? ""} breaks={breaks === "1"} />);
  })
  .get("/problem-template.md", teacherOnly, (c) =>
    markdownDownload(c, PROBLEM_TEMPLATE, "problem-template.md"),
  )
  .get("/sections/:sectionId/tasks/new", validated("param", sectionParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").sectionId);
    return renderTaskForm(c, section, undefined, NEW_TASK_VALUES);
  })
  .post("/sections/:sectionId/tasks/new", validated("param", sectionParam), invalidNewTask, async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").sectionId);
    const { accessCode, targeting, ...fields } = c.req.valid("form");
    const { db, clock, secret } = c.var.ctx;
    const refused = await checkTargeting(db, section.id, targeting);
    if (refused) {
      c.status(422);
      return renderTaskForm(c, section, undefined, await rawValues(c), refused);
    }
    const now = clock.now();
    const task = await db.transaction().execute(async (tx) => {
      const created = await insertTask(tx, {
        ...fields,
        section_id: section.id,
        access_code_enc: accessCode === null ? null : encrypt(secret, accessCode),
        position: await nextTaskPosition(tx, section.id),
        created_at: now,
        updated_at: now,
      });
      await saveTargeting(tx, "task", created.id, section.id, targeting);
      return created;
    });
    c.var.ctx.events.emit("task:changed", { taskId: task.id, sectionId: section.id }); // open task lists
    return redirectWith(c, `/manage/tasks/${task.id}`, "Task created. Add its first problem.");
  })
  .get("/tasks/:id", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const page = (
      <TaskOverviewPage
        section={section}
        task={task}
        descriptionHtml={renderMarkdown(task.description)}
        accessCode={accessCodeOf(c, task)}
        problems={await selectProblemSummaries(c.var.ctx.db, task.id)}
        now={c.var.ctx.clock.now()}
        zone={serverZone()}
        assignees={(await assigneeIds(c.var.ctx.db, "task", task.id)).length}
      />
    );
    return c.render(page, { title: task.title });
  })
  .get("/tasks/:id/preview", validated("param", idParam), async (c) => {
    // /tasks/:id sends teachers here to manage; this is the student's page of the task for them.
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const page = (
      <TaskPreviewPage
        section={section}
        task={task}
        descriptionHtml={renderMarkdown(task.description)}
        problems={await selectProblems(c.var.ctx.db, task.id)}
        now={c.var.ctx.clock.now()}
      />
    );
    return c.render(page, { title: `Preview: ${task.title}` });
  })
  .get("/tasks/:id/edit", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const values = {
      ...taskValues(task, accessCodeOf(c, task) ?? ""),
      ...targetingValues(task.remedial, await assigneeIds(c.var.ctx.db, "task", task.id)),
    };
    return renderTaskForm(c, section, task, values);
  })
  .post("/tasks/:id", validated("param", idParam), invalidTaskEdit, async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const { accessCode, targeting, ...fields } = c.req.valid("form");
    const { secret } = c.var.ctx;
    const refused = await checkTargeting(c.var.ctx.db, section.id, targeting);
    if (refused) {
      c.status(422);
      return renderTaskForm(c, section, task, await rawValues(c), refused);
    }
    // Re-encrypt only a changed code, so an unchanged one keeps its stored value. A new code locks
    // the task again for everyone: a teacher changes it because the old one got around.
    const unchanged = accessCode === accessCodeOf(c, task);
    await c.var.ctx.db.transaction().execute(async (trx) => {
      await updateTask(trx, task.id, {
        ...fields,
        access_code_enc: unchanged
          ? task.access_code_enc
          : accessCode === null
            ? null
            : encrypt(secret, accessCode),
        updated_at: c.var.ctx.clock.now(),
      });
      if (!unchanged) await clearTaskUnlocks(trx, task.id);
      await saveTargeting(trx, "task", task.id, task.section_id, targeting);
    });
    c.var.ctx.events.emit("task:changed", { taskId: task.id, sectionId: task.section_id }); // open pages
    return redirectWith(c, `/manage/tasks/${task.id}`, "Task saved.");
  })
  .post("/tasks/:id/delete", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    await deleteTask(c.var.ctx.db, task.id);
    c.var.ctx.events.emit("task:changed", { taskId: task.id, sectionId: section.id });
    return redirectWith(c, `/sections/${section.id}`, `Task "${task.title}" deleted.`);
  })
  .post("/tasks/:id/move/:dir{up|down}", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    await moveTask(c.var.ctx.db, task, c.req.param("dir") as "up" | "down");
    return c.redirect(`/sections/${section.id}`, 303);
  })
  .get("/tasks/:id/clone", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    return renderClone(c, task, section);
  })
  .post("/tasks/:id/clone", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const parsed = cloneForm.safeParse(await c.req.parseBody({ all: true }));
    if (!parsed.success) {
      c.status(422);
      return renderClone(c, task, section, await rawValues(c), firstMessage(parsed.error));
    }
    const form = parsed.data;
    // The target must be a section this user teaches too (404 otherwise, like any other section).
    const target = await sectionToTeach(c, form.sectionId);
    const { db } = c.var.ctx;
    if (form.targeting === "choose") {
      const refused = await checkTargeting(db, target.id, { remedial: true, assignees: form.assignees });
      if (refused) {
        c.status(422);
        return renderClone(c, task, section, await rawValues(c), refused);
      }
    }
    const targeting: CloneTargeting =
      form.targeting === "choose" ? { mode: "choose", assignees: form.assignees } : { mode: form.targeting };
    const copy = await cloneTask(db, task, target.id, c.var.ctx.clock.now(), { targeting });
    return redirectWith(c, `/manage/tasks/${copy.id}`, `Cloned into ${target.name} as a draft.`);
  })
  .get("/tasks/:id/export.md", validated("param", idParam), async (c) => {
    const { task } = await taskToTeach(c, c.req.valid("param").id);
    const docs = await taskDocs(c, task.id);
    if (docs.length === 0)
      throw new HTTPException(409, { message: "This task has no problems to export yet." });
    return markdownDownload(c, exportProblems(docs), fileNameFor(task.title));
  })
  .get("/tasks/:id/import", validated("param", idParam), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    return c.render(<ImportPage section={section} task={task} />, { title: "Import problems" });
  })
  // Before the form is read: this route's own body limit (src/app.tsx leaves it to the route).
  .use("/tasks/:id/import", bodyLimit({ maxSize: IMPORT_BYTES + 64 * 1024, onError: importTooLarge }))
  .post("/tasks/:id/import", validated("param", idParam), validated("form", importForm), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const form = c.req.valid("form");
    let text = form.text ?? "";
    const refuse = (props: { error?: string; errors?: { line: number; message: string }[] }) => {
      c.status(422);
      return c.render(<ImportPage section={section} task={task} text={text} {...props} />, {
        title: "Import problems",
      });
    };
    if (form.file instanceof File && form.file.size > 0) {
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(await form.file.arrayBuffer());
      } catch {
        return refuse({ error: "The file is not UTF-8 text. Save it as UTF-8 and try again." });
      }
    }
    if (text.trim() === "") return refuse({ error: "Choose a Markdown file or paste its text." });
    const parsed = parseProblems(text);
    if (!parsed.ok) return refuse({ errors: parsed.errors });
    const typed = await typedColumns(
      c.var.ctx.sandbox,
      parsed.docs.flatMap((d) => d.tests),
    );
    if (!typed.ok) return refuse({ error: typed.message });
    let k = 0;
    const columnsOf = (t: TestDraft) => ({ ...testColumns(t), ...typed.typed[k++] });
    const created = await insertProblemsWithTests(
      c.var.ctx.db,
      task.id,
      parsed.docs.map((d) => ({
        problem: problemColumns(d.problem),
        tests: d.tests.map(columnsOf),
        dataFiles: d.dataFiles,
      })),
      c.var.ctx.clock.now(),
    );
    const n = created.length;
    return redirectWith(c, `/manage/tasks/${task.id}`, `Imported ${n} problem${n === 1 ? "" : "s"}.`);
  });
