// One live (SSE) connection per page. The layout connects it on the page's content element; it
// carries the notification bell for everyone, keeps the user "online" (presence.ts), and pages with
// live data add their own feed to the same connection, checked exactly like the page (the route
// runs the page's access check before calling liveStream). Everything arrives as one event, "patch":
// HTML fragments whose elements say where they go (htmx out-of-band swaps, hx-swap-oob), so a page
// needs no script of its own. One connection per tab matters: browsers allow six per host over HTTP/1.1.
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";
import type { User } from "../db/schema.ts";
import { countUnread } from "../models/notification.ts";
import { BellCount, Toast } from "../ui/bell.tsx";
import { sse } from "./sse.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The live stream this page's layout connects to; /live (the bell only) when unset. */
    liveUrl?: string;
  }
}

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
  /** Ends the stream: for a feed whose viewer lost access (the reconnect is checked like the page). */
  close(): void;
  /** The Last-Event-ID the browser sent when it reconnected (a number we sent as id), or null. */
  lastEventId: number | null;
}

/** A page feed subscribes to events and returns how to unsubscribe. */
export type LiveFeed = (live: LiveChannel) => Promise<() => void> | (() => void);

/** Feeds every page's stream carries besides the bell (the messages menu); features add theirs at import. */
export const everyPageFeeds: ((c: Context<AppEnv>, user: User, live: LiveChannel) => () => void)[] = [];

export const toHtml = async (node: unknown): Promise<string> => String(await node);

export function liveStream(c: Context<AppEnv>, user: User, feed?: LiveFeed): Response {
  const ctx = c.var.ctx;
  const lastId = Number(c.req.header("last-event-id"));
  const fail = (err: unknown) => ctx.logger.error({ err, path: c.req.path }, "live update failed");
  // Reconnect soon after the server ends a stream (lifetime, shutdown).
  return sse(
    c,
    async (stream) => {
      const queue: string[] = [];
      const push = (html: string) => {
        queue.push(html);
        stream.wake();
      };
      const coalescing = new Set<string>();
      const atTimers = new Map<string, () => void>();
      const channel: LiveChannel = {
        patch: push,
        coalesce(key, ms, render) {
          if (coalescing.has(key)) return;
          coalescing.add(key);
          stream.later(ms, () => {
            coalescing.delete(key);
            render().then((html) => html && push(html), fail);
          });
        },
        at(key, when, render) {
          atTimers.get(key)?.();
          atTimers.delete(key);
          const left = when - ctx.clock.now();
          if (left <= 0) return channel.coalesce(key, 0, render);
          // Checked again on waking (at least every minute), so the clock decides, not the timer.
          const wait = Math.min(Math.max(left, AT_MIN_MS), AT_MAX_MS);
          atTimers.set(
            key,
            stream.later(wait, () => {
              atTimers.delete(key);
              channel.at(key, when, render);
            }),
          );
        },
        close: () => stream.close(),
        lastEventId: Number.isFinite(lastId) && lastId > 0 ? lastId : null,
      };
      const bell = async () => BellPatch(await countUnread(ctx.db, user.id));
      stream.defer(ctx.presence.connect(user.id));
      stream.defer(
        ctx.events.on("notifications:new", (e) => {
          if (!e.userIds.includes(user.id)) return;
          push(String(Toast({ title: e.title, link: e.link, heading: e.heading })));
          channel.coalesce("bell", 50, bell);
        }),
      );
      stream.defer(
        ctx.events.on("notifications:read", (e) => {
          if (e.userId === user.id) channel.coalesce("bell", 50, bell);
        }),
      );
      for (const everyPage of everyPageFeeds) stream.defer(everyPage(c, user, channel));
      if (feed) stream.defer(await feed(channel));
      push(await bell()); // the count as of now, which also covers anything a reconnect missed
      while (stream.open) {
        while (queue.length > 0 && stream.open)
          await stream.send("patch", queue.shift()!, String(ctx.clock.now()));
        await stream.idle();
      }
    },
    { retryMs: 1500 },
  );
}

function BellPatch(count: number): string {
  return String(BellCount({ count, oob: true }));
}
