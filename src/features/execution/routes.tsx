// Richer execution (issue 18): a problem's data files (upload, remove). Every route goes through
// problemToTeach: anyone who does not teach the problem's section gets 404.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { redirectWith } from "../../http/flash.ts";
import { problemToTeach } from "../../http/task-access.ts";
import { idParam, validated } from "../../http/validation.ts";
import { deleteDataFile, selectDataFileInfos, upsertDataFile } from "../../models/problem-data-files.ts";
import { dataFileProblem } from "./data-file-rules.ts";

const back = (problemId: number) => `/manage/problems/${problemId}#data-files`;

export const executionRoutes = new Hono<AppEnv>()
  .post("/problems/:id/data-files", validated("param", idParam), async (c) => {
    const { problem } = await problemToTeach(c, c.req.valid("param").id);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return redirectWith(c, back(problem.id), "Choose a file to upload.", "error");
    const existing = await selectDataFileInfos(c.var.ctx.db, problem.id);
    const name = file.name.trim();
    const refused = dataFileProblem(existing, name, file.size);
    if (refused) return redirectWith(c, back(problem.id), refused, "error");
    const content = new Uint8Array(await file.arrayBuffer());
    await upsertDataFile(c.var.ctx.db, problem.id, name, content, c.var.ctx.clock.now());
    return redirectWith(c, back(problem.id), `Added the data file ${name}.`);
  })
  .post(
    "/problems/:id/data-files/delete",
    validated("param", idParam),
    validated("query", z.object({ name: z.string().min(1).max(200) })),
    async (c) => {
      const { problem } = await problemToTeach(c, c.req.valid("param").id);
      const { name } = c.req.valid("query");
      if (!(await deleteDataFile(c.var.ctx.db, problem.id, name)))
        throw new HTTPException(404, { message: "There is no such data file." });
      return redirectWith(c, back(problem.id), `Removed the data file ${name}.`);
    },
  );
