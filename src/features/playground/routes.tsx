// The playground: a Python IDE page for every logged-in user, the JSON API behind its files, and runs
// streamed as server-sent events (the POST that starts a run answers with the stream itself, so the
// first byte of output needs no second round trip; GET .../events resumes a dropped stream).
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { runLimit } from "../../http/rate-limit.ts";
import { idParam, validated } from "../../http/validation.ts";
import { aiPanelFor } from "../ai/panel.tsx";
import { problemDataFiles } from "../execution/run-data-files.ts";
import {
  changeFile,
  createFile,
  listFiles,
  MAX_CODE_BYTES,
  MAX_FILES,
  removeFile,
  toJson,
  zipFiles,
} from "./files.ts";
import { sendRunInput, startRun, stdinBody } from "./run-requests.ts";
import { parseCursor, START } from "./runs.ts";
import { streamRun } from "./stream.ts";
import { PlaygroundPage } from "./views/page.tsx";

const name = z.string({ error: "A file name is required." }).max(300, "That file name is too long.");
const content = z.string().max(MAX_CODE_BYTES, `A file can be at most ${MAX_CODE_BYTES / 1024} KiB.`);

const createBody = z.object({ name, content: content.default("") }).strict();
const changeBody = z
  .object({ name: name.optional(), content: content.optional(), isMain: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "Nothing to change.");
const runBody = z
  .object({
    files: z
      .array(z.object({ name, content }).strict())
      .min(1, "There is no file to run.")
      .max(MAX_FILES, `At most ${MAX_FILES} files.`),
    main: name,
    /** A problem page's run: the problem's data files join the files (issue 18). */
    problemId: z.number().int().positive().optional(),
  })
  .strict();
const runParam = z.object({ id: z.uuid("Not a valid run id.") });

const SANDBOX_OFF =
  "Code execution is turned off on this Slate server (SLATE_SANDBOX=false), so programs cannot run here.";

function ownRun(c: Context<AppEnv>, id: string) {
  const session = c.var.ctx.runs.get(id, currentUser(c).id);
  if (!session) throw new HTTPException(404, { message: "That run does not exist or has ended." });
  return session;
}

export const playgroundRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const user = currentUser(c);
    const files = await listFiles(c.var.ctx, user.id);
    return c.render(
      <PlaygroundPage
        files={files.map(toJson)}
        nonce={c.get("secureHeadersNonce")}
        sandboxOff={c.var.ctx.sandbox === null}
        aiPanel={await aiPanelFor(c, { kind: "playground" }, files.find((f) => f.is_main)?.name ?? "main.py")}
      />,
      { title: "Playground" },
    );
  })

  // ---------------------------------------------------------------- files (JSON)
  .get("/files", async (c) => {
    const files = await listFiles(c.var.ctx, currentUser(c).id);
    return c.json({ files: files.map(toJson) });
  })
  .get("/files.zip", async (c) => {
    const zip = zipFiles(await listFiles(c.var.ctx, currentUser(c).id));
    c.header("Content-Type", "application/zip");
    c.header("Content-Disposition", 'attachment; filename="playground.zip"');
    c.header("Cache-Control", "no-store");
    return c.body(zip.buffer.slice(zip.byteOffset, zip.byteOffset + zip.byteLength) as ArrayBuffer);
  })
  .post("/files", validated("json", createBody), async (c) => {
    const file = await createFile(c.var.ctx, currentUser(c).id, c.req.valid("json"));
    return c.json({ file: toJson(file) }, 201);
  })
  .patch("/files/:id", validated("param", idParam), validated("json", changeBody), async (c) => {
    const { id } = c.req.valid("param");
    const file = await changeFile(c.var.ctx, currentUser(c).id, id, c.req.valid("json"));
    return c.json({ file: toJson(file) });
  })
  .delete("/files/:id", validated("param", idParam), async (c) => {
    const mainId = await removeFile(c.var.ctx, currentUser(c).id, c.req.valid("param").id);
    return c.json({ mainId });
  })

  // ---------------------------------------------------------------- runs
  .post("/runs", runLimit, validated("json", runBody), async (c) => {
    const { ctx } = c.var;
    const user = currentUser(c);
    if (!ctx.sandbox) return c.json({ error: SANDBOX_OFF }, 503);
    const { main, problemId } = c.req.valid("json");
    const files = [...c.req.valid("json").files, ...(await problemDataFiles(c, problemId))];
    const { session, limits } = startRun(ctx, ctx.sandbox, user.id, files, main);
    c.header("X-Run-Id", session.id);
    return streamRun(c, session, START, {
      event: "run",
      data: JSON.stringify({ id: session.id, limits }),
    });
  })
  .get("/runs/:id/events", validated("param", runParam), (c) => {
    const session = ownRun(c, c.req.valid("param").id);
    return streamRun(c, session, parseCursor(c.req.header("last-event-id")));
  })
  .post("/runs/:id/stdin", validated("param", runParam), validated("json", stdinBody), (c) => {
    sendRunInput(ownRun(c, c.req.valid("param").id), c.req.valid("json"));
    return c.body(null, 204);
  })
  .post("/runs/:id/stop", validated("param", runParam), (c) => {
    ownRun(c, c.req.valid("param").id).stop("stopped");
    return c.body(null, 204);
  });
