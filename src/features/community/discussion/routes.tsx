// A problem's discussion: everyone who may open the problem reads and writes it, unless the teacher
// chose "only after solving" (then a student sees it once they have full marks). Authors edit and
// delete their own comments; teachers delete any and pin one. Changes arrive live; each event is
// checked against the viewer's access again.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../../context.ts";
import { currentUser } from "../../../http/auth-middleware.ts";
import { toHtml } from "../../../http/live.tsx";
import { limit } from "../../../http/rate-limit.ts";
import { sse } from "../../../http/sse.ts";
import { problemToView } from "../../../http/task-access.ts";
import { idParam, validated } from "../../../http/validation.ts";
import { catalogDiscussionAccess } from "../../practice/discussion-access.ts";
import { DiscussionList, DiscussionPage, DiscussionPanel } from "../views/discussion.tsx";
import {
  deleteComment,
  editComment,
  hasSolved,
  insertComment,
  pinComment,
  saveVisibility,
  selectComment,
  selectComments,
  selectVisibility,
} from "./discussion-model.ts";

const body = z
  .string()
  .trim()
  .min(1, "Write something first.")
  .max(5000, "A comment is at most 5000 characters.");

/** A practice catalog problem by the catalog's access rules (practice/discussion-access.ts), else a section's. */
async function problemForDiscussion(c: Context<AppEnv>, problemId: number) {
  const catalog = await catalogDiscussionAccess(c, problemId);
  if (catalog) return catalog;
  const found = await problemToView(c, problemId);
  return { ...found, pageUrl: `/problems/${found.problem.id}` };
}

/** The problem's discussion as the viewer may see it: `open` false while a student must solve it first. */
async function discussionToView(c: Context<AppEnv>, problemId: number) {
  const found = await problemForDiscussion(c, problemId);
  const { db } = c.var.ctx;
  const visibility = await selectVisibility(db, found.problem.id);
  const open =
    found.teaches || visibility === "always" || (await hasSolved(db, found.problem.id, currentUser(c).id));
  return { ...found, visibility, open };
}

async function openDiscussion(c: Context<AppEnv>, problemId: number) {
  const d = await discussionToView(c, problemId);
  if (!d.open)
    throw new HTTPException(403, { message: "The discussion opens once you have solved this problem." });
  return d;
}

/** A comment and its problem's discussion, open to the viewer. */
async function commentToChange(c: Context<AppEnv>, id: number) {
  const comment = await selectComment(c.var.ctx.db, id);
  if (!comment || comment.deleted_at !== null)
    throw new HTTPException(404, { message: "There is no such comment." });
  const d = await openDiscussion(c, comment.problem_id).catch(() => {
    throw new HTTPException(404, { message: "There is no such comment." });
  });
  return { comment, ...d };
}

async function listHtml(c: Context<AppEnv>, problemId: number, teaches: boolean) {
  const comments = await selectComments(c.var.ctx.db, problemId);
  return toHtml(
    <DiscussionList comments={comments} viewer={{ id: currentUser(c).id, teaches }} problemId={problemId} />,
  );
}

/** After a change: the list for htmx, or back to the problem page. */
async function answer(c: Context<AppEnv>, problemId: number, teaches: boolean, pageUrl: string) {
  c.var.ctx.events.emit("discussion:changed", { problemId });
  if (!c.req.header("hx-request")) return c.redirect(`${pageUrl}#discussion`, 303);
  return c.html(await listHtml(c, problemId, teaches));
}

const writeLimit = limit({
  max: 20,
  key: (c) => `discussion:${c.var.user?.id}`,
  message: "Too many comments at once. Wait a moment.",
});

export const discussionRoutes = new Hono<AppEnv>()
  .get("/problems/:id/discussion", validated("param", idParam), async (c) => {
    const d = await discussionToView(c, c.req.valid("param").id);
    const comments = d.open ? await selectComments(c.var.ctx.db, d.problem.id) : null;
    const panel = (
      <DiscussionPanel
        problemId={d.problem.id}
        comments={comments}
        viewer={{ id: currentUser(c).id, teaches: d.teaches }}
        visibility={d.visibility}
      />
    );
    if (c.req.header("hx-request")) return c.html(panel);
    return c.render(<DiscussionPage title={d.problem.title}>{panel}</DiscussionPage>, {
      title: `Discussion · ${d.problem.title}`,
    });
  })
  .post(
    "/problems/:id/discussion",
    writeLimit,
    validated("param", idParam),
    validated("form", z.object({ body, parentId: z.coerce.number().int().positive().optional() })),
    async (c) => {
      const d = await openDiscussion(c, c.req.valid("param").id);
      const form = c.req.valid("form");
      const ctx = c.var.ctx;
      if (form.parentId) {
        const parent = await selectComment(ctx.db, form.parentId);
        if (!parent || parent.problem_id !== d.problem.id || parent.parent_id !== null)
          throw new HTTPException(400, { message: "You can reply only to a comment of this discussion." });
      }
      await insertComment(ctx.db, {
        problemId: d.problem.id,
        parentId: form.parentId ?? null,
        authorId: currentUser(c).id,
        body: form.body,
        now: ctx.clock.now(),
      });
      return answer(c, d.problem.id, d.teaches, d.pageUrl);
    },
  )
  .post(
    "/discussion/:id/edit",
    writeLimit,
    validated("param", idParam),
    validated("form", z.object({ body })),
    async (c) => {
      const { comment, teaches, pageUrl } = await commentToChange(c, c.req.valid("param").id);
      if (comment.author_id !== currentUser(c).id)
        throw new HTTPException(403, { message: "You can edit only your own comments." });
      await editComment(c.var.ctx.db, comment.id, c.req.valid("form").body, c.var.ctx.clock.now());
      return answer(c, comment.problem_id, teaches, pageUrl);
    },
  )
  .post("/discussion/:id/delete", validated("param", idParam), async (c) => {
    const { comment, teaches, pageUrl } = await commentToChange(c, c.req.valid("param").id);
    if (comment.author_id !== currentUser(c).id && !teaches)
      throw new HTTPException(403, { message: "You can delete only your own comments." });
    await deleteComment(c.var.ctx.db, comment.id, c.var.ctx.clock.now());
    return answer(c, comment.problem_id, teaches, pageUrl);
  })
  .post("/discussion/:id/:action{pin|unpin}", validated("param", idParam), async (c) => {
    const { comment, teaches, pageUrl } = await commentToChange(c, c.req.valid("param").id);
    if (!teaches) throw new HTTPException(403, { message: "Only teachers pin comments." });
    if (comment.parent_id !== null)
      throw new HTTPException(400, { message: "Only a top-level comment can be pinned." });
    await pinComment(c.var.ctx.db, comment.problem_id, comment.id, c.req.param("action") === "pin");
    return answer(c, comment.problem_id, teaches, pageUrl);
  })
  .post(
    "/problems/:id/discussion/settings",
    validated("param", idParam),
    validated(
      "form",
      z.object({
        visibility: z.enum(["always", "after_solved"], { error: "Choose who sees the discussion." }),
      }),
    ),
    async (c) => {
      const d = await problemForDiscussion(c, c.req.valid("param").id);
      if (!d.teaches)
        throw new HTTPException(403, { message: "Only teachers choose who sees the discussion." });
      await saveVisibility(c.var.ctx.db, d.problem.id, c.req.valid("form").visibility);
      c.var.ctx.events.emit("discussion:changed", { problemId: d.problem.id });
      return c.redirect(`${d.pageUrl}#discussion`, 303);
    },
  )
  .get("/problems/:id/discussion/live", validated("param", idParam), async (c) => {
    const d = await openDiscussion(c, c.req.valid("param").id);
    const { events } = c.var.ctx;
    return sse(c, async (stream) => {
      let changed = false;
      stream.defer(
        events.on("discussion:changed", (e) => {
          if (e.problemId !== d.problem.id) return;
          changed = true;
          stream.wake();
        }),
      );
      while (stream.open) {
        await stream.idle();
        if (!changed) continue;
        changed = false;
        const fresh = await openDiscussion(c, d.problem.id).catch(() => null);
        if (!fresh) return stream.close(); // hidden again (visibility changed, access lost)
        await stream.send("discussion", await listHtml(c, d.problem.id, fresh.teaches));
      }
    });
  });
