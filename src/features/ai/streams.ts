// The AI answers' server-sent streams, on top of the one SSE helper (src/http/sse.ts): a comment
// every few seconds while the provider thinks (Bun cuts silent streams), and an AbortSignal that
// fires when the student leaves, so a queued or running request stops.
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { HEARTBEAT_MS, type SseStream, sse } from "../../http/sse.ts";

export function wantsStream(c: Context<AppEnv>): boolean {
  return (c.req.header("accept") ?? "").includes("text/event-stream");
}

export function aiStream(
  c: Context<AppEnv>,
  run: (stream: SseStream, signal: AbortSignal) => Promise<void>,
): Response {
  return sse(
    c,
    async (stream) => {
      const abort = new AbortController();
      void stream.closed.then(() => abort.abort(new Error("the student left")));
      const beat = () => {
        stream.later(HEARTBEAT_MS, () => {
          void stream.comment("waiting");
          beat();
        });
      };
      beat();
      await run(stream, abort.signal);
    },
    { lifetimeMs: 15 * 60_000 },
  );
}
