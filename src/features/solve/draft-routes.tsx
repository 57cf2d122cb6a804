// Drafts: what a student has typed on a problem page and not submitted, saved on the server as they
// type (the page's editor sends the whole workspace after a short pause), so "Saved" means saved
// and the code follows them to any device. Only the student themself reads or writes their draft,
// and only on a problem they may open; a teacher's preview saves nothing.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Problem } from "../../db/tables/problems.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { codeForm } from "../../http/code-form.ts";
import { limit } from "../../http/rate-limit.ts";
import { problemToView } from "../../http/task-access.ts";
import { firstMessage, idParam, validated } from "../../http/validation.ts";
import { selectDraft, upsertDraft } from "../../models/problem-draft.ts";
import { isTaskUnlocked } from "../../models/task.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { MAX_FILES } from "../../sandbox/validate.ts";

/** The editor saves after each pause in typing; this only stops a runaway script. */
const SAVES_PER_MINUTE = 240;

// The same names, count and size rules as a submission (codeForm), from the editor's JSON.
const draftBody = z
  .object({
    files: z
      .array(
        z.object({ name: z.string().max(300, "That file name is too long."), content: z.string() }).strict(),
      )
      .min(1, "A draft needs at least one file.")
      .max(MAX_FILES, `At most ${MAX_FILES} files.`),
    main: z.string().max(300, "That file name is too long."),
  })
  .strict()
  .transform((b, ctx) => {
    const code = codeForm.safeParse({
      "names[]": b.files.map((f) => f.name),
      "contents[]": b.files.map((f) => f.content),
      main: b.main,
    });
    if (code.success) return code.data;
    ctx.addIssue({ code: "custom", message: firstMessage(code.error) });
    return z.NEVER;
  });

/** The problem, when the current user is a student who may open it. */
async function problemForDraft(c: Context<AppEnv>, id: number): Promise<Problem> {
  const { problem, task, teaches } = await problemToView(c, id);
  if (teaches) {
    throw new HTTPException(403, {
      message: "Drafts are kept for students; a teacher's preview saves nothing.",
    });
  }
  if (task.access_code_enc && !(await isTaskUnlocked(c.var.ctx.db, task.id, currentUser(c).id))) {
    throw new HTTPException(403, { message: "Enter the task's access code first." });
  }
  return problem;
}

export const draftRoutes = new Hono<AppEnv>()
  .get("/problems/:id/draft", validated("param", idParam), async (c) => {
    const problem = await problemForDraft(c, c.req.valid("param").id);
    const draft = await selectDraft(c.var.ctx.db, problem.id, currentUser(c).id);
    if (!draft) return c.json({ draft: null });
    return c.json({
      draft: {
        files: JSON.parse(draft.files) as JobFile[],
        main: draft.main_file,
        savedAt: draft.updated_at,
      },
    });
  })
  .put(
    "/problems/:id/draft",
    limit({
      max: SAVES_PER_MINUTE,
      key: (c) => `draft:${c.var.user?.id}`,
      message: "Your code is being saved very often. Slate tries again in a moment.",
    }),
    validated("param", idParam),
    validated("json", draftBody),
    async (c) => {
      const problem = await problemForDraft(c, c.req.valid("param").id);
      const { files, main } = c.req.valid("json");
      const now = c.var.ctx.clock.now();
      await upsertDraft(c.var.ctx.db, { problemId: problem.id, userId: currentUser(c).id, files, main, now });
      c.var.ctx.events.emit("draft:saved", { problemId: problem.id, userId: currentUser(c).id }); // the live class view
      return c.json({ savedAt: now });
    },
  );
