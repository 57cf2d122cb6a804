// The playground's Python shell (issue 18): POST /playground/shells opens one and answers with its event
// stream, like POST /playground/runs (so the console shows it the same way); stdin, stop and events
// steer it. A user reaches only their own shells (404 otherwise); shells are capped (ShellService).
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { runLimit } from "../../http/rate-limit.ts";
import { validated } from "../../http/validation.ts";
import { SandboxInputError } from "../../sandbox/index.ts";
import { MAX_CODE_BYTES, MAX_FILES, sentence } from "../playground/files.ts";
import { parseCursor, START } from "../playground/runs.ts";
import { streamRun } from "../playground/stream.ts";
import { ShellLimitError } from "./shells.ts";

const name = z.string().max(300, "That file name is too long.");
const openBody = z
  .object({
    files: z
      .array(z.object({ name, content: z.string().max(MAX_CODE_BYTES) }).strict())
      .max(MAX_FILES, `At most ${MAX_FILES} files.`)
      .default([]),
    /** "Continue in shell": the program to run first. */
    main: name.nullable().default(null),
  })
  .strict();
const stdinBody = z.union([
  z.object({ text: z.string().max(64 * 1024, "That input is too long.") }).strict(),
  z.object({ eof: z.literal(true) }).strict(),
]);
const shellParam = z.object({ id: z.uuid("Not a valid shell id.") });

function ownShell(c: Context<AppEnv>, id: string) {
  const session = c.var.ctx.shells.get(id, currentUser(c).id);
  if (!session) throw new HTTPException(404, { message: "That shell does not exist or has ended." });
  return session;
}

export const shellRoutes = new Hono<AppEnv>()
  .post("/shells", runLimit, validated("json", openBody), async (c) => {
    const user = currentUser(c);
    const { files, main } = c.req.valid("json");
    if (main !== null && !files.some((f) => f.name === main))
      throw new HTTPException(400, { message: "The program to continue from is not among the files." });
    let session: Awaited<ReturnType<typeof c.var.ctx.shells.open>>;
    try {
      session = await c.var.ctx.shells.open(user.id, files, main);
    } catch (error) {
      if (error instanceof ShellLimitError) return c.json({ error: error.message }, 429);
      if (error instanceof SandboxInputError)
        throw new HTTPException(400, { message: sentence(error.message) });
      throw error;
    }
    c.header("X-Run-Id", session.id);
    return streamRun(c, session, START, {
      event: "run",
      data: JSON.stringify({ id: session.id, limits: session.limits }),
    });
  })
  .get("/shells/:id/events", validated("param", shellParam), (c) => {
    const session = ownShell(c, c.req.valid("param").id);
    return streamRun(c, session, parseCursor(c.req.header("last-event-id")));
  })
  .post("/shells/:id/stdin", validated("param", shellParam), validated("json", stdinBody), (c) => {
    const session = ownShell(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    if ("eof" in body) session.closeStdin();
    else c.var.ctx.shells.input(session, body.text);
    return c.body(null, 204);
  })
  .post("/shells/:id/stop", validated("param", shellParam), (c) => {
    ownShell(c, c.req.valid("param").id).stop("stopped");
    return c.body(null, 204);
  });
