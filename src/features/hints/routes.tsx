// Hints: the teacher's authoring routes under /manage/problems/:id/hints (problemToTeach) and the
// student's reveal (problemToView: the same check as the problem page, remedial targeting included).
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { problemToTeach, problemToView } from "../../http/task-access.ts";
import { firstMessage, idParam, validated } from "../../http/validation.ts";
import { selectTests } from "../../models/problem.ts";
import { deleteHint, hintUsage, insertHint, moveHint, revealHint, selectHints, updateHint } from "./hints.ts";
import { HintsEditorCard } from "./views/hints-editor.tsx";

const hintForm = z.object({
  body: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z.string().min(1, "A hint needs some text.").max(10_000, "A hint must be at most 10000 characters."),
    ),
  penalty: z.coerce
    .number({ error: "The penalty must be a number." })
    .min(0, "The penalty cannot be negative.")
    .max(1000, "The penalty must be at most 1000 points."),
});

const optionalNumber = (max: number, label: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === "" ? null : Number(s)))
    .refine(
      (n) => n === null || (Number.isFinite(n) && n >= 1 && n <= max),
      `${label} must be between 1 and ${max}.`,
    );

const settingsForm = z.object({
  offer_failures: optionalNumber(100, "The number of failed submissions").refine(
    (n) => n === null || Number.isInteger(n),
    "The number of failed submissions must be a whole number.",
  ),
  offer_below_pct: optionalNumber(100, "The score threshold"),
  auto_submit: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

const hintParam = idParam.extend({ hintId: idParam.shape.id });

/** Parses a form with `schema`; a bad form goes back to the editor with the message, nothing changed. */
async function parsed<T extends z.ZodType>(c: Context<AppEnv>, schema: T, back: string) {
  const result = schema.safeParse(Object.fromEntries(Object.entries(await c.req.parseBody())));
  if (!result.success) return { back: redirectWith(c, back, firstMessage(result.error), "error") };
  return { data: result.data as z.infer<T> };
}

async function hintOf(c: Context<AppEnv>, problemId: number, hintId: number) {
  const hint = (await selectHints(c.var.ctx.db, problemId)).find((h) => h.id === hintId);
  if (!hint) throw new HTTPException(404, { message: "There is no such hint." });
  return hint;
}

const editorUrl = (problemId: number) => `/manage/problems/${problemId}#hints`;

export const manageHintRoutes = new Hono<AppEnv>()
  .post("/problems/:id/hints", validated("param", idParam), async (c) => {
    const { problem } = await problemToTeach(c, c.req.valid("param").id);
    const form = await parsed(c, hintForm, editorUrl(problem.id));
    if (!form.data) return form.back;
    await insertHint(c.var.ctx.db, problem.id, form.data.body, form.data.penalty, c.var.ctx.clock.now());
    return redirectWith(c, editorUrl(problem.id), "Hint added.");
  })
  .post("/problems/:id/hints/settings", validated("param", idParam), async (c) => {
    const { problem } = await problemToTeach(c, c.req.valid("param").id);
    const form = await parsed(c, settingsForm, editorUrl(problem.id));
    if (!form.data) return form.back;
    await c.var.ctx.db
      .updateTable("problems")
      .set({
        hint_offer_failures: form.data.offer_failures,
        hint_offer_below_pct: form.data.offer_below_pct,
        auto_submit: form.data.auto_submit ? 1 : 0,
        updated_at: c.var.ctx.clock.now(),
      })
      .where("id", "=", problem.id)
      .execute();
    return redirectWith(c, editorUrl(problem.id), "Hint and auto-submit settings saved.");
  })
  .post("/problems/:id/hints/:hintId", validated("param", hintParam), async (c) => {
    const { id, hintId } = c.req.valid("param");
    const { problem } = await problemToTeach(c, id);
    const hint = await hintOf(c, problem.id, hintId);
    const form = await parsed(c, hintForm, editorUrl(problem.id));
    if (!form.data) return form.back;
    await updateHint(c.var.ctx.db, hint, form.data.body, form.data.penalty, c.var.ctx.clock.now());
    return redirectWith(c, editorUrl(problem.id), "Hint saved.");
  })
  .post("/problems/:id/hints/:hintId/delete", validated("param", hintParam), async (c) => {
    const { id, hintId } = c.req.valid("param");
    const { problem } = await problemToTeach(c, id);
    await deleteHint(c.var.ctx.db, await hintOf(c, problem.id, hintId));
    return redirectWith(c, editorUrl(problem.id), "Hint deleted. Its penalties no longer count.");
  })
  .post(
    "/problems/:id/hints/:hintId/move/:dir{up|down}",
    validated("param", hintParam.extend({ dir: z.enum(["up", "down"]) })),
    async (c) => {
      const { id, hintId, dir } = c.req.valid("param");
      const { problem } = await problemToTeach(c, id);
      await moveHint(c.var.ctx.db, await hintOf(c, problem.id, hintId), dir);
      return c.redirect(editorUrl(problem.id), 303);
    },
  );

export const studentHintRoutes = new Hono<AppEnv>().post(
  "/problems/:id/hints/reveal",
  validated("param", idParam),
  validated("form", z.object({ hint: idParam.shape.id })),
  async (c) => {
    const { problem, task, teaches } = await problemToView(c, c.req.valid("param").id);
    const back = `/problems/${problem.id}#hints`;
    if (teaches) return redirectWith(c, back, "Teachers preview hints; only students reveal them.", "error");
    const { db, events, clock } = c.var.ctx;
    const userId = currentUser(c).id;
    const ok = await revealHint(db, problem.id, c.req.valid("form").hint, userId, clock.now());
    if (!ok) return redirectWith(c, back, "That hint is not the next one to reveal.", "error");
    // The penalty changed the counted score: whatever follows scores (LMS passback, live gradebook,
    // leaderboard) hears of it like of a regrade, once there is a submission to score.
    const cell = await db
      .selectFrom("grade_cells")
      .select("last_id")
      .where("problem_id", "=", problem.id)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (cell?.last_id)
      events.emit("submission:graded", {
        submissionId: cell.last_id,
        problemId: problem.id,
        taskId: task.id,
        sectionId: task.section_id,
        userId,
      });
    return redirectWith(c, back, "Hint revealed.");
  },
);

/** The hints card of the teacher's problem editor (one slot in ProblemEditorPage). */
export async function hintsEditorCard(c: Context<AppEnv>, problemId: number) {
  const { db } = c.var.ctx;
  const [problem, hints, usage, tests] = await Promise.all([
    db.selectFrom("problems").selectAll().where("id", "=", problemId).executeTakeFirstOrThrow(),
    selectHints(db, problemId),
    hintUsage(db, [problemId]),
    selectTests(db, problemId),
  ]);
  return (
    <HintsEditorCard
      problem={problem}
      hints={hints}
      usage={[...usage.values()].sort((a, b) => a.displayName.localeCompare(b.displayName))}
      hasHidden={tests.some((t) => t.hidden === 1)}
    />
  );
}
