// Webhooks back to API clients when a grading finished: the same answer the request got, signed like
// requests are (X-Slate-Timestamp, X-Slate-Signature with the client's secret), retried with backoff.
import type { AppContext } from "../../../context.ts";
import { backoffMs, MAX_ATTEMPTS } from "../lti/outbox.ts";
import { clientSecret } from "./clients.ts";
import { sign } from "./signature.ts";

const TIMEOUT_MS = 10_000;

function dueWebhooks(ctx: AppContext) {
  return ctx.db
    .selectFrom("api_gradings")
    .innerJoin("api_clients", "api_clients.id", "api_gradings.client_id")
    .selectAll("api_gradings")
    .select(["api_clients.webhook_url", "api_clients.secret_sealed", "api_clients.revoked_at"])
    .where("api_gradings.webhook_status", "=", "pending")
    .where("api_gradings.webhook_next_at", "<=", ctx.clock.now())
    .orderBy("api_gradings.webhook_next_at")
    .limit(20)
    .execute();
}

type Due = Awaited<ReturnType<typeof dueWebhooks>>[number];

async function deliver(ctx: AppContext, row: Due): Promise<void> {
  if (!row.webhook_url || row.revoked_at !== null) throw new Error("the client has no webhook any more");
  const body = JSON.stringify({ event: "grading.finished", id: row.id, ...JSON.parse(row.answer) });
  const timestamp = String(Math.floor(ctx.clock.now() / 1000));
  const secret = clientSecret(ctx, { secret_sealed: row.secret_sealed } as Parameters<
    typeof clientSecret
  >[1]);
  const res = await fetch(row.webhook_url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-slate-timestamp": timestamp,
      "x-slate-signature": sign(secret, timestamp, body),
    },
    redirect: "manual", // a webhook never follows a redirect elsewhere
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (res.status < 200 || res.status >= 300) throw new Error(`the webhook answered ${res.status}`);
}

export async function sendDueWebhooks(ctx: AppContext): Promise<number> {
  const rows = await dueWebhooks(ctx);
  for (const row of rows) {
    try {
      await deliver(ctx, row);
      await ctx.db
        .updateTable("api_gradings")
        .set({ webhook_status: "sent", webhook_error: null })
        .where("id", "=", row.id)
        .execute();
    } catch (err) {
      const attempts = row.webhook_attempts + 1;
      await ctx.db
        .updateTable("api_gradings")
        .set({
          webhook_status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          webhook_attempts: attempts,
          webhook_next_at: ctx.clock.now() + backoffMs(attempts),
          webhook_error: (err as Error).message.slice(0, 300),
        })
        .where("id", "=", row.id)
        .execute();
    }
  }
  return rows.length;
}
