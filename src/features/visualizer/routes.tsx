// The visualizer: traces a program in the sandbox (playground code, or a student's code with one
// VISIBLE test's input on a problem page) and answers with the compact trace, gzip-compressed; and the
// view's options, remembered per user. The view itself is src/client/visualizer/.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { fileName } from "../../http/code-form.ts";
import { runLimit } from "../../http/rate-limit.ts";
import { problemToView } from "../../http/task-access.ts";
import { idParam, validated } from "../../http/validation.ts";
import { selectTests } from "../../models/problem.ts";
import { SandboxInputError } from "../../sandbox/index.ts";
import { MAX_CODE_BYTES, MAX_FILES } from "../../sandbox/validate.ts";
import { DEFAULT_OPTIONS, optionsSchema, saveOptions, selectOptions } from "./options.ts";
import { type TraceRequest, TraceUnavailableError, traceProgramJson } from "./trace-job.ts";

const files = z
  .array(
    z
      .object({
        name: fileName,
        content: z.string().max(MAX_CODE_BYTES, `A file can be at most ${MAX_CODE_BYTES / 1024} KiB.`),
      })
      .strict(),
  )
  .min(1, "There is no file to visualize.")
  .max(MAX_FILES, `At most ${MAX_FILES} files.`);

const traceBody = z
  .object({
    files,
    main: fileName,
    stdin: z
      .string()
      .max(64 * 1024, "That input is too long.")
      .optional(),
    heapPrimitives: z.boolean().optional(),
  })
  .strict();

const testBody = traceBody.omit({ stdin: true });
const testParams = z.object({ id: idParam.shape.id, testId: idParam.shape.id });

/** The trace as gzip-compressed JSON: the browser inflates it natively (Content-Encoding). */
function compressed(c: Context<AppEnv>, traceJson: string) {
  const body = Bun.gzipSync(traceJson, { level: 6 });
  c.header("Content-Type", "application/json; charset=utf-8");
  c.header("Content-Encoding", "gzip");
  c.header("Cache-Control", "no-store");
  return c.body(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
}

async function traceOrError(c: Context<AppEnv>, req: Omit<TraceRequest, "maxSteps" | "userKey">) {
  const { ctx } = c.var;
  try {
    const trace = await traceProgramJson(ctx.sandbox, {
      ...req,
      maxSteps: ctx.config.traceMaxSteps,
      userKey: `user:${currentUser(c).id}`,
    });
    return compressed(c, trace);
  } catch (error) {
    if (error instanceof SandboxInputError)
      return c.json({ error: `These files cannot run: ${error.message}.` }, 400);
    if (error instanceof TraceUnavailableError) return c.json({ error: error.message }, 503);
    throw error;
  }
}

function mainMustExist(body: { files: { name: string }[]; main: string }) {
  if (!body.files.some((f) => f.name === body.main))
    throw new HTTPException(400, { message: `The main file ${body.main} is not among the files.` });
  if (new Set(body.files.map((f) => f.name)).size !== body.files.length)
    throw new HTTPException(400, { message: "Two files have the same name." });
}

export const visualizerRoutes = new Hono<AppEnv>()
  .get("/options", async (c) => c.json({ options: await selectOptions(c.var.ctx.db, currentUser(c).id) }))
  .put("/options", validated("json", optionsSchema.partial().strict()), async (c) => {
    const { db, clock } = c.var.ctx;
    const user = currentUser(c);
    const options = { ...DEFAULT_OPTIONS, ...(await selectOptions(db, user.id)), ...c.req.valid("json") };
    await saveOptions(db, user.id, options, clock.now());
    return c.json({ options });
  })
  .post("/trace", runLimit, validated("json", traceBody), async (c) => {
    const body = c.req.valid("json");
    mainMustExist(body);
    return traceOrError(c, body);
  })
  // "Visualize this test": one visible test of a problem the user may see; hidden tests never.
  .post(
    "/problems/:id/tests/:testId/trace",
    runLimit,
    validated("param", testParams),
    validated("json", testBody),
    async (c) => {
      const { id, testId } = c.req.valid("param");
      const { problem } = await problemToView(c, id);
      const test = (await selectTests(c.var.ctx.db, problem.id)).find((t) => t.id === testId);
      if (test?.hidden !== 0)
        throw new HTTPException(404, { message: "There is no such visible test on this problem." });
      const body = c.req.valid("json");
      mainMustExist(body);
      if (test.kind === "code")
        throw new HTTPException(404, { message: "A test written as Python code cannot be visualized." });
      if (problem.kind === "function" && problem.function_name) {
        const name = problem.function_name;
        const call =
          test.value_format === "python"
            ? { function: name, argsSource: test.input }
            : { function: name, args: JSON.parse(test.input) as unknown[] };
        return traceOrError(c, { ...body, call });
      }
      return traceOrError(c, { ...body, stdin: test.input });
    },
  );
