// One live (SSE) connection per page. The layout connects it on the page's content element; it
// carries the notification bell for everyone, keeps the user "online" (presence.ts), and pages with
// live data add their own feed to the same connection, checked exactly like the page (the route
// runs the page's access check before calling liveStream). Everything arrives as one event, "patch":
// HTML fragments whose elements say where they go (htmx out-of-band swaps, hx-swap-oob), so a page
// needs no script of its own. One connection per tab matters: browsers allow six per host over HTTP/1.1.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../context.ts";
import type { User } from "../db/schema.ts";
import { presenceOf } from "../lib/presence.ts";
import { countUnread } from "../models/notification.ts";
import { BellCount, Toast } from "../ui/bell.tsx";

declare module "hono" {
  interface ContextVariableMap {
    /** The live stream this page's layout connects to; /live (the bell only) when unset. */
    liveUrl?: string;
  }
}

/** Under Bun's 10 s idle cut-off. */
const HEARTBEAT_MS = 5000;
/** Streams end after this and the browser reconnects, so access is checked again regularly. */
const LIFETIME_MS = 5 * 60_000;
/** An `at` timer waits at least this long (no busy loop) and at most this long (then reads the clock again). */
const AT_MIN_MS = 200;
const AT_MAX_MS = 60_000;

export interface LiveChannel {
  /** Sends an HTML fragment of out-of-band swaps. */
  patch(html: string): void;
  /**
   * Runs `render` at most once per `ms` per key and sends what it returns (nothing for null), so a
   * burst of events (a regrade of 100 submissions) becomes a few updates, not a hundred.
   */
  coalesce(key: string, ms: number, render: () => Promise<string | null>): void;
  /**
   * Runs `render` once the app's clock reaches `when` (epoch ms) and sends what it returns: a task's
   * start or due time arriving while the page is open. A later call with the same key replaces it.
   */
  at(key: string, when: number, render: () => Promise<string | null>): void;
  /** The Last-Event-ID the browser sent when it reconnected (a number we sent as id), or null. */
  lastEventId: number | null;
}

/** A page feed subscribes to events and returns how to unsubscribe. */
export type LiveFeed = (live: LiveChannel) => Promise<() => void> | (() => void);

export const toHtml = async (node: unknown): Promise<string> => String(await node);

export function liveStream(c: Context<AppEnv>, user: User, feed?: LiveFeed): Response {
  const ctx = c.var.ctx;
  const lastId = Number(c.req.header("last-event-id"));
  return streamSSE(
    c,
    async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      const push = (html: string) => {
        queue.push(html);
        wake?.();
      };
      stream.onAbort(() => wake?.()); // a closed tab releases its subscriptions at once
      const timers = new Map<string, ReturnType<typeof setTimeout>>();
      const channel: LiveChannel = {
        patch: push,
        coalesce(key, ms, render) {
          if (timers.has(key)) return;
          timers.set(
            key,
            setTimeout(() => {
              timers.delete(key);
              if (stream.aborted) return;
              render().then((html) => html && push(html), fail);
            }, ms),
          );
        },
        at(key, when, render) {
          const timer = `at:${key}`;
          clearTimeout(timers.get(timer));
          timers.delete(timer);
          const left = when - ctx.clock.now();
          if (left <= 0) return channel.coalesce(key, 0, render);
          // Checked again on waking (at least every minute), so the clock decides, not the timer.
          const wait = Math.min(Math.max(left, AT_MIN_MS), AT_MAX_MS);
          timers.set(
            timer,
            setTimeout(() => {
              timers.delete(timer);
              if (!stream.aborted) channel.at(key, when, render);
            }, wait),
          );
        },
        lastEventId: Number.isFinite(lastId) && lastId > 0 ? lastId : null,
      };
      const bell = async () => BellPatch(await countUnread(ctx.db, user.id));
      const offs: (() => void)[] = [
        presenceOf(ctx).connect(user.id),
        ctx.events.on("notifications:new", (e) => {
          if (!e.userIds.includes(user.id)) return;
          push(String(Toast({ title: e.title, link: e.link })));
          channel.coalesce("bell", 50, bell);
        }),
        ctx.events.on("notifications:read", (e) => {
          if (e.userId === user.id) channel.coalesce("bell", 50, bell);
        }),
      ];
      try {
        if (feed) offs.push(await feed(channel));
        // Reconnect soon after the server ends a stream; then the count as of now, which also covers
        // anything a reconnect missed.
        await stream.writeSSE({ event: "ping", data: "", retry: 1500 });
        push(await bell());
        const end = Date.now() + LIFETIME_MS;
        while (!stream.aborted && Date.now() < end) {
          while (queue.length > 0 && !stream.aborted) {
            await stream.writeSSE({ event: "patch", data: queue.shift()!, id: String(ctx.clock.now()) });
          }
          const woken = await new Promise<boolean>((resolve) => {
            wake = () => resolve(true);
            setTimeout(() => resolve(false), HEARTBEAT_MS);
          });
          wake = null;
          if (!woken && !stream.aborted) await stream.writeSSE({ event: "ping", data: "" });
        }
      } finally {
        for (const t of timers.values()) clearTimeout(t);
        for (const off of offs) off();
      }
    },
    async (err) => fail(err),
  );

  function fail(err: unknown) {
    ctx.logger.error({ err, path: c.req.path }, "live update failed");
  }
}

function BellPatch(count: number): string {
  return String(BellCount({ count, oob: true }));
}
