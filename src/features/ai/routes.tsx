// AI help (issue 13): the admin's provider settings and usage (/ai/admin), "AI Analysis" and the
// tutor on problem pages and in the playground (/ai/problems/:id/..., /ai/playground/...), the
// teachers' switches per section and task, and their students' tutor conversations. Every route
// checks who may do this on the server; answers stream over SSE when the browser asks for it.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { currentUser, requireRole } from "../../http/auth-middleware.ts";
import { codeForm } from "../../http/code-form.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { problemToView, taskToTeach } from "../../http/task-access.ts";
import { checkbox, firstMessage, idParam, validated } from "../../http/validation.ts";
import { selectOptionalProblem } from "../../models/problem.ts";
import { selectOptionalTask } from "../../models/task.ts";
import { selectOptionalUser } from "../../models/user.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { Alert, Card, PageHeader } from "../../ui/components.tsx";
import { type AiPermission, type AiPlace, featureAllowed } from "./access.ts";
import { adminRoutes } from "./admin-routes.tsx";
import { analyseComplexity } from "./complexity.ts";
import {
  clearConversation,
  selectFullConversation,
  selectLeaks,
  selectSectionConversations,
} from "./conversations.ts";
import { renderReply } from "./reply-markdown.ts";
import { asFormFields, savedCode } from "./saved-code.ts";
import { aiStream, wantsStream } from "./streams.ts";
import { saveSectionAi, saveTaskAi, selectSectionAi, selectTaskAi } from "./switches.ts";
import { askTutor } from "./tutor.ts";
import { AnalysisView } from "./views/analysis.tsx";
import { Bubble } from "./views/panels.tsx";
import {
  ConversationPage,
  ConversationsPage,
  SectionAiForm,
  SettingsFormPage,
  TaskAiForm,
} from "./views/teacher.tsx";

const question = z.object({
  question: z
    .string({ error: "Type a question first." })
    .trim()
    .min(1, "Type a question first.")
    .max(2000, "A question is at most 2000 characters."),
});

/** The editor's files (and the question, for the tutor) from the posted form; 400 when invalid. */
async function readForm(
  c: Context<AppEnv>,
  withQuestion: boolean,
  place: AiPlace,
): Promise<{ files: JobFile[]; main: string; question: string }> {
  const body = await c.req.parseBody({ all: true });
  // Sent without the editor's script (no files in the form): the code Slate has saved.
  if (!("names[]" in body) && !("main" in body))
    Object.assign(body, asFormFields(await savedCode(c.var.ctx, currentUser(c), place)));
  const code = codeForm.safeParse(body);
  if (!code.success) throw new HTTPException(400, { message: firstMessage(code.error) });
  if (!withQuestion) return { ...code.data, question: "" };
  const q = question.safeParse(body);
  if (!q.success) throw new HTTPException(400, { message: firstMessage(q.error) });
  return { ...code.data, question: q.data.question };
}

async function problemPlace(c: Context<AppEnv>, id: number): Promise<AiPlace & { kind: "problem" }> {
  return { kind: "problem", ...(await problemToView(c, id)) };
}

/** A refusal: plain text for the page script, the error page otherwise. */
function refuse(c: Context<AppEnv>, status: 403 | 429, message: string): Response {
  if (wantsStream(c) || c.req.header("hx-request")) return c.text(message, status);
  throw new HTTPException(status, { message });
}

async function allowed(c: Context<AppEnv>, feature: "tutor" | "complexity", place: AiPlace) {
  const permission = await featureAllowed(c.var.ctx, currentUser(c), feature, place);
  return permission;
}

function analysis(
  c: Context<AppEnv>,
  user: User,
  permission: Extract<AiPermission, { allowed: true }>,
  form: { files: JobFile[]; main: string },
) {
  const { ctx } = c.var;
  if (!wantsStream(c)) {
    return analyseComplexity(ctx, { user, permission, ...form }).then((r) =>
      c.render(
        <>
          <PageHeader title="AI Analysis" />
          <Card>
            {r.ok ? (
              <AnalysisView analysis={r.analysis} cached={r.cached} mainFile={form.main} />
            ) : (
              <Alert kind="error">{r.message}</Alert>
            )}
          </Card>
        </>,
        { title: "AI Analysis" },
      ),
    );
  }
  return aiStream(c, async (stream, signal) => {
    const r = await analyseComplexity(ctx, {
      user,
      permission,
      ...form,
      signal,
      onQueue: (p) => void stream.send("queued", String(p)),
    });
    if (r.ok)
      await stream.send(
        "result",
        String(await (<AnalysisView analysis={r.analysis} cached={r.cached} mainFile={form.main} />)),
      );
    else await stream.send("error", r.message);
    await stream.send("done", "");
  });
}

function tutor(
  c: Context<AppEnv>,
  user: User,
  permission: Extract<AiPermission, { allowed: true }>,
  place: AiPlace,
  form: { files: JobFile[]; main: string; question: string },
  back: string,
) {
  const { ctx } = c.var;
  const input = { user, permission, problem: place.kind === "problem" ? place.problem : null, ...form };
  if (!wantsStream(c)) {
    const quiet = { queued() {}, started() {}, text() {}, checking() {}, restart() {} };
    return askTutor(ctx, input, quiet).then((r) =>
      r.ok ? c.redirect(back, 303) : redirectWith(c, back, r.message, "error"),
    );
  }
  return aiStream(c, async (stream, signal) => {
    const r = await askTutor(
      ctx,
      { ...input, signal },
      {
        queued: (p) => stream.send("queued", String(p)),
        started: () => stream.send("started", ""),
        text: (html) => stream.send("delta", html),
        checking: () => stream.send("checking", ""),
        restart: () => stream.send("restart", ""),
      },
    );
    if (r.ok) {
      const bubble = String(await (<Bubble m={{ role: "assistant", html: r.html, withheld: r.withheld }} />));
      await stream.send("done", bubble);
    } else {
      await stream.send("error", r.message);
    }
  });
}

const studentRoutes = new Hono<AppEnv>()
  .post("/problems/:id/complexity", validated("param", idParam), async (c) => {
    const place = await problemPlace(c, c.req.valid("param").id);
    const form = await readForm(c, false, place);
    const permission = await allowed(c, "complexity", place);
    if (!permission.allowed) return refuse(c, 403, permission.reason);
    return analysis(c, currentUser(c), permission, form);
  })
  .post("/problems/:id/tutor", validated("param", idParam), async (c) => {
    const place = await problemPlace(c, c.req.valid("param").id);
    const form = await readForm(c, true, place);
    const permission = await allowed(c, "tutor", place);
    if (!permission.allowed) return refuse(c, 403, permission.reason);
    return tutor(c, currentUser(c), permission, place, form, `/problems/${place.problem.id}`);
  })
  .post("/problems/:id/tutor/clear", validated("param", idParam), async (c) => {
    const { problem } = await problemToView(c, c.req.valid("param").id);
    await clearConversation(c.var.ctx.db, currentUser(c).id, problem.id, c.var.ctx.clock.now());
    if (c.req.header("hx-request")) return c.body(null, 204);
    return redirectWith(c, `/problems/${problem.id}`, "Conversation cleared.");
  })
  .post("/playground/complexity", async (c) => {
    const form = await readForm(c, false, { kind: "playground" });
    const permission = await allowed(c, "complexity", { kind: "playground" });
    if (!permission.allowed) return refuse(c, 403, permission.reason);
    return analysis(c, currentUser(c), permission, form);
  })
  .post("/playground/tutor", async (c) => {
    const form = await readForm(c, true, { kind: "playground" });
    const place = { kind: "playground" } as const;
    const permission = await allowed(c, "tutor", place);
    if (!permission.allowed) return refuse(c, 403, permission.reason);
    return tutor(c, currentUser(c), permission, place, form, "/playground");
  })
  .post("/playground/tutor/clear", async (c) => {
    await clearConversation(c.var.ctx.db, currentUser(c).id, null, c.var.ctx.clock.now());
    if (c.req.header("hx-request")) return c.body(null, 204);
    return redirectWith(c, "/playground", "Conversation cleared.");
  });

const limitField = z.coerce
  .number({ error: "The daily limit must be a number." })
  .int("The daily limit must be a whole number.")
  .min(0, "The daily limit cannot be negative.")
  .max(10_000, "The daily limit is at most 10000.");
const sectionForm = z.object({ tutor: checkbox, complexity: checkbox, dailyLimit: limitField });
const taskForm = z.object({ tutor: checkbox, complexity: checkbox });
const conversationParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
  userId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
  problemId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

async function unavailableNote(c: Context<AppEnv>): Promise<string | undefined> {
  const s = await c.var.ctx.ai.settings();
  return s.configured
    ? undefined
    : "AI help is not set up on this server yet: these switches take effect once an administrator names a provider.";
}

const teacherRoutes = new Hono<AppEnv>()
  .get("/sections/:id/settings", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const form = (
      <SectionAiForm
        sectionId={section.id}
        ai={await selectSectionAi(c.var.ctx.db, section.id)}
        unavailable={await unavailableNote(c)}
      />
    );
    if (c.req.header("hx-request")) return c.html(form);
    return c.render(
      <SettingsFormPage title={`AI help · ${section.name}`} back={`/sections/${section.id}/edit`}>
        {form}
      </SettingsFormPage>,
      { title: "AI help" },
    );
  })
  .post("/sections/:id/settings", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const parsed = sectionForm.safeParse(await c.req.parseBody());
    if (!parsed.success) {
      c.status(422);
      const ai = await selectSectionAi(c.var.ctx.db, section.id);
      return c.render(
        <SettingsFormPage title={`AI help · ${section.name}`} back={`/sections/${section.id}/edit`}>
          <SectionAiForm sectionId={section.id} ai={ai} error={firstMessage(parsed.error)} />
        </SettingsFormPage>,
        { title: "AI help" },
      );
    }
    await saveSectionAi(c.var.ctx.db, section.id, parsed.data, c.var.ctx.clock.now());
    return redirectWith(c, `/sections/${section.id}/edit`, "AI settings saved.");
  })
  .get("/tasks/:id/settings", validated("param", idParam), async (c) => {
    const { task } = await taskToTeach(c, c.req.valid("param").id);
    const db = c.var.ctx.db;
    const form = (
      <TaskAiForm
        taskId={task.id}
        ai={await selectTaskAi(db, task.id)}
        section={await selectSectionAi(db, task.section_id)}
      />
    );
    if (c.req.header("hx-request")) return c.html(form);
    return c.render(
      <SettingsFormPage title={`AI help · ${task.title}`} back={`/manage/tasks/${task.id}/edit`}>
        {form}
      </SettingsFormPage>,
      { title: "AI help" },
    );
  })
  .post("/tasks/:id/settings", validated("param", idParam), async (c) => {
    const { task } = await taskToTeach(c, c.req.valid("param").id);
    const parsed = taskForm.safeParse(await c.req.parseBody());
    if (!parsed.success) throw new HTTPException(400, { message: firstMessage(parsed.error) });
    await saveTaskAi(c.var.ctx.db, task.id, parsed.data, c.var.ctx.clock.now());
    return redirectWith(c, `/manage/tasks/${task.id}/edit`, "AI settings of the task saved.");
  })
  .get("/sections/:id/conversations", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const rows = await selectSectionConversations(c.var.ctx.db, section.id);
    return c.render(<ConversationsPage section={section} rows={rows} />, { title: "Tutor conversations" });
  })
  .get("/sections/:id/conversations/:userId/:problemId", validated("param", conversationParam), async (c) => {
    const { id, userId, problemId } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    const { db } = c.var.ctx;
    const problem = await selectOptionalProblem(db, problemId);
    const task = problem?.task_id ? await selectOptionalTask(db, problem.task_id) : undefined;
    const student = await selectOptionalUser(db, userId);
    if (!problem || !task || task.section_id !== section.id || !student)
      throw new HTTPException(404, { message: "There is no such conversation." });
    const messages = await selectFullConversation(db, student.id, problem.id);
    const leaks = await selectLeaks(db, student.id, problem.id);
    const page = (
      <ConversationPage
        section={section}
        student={student}
        problem={problem}
        task={task}
        messages={messages.map((m) => ({
          ...m,
          html: m.role === "assistant" ? renderReply(m.content) : undefined,
        }))}
        leaks={leaks}
        leakHtml={leaks.map((l) => renderReply(l.reply))}
      />
    );
    return c.render(page, { title: "Tutor conversation" });
  });

export const aiRoutes = new Hono<AppEnv>()
  .use("/admin", requireRole("admin"))
  .use("/admin/*", requireRole("admin"))
  .route("/admin", adminRoutes)
  .route("/", studentRoutes)
  .route("/", teacherRoutes);
