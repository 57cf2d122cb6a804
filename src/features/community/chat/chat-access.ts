// Who may read and write a chat thread: the student it belongs to, and the teachers (or admins) of
// the problem's section, exactly as they may see the problem. Anyone else gets 404, as if it did not exist.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../../context.ts";
import type { ChatThread } from "../../../db/tables/community.ts";
import { currentUser } from "../../../http/auth-middleware.ts";
import { problemToView } from "../../../http/task-access.ts";
import { selectThread } from "./chat-model.ts";

const notFound = () =>
  new HTTPException(404, { message: "There is no such conversation, or it is not yours." });

export async function threadToView(c: Context<AppEnv>, threadId: number) {
  const thread = await selectThread(c.var.ctx.db, threadId);
  if (!thread) throw notFound();
  const found = await problemToView(c, thread.problem_id, { allowLocked: true }).catch(() => {
    throw notFound();
  });
  if (!found.teaches && thread.student_id !== currentUser(c).id) throw notFound();
  return { thread, ...found };
}

/** The same check, as a boolean, for streams that check again before every event. */
export const mayView = (c: Context<AppEnv>, thread: ChatThread) =>
  threadToView(c, thread.id).then(
    () => true,
    () => false,
  );
