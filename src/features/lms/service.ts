// The LMS worker: queues scores when submissions are graded (the "submission:graded" event covers
// grading, regrades and overrides) and sends due scores and webhooks every few seconds. The queue is
// in SQLite, so a restart loses nothing; start() and stop() are called by main.ts (or a test).
import type { Logger } from "pino";
import type { AppContext } from "../../context.ts";
import { sendDueWebhooks } from "./api/webhook.ts";
import { backfillScores, enqueueScore, sendDueScores } from "./lti/outbox.ts";

const TICK_MS = 2000;

export class LmsService {
  private ctx: AppContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private queued = new Set<Promise<unknown>>();
  private round: Promise<void> | null = null;

  constructor(private logger: Logger) {}

  start(ctx: AppContext): void {
    if (this.ctx) return;
    this.ctx = ctx;
    this.unsubscribe = ctx.events.on("submission:graded", (e) => {
      const p = enqueueScore(ctx, e)
        .then((n) => (n > 0 ? this.wake() : undefined))
        .catch((err) => this.logger.error({ err }, "lms: queueing a score failed"))
        .finally(() => this.queued.delete(p));
      this.queued.add(p);
    });
    const backfill = backfillScores(ctx)
      .then((n) =>
        n > 0 ? this.logger.info({ queued: n }, "lms: queued scores graded while stopped") : undefined,
      )
      .catch((err) => this.logger.error({ err }, "lms: queueing missed scores failed"))
      .finally(() => this.queued.delete(backfill));
    this.queued.add(backfill);
    this.timer = setInterval(() => void this.wake(), TICK_MS);
    this.timer.unref?.();
  }

  /** One round of sending what is due (never two at once). */
  wake(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return Promise.resolve();
    this.round ??= (async () => {
      try {
        await sendDueScores(ctx);
        await sendDueWebhooks(ctx);
      } catch (err) {
        this.logger.error({ err }, "lms: a sending round failed");
      } finally {
        this.round = null;
      }
    })();
    return this.round;
  }

  /** Waits for queued events and one full round: for tests and for shutdown. */
  async flush(): Promise<void> {
    await Promise.all([...this.queued]);
    if (this.round) await this.round;
    await this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all([...this.queued]);
    if (this.round) await this.round;
    this.ctx = null;
  }
}
