// Streams a run session as server-sent events: everything after the reader's cursor, then new output
// as it arrives (coalesced while the previous write is in flight), a heartbeat comment well under Bun's
// 10 s idle cut, and the stream ends after the `exit` event. The reader is detached in `finally`.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../../context.ts";
import type { Cursor, RunSession } from "./runs.ts";

const HEARTBEAT_MS = 5000;

export function streamRun(
  c: Context<AppEnv>,
  session: RunSession,
  from: Cursor,
  first?: { event: string; data: string },
): Response {
  c.header("X-Accel-Buffering", "no"); // tell nginx-like proxies not to hold the stream back
  return streamSSE(c, async (stream) => {
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    session.attach();
    try {
      if (first) await stream.writeSSE(first);
      let cursor = from;
      while (open) {
        const batch = session.read(cursor);
        for (const m of batch.messages) await stream.writeSSE(m);
        cursor = batch.cursor;
        if (batch.done) break;
        if (batch.messages.length === 0 && !(await session.wait(HEARTBEAT_MS)) && open) {
          await stream.write(": ping\n\n");
        }
      }
    } finally {
      session.detach();
    }
  });
}
