// Richer execution (issue 18): a problem's data files (upload, remove). Every route goes through
// problemToTeach: anyone who does not teach the problem's section gets 404.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { redirectWith } from "../../http/flash.ts";
import { problemToTeach } from "../../http/task-access.ts";
import { idParam, validated } from "../../http/validation.ts";
import {
  deleteDataFile,
  MAX_DATA_BYTES,
  MAX_DATA_FILE_BYTES,
  MAX_DATA_FILES,
  selectDataFileInfos,
  upsertDataFile,
} from "../../models/problem-data-files.ts";
import { fileNameProblem } from "../problems/authoring-rules.ts";

const back = (problemId: number) => `/manage/problems/${problemId}#data-files`;

/** Why this upload cannot be added, or null. */
async function uploadProblem(
  existing: { name: string; size: number }[],
  name: string,
  bytes: number,
): Promise<string | null> {
  const nameProblem = fileNameProblem(name);
  if (nameProblem) return nameProblem;
  if (bytes > MAX_DATA_FILE_BYTES) return `${name} is over ${MAX_DATA_FILE_BYTES / 1024} KiB.`;
  const others = existing.filter((f) => f.name !== name);
  if (others.length >= MAX_DATA_FILES) return `A problem has at most ${MAX_DATA_FILES} data files.`;
  const total = others.reduce((sum, f) => sum + f.size, 0) + bytes;
  if (total > MAX_DATA_BYTES)
    return `The data files would be over ${MAX_DATA_BYTES / 1024 / 1024} MiB together.`;
  return null;
}

export const executionRoutes = new Hono<AppEnv>()
  .post("/problems/:id/data-files", validated("param", idParam), async (c) => {
    const { problem } = await problemToTeach(c, c.req.valid("param").id);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return redirectWith(c, back(problem.id), "Choose a file to upload.", "error");
    const existing = await selectDataFileInfos(c.var.ctx.db, problem.id);
    const name = file.name.trim();
    const refused = await uploadProblem(existing, name, file.size);
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
