// The signed grading API's signature: HMAC-SHA256 with the client's secret over
// "<timestamp>.<raw body>", sent as hex in X-Slate-Signature ("sha256=<hex>"), the timestamp (unix
// seconds) in X-Slate-Timestamp. Webhooks back to the client are signed the same way.
import { createHmac, timingSafeEqual } from "node:crypto";

export const MAX_AGE_S = 5 * 60;

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Constant-time comparison of a given signature with the expected one. */
export function signatureMatches(secret: string, timestamp: string, body: string, given: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A timestamp of at most five minutes ago (or ahead, for clock skew); digits only. */
export function freshTimestamp(timestamp: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= MAX_AGE_S;
}
