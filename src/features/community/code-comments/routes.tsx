// Teachers' comments on lines of a submission: the section's teachers add (several per line), edit
// their own and delete any; the student is notified and reads them beside the code on the
// submission page. Nobody else sees them (the submission page's own rule: owner or teacher).
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../../context.ts";
import type { Submission } from "../../../db/tables/problems.ts";
import { currentUser } from "../../../http/auth-middleware.ts";
import { redirectWith } from "../../../http/flash.ts";
import { problemToView } from "../../../http/task-access.ts";
import { idParam, validated } from "../../../http/validation.ts";
import { selectOptionalSubmission } from "../../../models/submission.ts";
import type { JobFile } from "../../../sandbox/index.ts";
import { notifyUsers } from "../notify.ts";
import { AnnotatedCode } from "../views/code-comments.tsx";
import {
  deleteCodeComment,
  insertCodeComment,
  selectCodeComment,
  selectCodeComments,
  updateCodeComment,
} from "./comment-model.ts";

const body = z
  .string()
  .trim()
  .min(1, "Write the comment first.")
  .max(5000, "A comment is at most 5000 characters.");
const notFound = () => new HTTPException(404, { message: "There is no such submission." });

/** The submission with whether the viewer teaches its section; its owner or a teacher only. */
async function submissionToSee(c: Context<AppEnv>, id: number) {
  const sub = await selectOptionalSubmission(c.var.ctx.db, id);
  if (!sub) throw notFound();
  const found = await problemToView(c, sub.problem_id, { allowLocked: true }).catch(() => {
    throw notFound();
  });
  if (!found.teaches && sub.user_id !== currentUser(c).id) throw notFound();
  return { sub, ...found };
}

async function submissionToComment(c: Context<AppEnv>, id: number) {
  const found = await submissionToSee(c, id);
  if (!found.teaches)
    throw new HTTPException(403, { message: "Only the section's teachers comment on code." });
  return found;
}

async function commentToChange(c: Context<AppEnv>, id: number) {
  const comment = await selectCodeComment(c.var.ctx.db, id);
  if (!comment) throw new HTTPException(404, { message: "There is no such comment." });
  return { comment, ...(await submissionToComment(c, comment.submission_id)) };
}

/** The submission page's code with its comments (called from the page's route in src/features/solve). */
export async function annotatedCode(c: Context<AppEnv>, sub: Submission, teaches: boolean) {
  const comments = await selectCodeComments(c.var.ctx.db, sub.id);
  return (
    <AnnotatedCode
      submissionId={sub.id}
      files={JSON.parse(sub.files) as JobFile[]}
      main={sub.main_file}
      comments={comments}
      viewerId={currentUser(c).id}
      teaches={teaches}
    />
  );
}

const back = (subId: number, hash = "") => `/submissions/${subId}${hash}`;

export const codeCommentRoutes = new Hono<AppEnv>()
  .post(
    "/submissions/:id/comments",
    validated("param", idParam),
    validated(
      "form",
      z.object({
        file: z.string().min(1).max(300),
        line: z.coerce
          .number({ error: "Give a line number." })
          .int("Give a line number.")
          .min(1, "Give a line number."),
        body,
      }),
    ),
    async (c) => {
      const { sub, problem } = await submissionToComment(c, c.req.valid("param").id);
      const form = c.req.valid("form");
      const file = (JSON.parse(sub.files) as JobFile[]).find((f) => f.name === form.file);
      if (!file) throw new HTTPException(400, { message: "That file is not part of this submission." });
      const lines = file.content.split("\n").length;
      if (form.line > lines)
        return redirectWith(c, back(sub.id), `${file.name} has ${lines} lines: choose one of them.`, "error");
      const ctx = c.var.ctx;
      const user = currentUser(c);
      await insertCodeComment(ctx.db, {
        submissionId: sub.id,
        authorId: user.id,
        ...form,
        now: ctx.clock.now(),
      });
      if (sub.user_id !== user.id) {
        await notifyUsers(ctx, {
          userIds: [sub.user_id],
          kind: "code_comment",
          heading: "Comment on your code",
          title: `${user.display_name} commented on line ${form.line} of your “${problem.title}” submission`,
          body: form.body.slice(0, 300),
          link: back(sub.id),
        });
      }
      return redirectWith(c, back(sub.id), "Comment added.");
    },
  )
  .post(
    "/code-comments/:id/edit",
    validated("param", idParam),
    validated("form", z.object({ body })),
    async (c) => {
      const { comment } = await commentToChange(c, c.req.valid("param").id);
      if (comment.author_id !== currentUser(c).id)
        throw new HTTPException(403, { message: "You can edit only your own comments." });
      await updateCodeComment(c.var.ctx.db, comment.id, c.req.valid("form").body, c.var.ctx.clock.now());
      return redirectWith(c, back(comment.submission_id), "Comment saved.");
    },
  )
  .post("/code-comments/:id/delete", validated("param", idParam), async (c) => {
    const { comment } = await commentToChange(c, c.req.valid("param").id);
    await deleteCodeComment(c.var.ctx.db, comment.id);
    return redirectWith(c, back(comment.submission_id), "Comment deleted.");
  });
