// One submission's result stream: wait (inside an open SSE stream) until its grading is announced, then
// read the final row. Used by the section and practice submission pages, which differ only in the event.
import type { AppContext } from "../context.ts";
import type { Submission } from "../db/tables/problems.ts";
import type { SlateEvents } from "../lib/events.ts";
import { selectOptionalSubmission } from "../models/submission.ts";
import type { SseStream } from "./sse.ts";

type GradedEvent = "submission:graded" | "practice:scored";

/** The submission once graded (or at once when it already is); undefined when gone or the stream ended. */
export async function awaitGraded(
  stream: SseStream,
  ctx: AppContext,
  submissionId: number,
  event: GradedEvent,
): Promise<Submission | undefined> {
  let graded = false;
  stream.defer(
    ctx.events.on(event, (e: SlateEvents[GradedEvent]) => {
      if (e.submissionId !== submissionId) return;
      graded = true;
      stream.wake();
    }),
  );
  const current = await selectOptionalSubmission(ctx.db, submissionId);
  if (current && (current.status === "queued" || current.status === "running")) {
    while (stream.open && !graded) await stream.idle();
  }
  const final = await selectOptionalSubmission(ctx.db, submissionId);
  return final && stream.open ? final : undefined;
}
