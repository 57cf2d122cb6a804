// Streams a run session as server-sent events: everything after the reader's cursor, then new output
// as it arrives (coalesced while the previous write is in flight), a heartbeat comment well under Bun's
// 10 s idle cut, and the stream ends after the `exit` event. The reader is detached in `finally`.
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { HEARTBEAT_MS, sse } from "../../http/sse.ts";
import type { Cursor, RunSession } from "./runs.ts";

export function streamRun(
  c: Context<AppEnv>,
  session: RunSession,
  from: Cursor,
  first?: { event: string; data: string },
): Response {
  return sse(
    c,
    async (stream) => {
      session.attach();
      stream.defer(() => session.detach());
      if (first) await stream.send(first.event, first.data);
      let cursor = from;
      while (stream.open) {
        const batch = session.read(cursor);
        for (const m of batch.messages) await stream.send(m.event, m.data, m.id);
        cursor = batch.cursor;
        if (batch.done) break;
        if (batch.messages.length === 0) {
          const woken = await Promise.race([session.wait(HEARTBEAT_MS), stream.closed.then(() => true)]);
          if (!woken && stream.open) await stream.comment("ping");
        }
      }
    },
    { lifetimeMs: Number.POSITIVE_INFINITY }, // a run's stream ends with the run
  );
}
