// The one helper for server-sent events. Every stream (a page's live feed, a submission's result, a
// regrade's progress, a playground run) gets the same care: a heartbeat under Bun's 10 s idle cut,
// an idle and a lifetime limit (the browser reconnects, and access is checked again), cleanups and
// timers released in `finally`, event names that cannot break the framing, and an end at once when
// the server shuts down (SIGTERM would otherwise wait for every open tab's stream to time out).
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../context.ts";

/** Under Bun's 10 s idle cut-off. */
export const HEARTBEAT_MS = 5000;

export interface SseOptions {
  /** The stream ends after this (default 5 minutes); Infinity for streams that end by themselves. */
  lifetimeMs?: number;
  /** Sent first: how soon the browser reconnects after the server ends the stream. */
  retryMs?: number;
}

export interface SseStream {
  /** True until the client leaves, the lifetime ends or the server shuts down. */
  readonly open: boolean;
  /** Resolves when the stream stops being open. */
  readonly closed: Promise<void>;
  send(event: string, data: string, id?: string): Promise<void>;
  /** A comment line: keeps the connection alive without an event the client must know. */
  comment(text: string): Promise<void>;
  /** Waits for wake(), the stream's end, or a heartbeat interval (then sends a ping); true when woken. */
  idle(): Promise<boolean>;
  wake(): void;
  /** Ends the stream (the browser reconnects, and the route checks access again). */
  close(): void;
  /** A timer cleared when the stream ends. */
  later(ms: number, fn: () => void): () => void;
  /** Runs when the stream ends (unsubscribe from events, detach readers). */
  defer(fn: () => void): void;
}

const SAFE_EVENT = /^[A-Za-z0-9_:.-]{1,64}$/;

export function sse(
  c: Context<AppEnv>,
  run: (stream: SseStream) => Promise<void>,
  options: SseOptions = {},
): Response {
  const { logger, streams } = c.var.ctx;
  c.header("X-Accel-Buffering", "no"); // proxies must not hold the stream back
  return streamSSE(
    c,
    async (raw) => {
      let open = true;
      let endOpen: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => {
        endOpen = resolve;
      });
      let wakeUp: (() => void) | null = null;
      let pending = false;
      const close = () => {
        open = false;
        endOpen();
        wakeUp?.();
      };
      const cleanups: (() => void)[] = [streams.add(close)];
      // A deactivated, demoted or reset user's streams end at once, whatever they follow: they checked
      // access with the user as it was, and the reconnect checks again (or finds no session).
      const userId = c.var.user?.id;
      if (userId !== undefined) {
        const mine = (e: { userId: number }) => {
          if (e.userId === userId) close();
        };
        cleanups.push(
          c.var.ctx.events.on("account:deactivated", mine),
          c.var.ctx.events.on("account:changed", mine),
        );
      }
      const timers = new Set<ReturnType<typeof setTimeout>>();
      raw.onAbort(close);
      const later = (ms: number, fn: () => void) => {
        const t = setTimeout(() => {
          timers.delete(t);
          if (open) fn();
        }, ms);
        timers.add(t);
        return () => {
          clearTimeout(t);
          timers.delete(t);
        };
      };
      const lifetime = options.lifetimeMs ?? 5 * 60_000;
      if (Number.isFinite(lifetime)) later(lifetime, close);
      const stream: SseStream = {
        get open() {
          return open && !raw.aborted;
        },
        closed,
        async send(event, data, id) {
          if (!SAFE_EVENT.test(event)) throw new Error(`unsafe SSE event name ${JSON.stringify(event)}`);
          if (id !== undefined && /[\r\n]/.test(id)) throw new Error("unsafe SSE id");
          if (stream.open) await raw.writeSSE({ event, data, id });
        },
        async comment(text) {
          if (stream.open) await raw.write(`: ${text.replace(/[\r\n]/g, " ")}\n\n`);
        },
        async idle() {
          if (!stream.open) return false;
          if (pending) {
            pending = false; // woken while it was busy sending
            return true;
          }
          let woken = false;
          await new Promise<void>((resolve) => {
            const cancel = later(HEARTBEAT_MS, resolve);
            wakeUp = () => {
              woken = true;
              cancel();
              resolve();
            };
          });
          wakeUp = null;
          if (!woken && stream.open) await raw.writeSSE({ event: "ping", data: "" });
          return woken && stream.open;
        },
        wake: () => {
          if (wakeUp) wakeUp();
          else pending = true;
        },
        close,
        later,
        defer: (fn) => cleanups.push(fn),
      };
      try {
        if (options.retryMs) await raw.writeSSE({ event: "ping", data: "", retry: options.retryMs });
        await run(stream);
      } finally {
        close();
        for (const t of timers) clearTimeout(t);
        for (const fn of cleanups.reverse()) fn();
      }
    },
    async (err) => {
      logger.error({ err, path: c.req.path }, "event stream failed");
    },
  );
}
