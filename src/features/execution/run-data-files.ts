// A problem page's run gets the problem's data files, for a viewer who may see the problem (the same
// rule as its page: 404 for anyone else).
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { problemToView } from "../../http/task-access.ts";
import { selectDataJobFiles } from "../../models/problem-data-files.ts";
import type { JobFile } from "../../sandbox/index.ts";

export async function problemDataFiles(
  c: Context<AppEnv>,
  problemId: number | undefined,
): Promise<JobFile[]> {
  if (problemId === undefined) return [];
  const { problem } = await problemToView(c, problemId);
  return selectDataJobFiles(c.var.ctx.db, problem.id);
}
