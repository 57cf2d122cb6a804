// The HTTP side of starting and feeding a run, shared by the playground's and a lesson snippet's run
// routes: the stdin body, and the sandbox's refusals (too many or too big files, input too long) as a
// 400 with its reason rather than a crash.
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { type JobFile, type Sandbox, SandboxInputError } from "../../sandbox/index.ts";
import { sentence } from "./files.ts";
import { playgroundLimits, type RunSession } from "./runs.ts";

export const stdinBody = z.union([
  z.object({ text: z.string().max(64 * 1024, "That input is too long.") }).strict(),
  z.object({ eof: z.literal(true) }).strict(),
]);

function refusedAs400<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SandboxInputError)
      throw new HTTPException(400, { message: sentence(error.message) });
    throw error;
  }
}

/** Starts a run with the playground's limits for the user. */
export function startRun(ctx: AppContext, sandbox: Sandbox, userId: number, files: JobFile[], main: string) {
  const limits = playgroundLimits(ctx.config);
  const session = refusedAs400(() => ctx.runs.start(sandbox, userId, limits, files, main));
  return { session, limits };
}

/** A line for the run's input(), or the end of its input. */
export function sendRunInput(session: RunSession, body: z.infer<typeof stdinBody>): void {
  refusedAs400(() => ("eof" in body ? session.closeStdin() : session.sendStdin(body.text)));
}
