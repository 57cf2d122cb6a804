// Checks a signed API request before anything else reads it: a live client, a timestamp within five
// minutes, a signature over exactly these bytes, a request id not seen before from this client.
// Refusals are JSON with a message; nothing is stored for them except the seen id of a valid request.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../../context.ts";
import type { ApiClient } from "../../../db/tables/lms.ts";
import { clientSecret, selectLiveClientByKey } from "./clients.ts";
import { freshTimestamp, MAX_AGE_S, signatureMatches } from "./signature.ts";

export interface VerifiedRequest {
  client: ApiClient;
  body: unknown;
}

const verified = new WeakMap<Request, VerifiedRequest>();

export function verifiedRequest(c: Context<AppEnv>): VerifiedRequest {
  const v = verified.get(c.req.raw);
  if (!v) throw new Error("api: the request was not verified");
  return v;
}

export const refuse = (c: Context<AppEnv>, status: 400 | 401 | 404 | 409 | 422 | 429 | 503, error: string) =>
  c.json({ error }, status);

/** Records the request id; false when this client used it before. */
async function firstUse(c: Context<AppEnv>, clientId: number, requestId: string): Promise<boolean> {
  const { db, clock } = c.var.ctx;
  const now = clock.now();
  // Ids older than a request may be are useless (the timestamp check refuses those requests anyway).
  await db
    .deleteFrom("api_request_ids")
    .where("seen_at", "<", now - 2 * MAX_AGE_S * 1000)
    .execute();
  const r = await db
    .insertInto("api_request_ids")
    .values({ client_id: clientId, request_id: requestId, seen_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function verifySignedRequest(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("x-slate-client") ?? "";
    const timestamp = c.req.header("x-slate-timestamp") ?? "";
    const signature = c.req.header("x-slate-signature") ?? "";
    const raw = await c.req.text();
    const client = key.length <= 100 ? await selectLiveClientByKey(c.var.ctx.db, key) : undefined;
    if (!client) return refuse(c, 401, "Unknown or revoked client.");
    if (!freshTimestamp(timestamp, c.var.ctx.clock.now())) {
      return refuse(c, 401, "The timestamp is missing or more than 5 minutes off.");
    }
    if (!signatureMatches(clientSecret(c.var.ctx, client), timestamp, raw, signature)) {
      return refuse(c, 401, "The signature does not match.");
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse(c, 400, "The body is not JSON.");
    }
    const requestId = (body as { requestId?: unknown } | null)?.requestId;
    if (typeof requestId !== "string" || requestId.length < 1 || requestId.length > 100) {
      return refuse(c, 400, "requestId must be a string of 1 to 100 characters.");
    }
    if (!(await firstUse(c, client.id, requestId))) return refuse(c, 409, "This requestId was already used.");
    verified.set(c.req.raw, { client, body });
    await next();
  };
}
