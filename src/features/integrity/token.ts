// The integrity token of an editing session: the server signs who edits which problem (HMAC-SHA256
// with a key derived from the app secret), the browser sends it with every batch, and a batch whose
// token is missing, altered or someone else's flags the submission. Compared in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";
import { randomToken } from "../../lib/tokens.ts";

export interface SessionClaims {
  /** The session's random id. */
  sid: string;
  problemId: number;
  userId: number;
  issuedAt: number;
}

export type TokenCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: string };

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac("sha256", secret).update("slate integrity session v1").digest();
    keys.set(secret, key);
  }
  return key;
}

const sign = (secret: string, body: string) => createHmac("sha256", keyFor(secret)).update(body).digest();

export function issueSessionToken(
  secret: string,
  s: { problemId: number; userId: number; now: number },
): { token: string; claims: SessionClaims } {
  const claims: SessionClaims = {
    sid: randomToken(18),
    problemId: s.problemId,
    userId: s.userId,
    issuedAt: s.now,
  };
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return { token: `${body}.${sign(secret, body).toString("base64url")}`, claims };
}

function parseClaims(body: string): SessionClaims | null {
  try {
    const c = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<SessionClaims>;
    const ok =
      typeof c.sid === "string" &&
      /^[\w-]{8,64}$/.test(c.sid) &&
      Number.isInteger(c.problemId) &&
      Number.isInteger(c.userId) &&
      Number.isInteger(c.issuedAt);
    return ok ? (c as SessionClaims) : null;
  } catch {
    return null;
  }
}

/** Checks a token's signature and that it was issued to this user for this problem. */
export function verifySessionToken(
  secret: string,
  token: string | undefined,
  expect: { problemId: number; userId: number },
): TokenCheck {
  if (!token) return { ok: false, reason: "the batch came without an integrity token" };
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined || token.length > 512)
    return { ok: false, reason: "the integrity token is malformed" };
  const given = Buffer.from(mac, "base64url");
  const wanted = sign(secret, body);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { ok: false, reason: "the integrity token's signature does not match (altered or forged)" };
  const claims = parseClaims(body);
  if (!claims) return { ok: false, reason: "the integrity token is malformed" };
  if (claims.userId !== expect.userId)
    return { ok: false, reason: "the integrity token belongs to another student" };
  if (claims.problemId !== expect.problemId)
    return { ok: false, reason: "the integrity token belongs to another problem" };
  return { ok: true, claims };
}
