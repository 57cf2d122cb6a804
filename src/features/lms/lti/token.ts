// OAuth 2 access tokens for LTI Advantage services: a client-credentials grant authenticated by a JWT
// assertion signed with Slate's key (RFC 7523, as LTI Security Framework 1.0 requires). Tokens are kept
// per platform and scope set until shortly before they expire.
import { SignJWT } from "jose";
import type { AppContext } from "../../../context.ts";
import type { LtiPlatform } from "../../../db/tables/lms.ts";
import { randomToken } from "../../../lib/tokens.ts";
import { ALG, currentSigningKey } from "./keys.ts";

export class LtiServiceError extends Error {
  override name = "LtiServiceError";
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

const cache = new WeakMap<AppContext, Map<string, CachedToken>>();
const TIMEOUT_MS = 10_000;
const BEARER = /^[\x21-\x7e]{1,8192}$/;

async function clientAssertion(ctx: AppContext, platform: LtiPlatform): Promise<string> {
  const { kid, key } = await currentSigningKey(ctx);
  const now = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALG, kid, typ: "JWT" })
    .setIssuer(platform.client_id)
    .setSubject(platform.client_id)
    .setAudience(platform.token_url)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomToken(16))
    .sign(key);
}

async function requestToken(ctx: AppContext, platform: LtiPlatform, scope: string): Promise<CachedToken> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: await clientAssertion(ctx, platform),
    scope,
  });
  const res = await fetch(platform.token_url, {
    method: "POST",
    body,
    headers: { accept: "application/json" },
    redirect: "manual", // the assertion goes to the registered token URL only, never on to another host
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new LtiServiceError(`the token endpoint answered ${res.status}`);
  const json = (await res.json().catch(() => null)) as {
    access_token?: unknown;
    expires_in?: unknown;
  } | null;
  // A bearer token goes into a header: anything but visible ASCII would fail there, not here.
  if (!json || typeof json.access_token !== "string" || !BEARER.test(json.access_token)) {
    throw new LtiServiceError("the token endpoint sent no usable access token");
  }
  const lifetime =
    typeof json.expires_in === "number" && Number.isFinite(json.expires_in) ? json.expires_in : 3600;
  return { token: json.access_token, expiresAt: ctx.clock.now() + Math.max(0, lifetime - 30) * 1000 };
}

/** A bearer token for these scopes at this platform. */
export async function accessToken(ctx: AppContext, platform: LtiPlatform, scopes: string[]): Promise<string> {
  const scope = [...scopes].sort().join(" ");
  const key = `${platform.id} ${platform.token_url} ${scope}`;
  let tokens = cache.get(ctx);
  if (!tokens) {
    tokens = new Map();
    cache.set(ctx, tokens);
  }
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > ctx.clock.now()) return cached.token;
  const fresh = await requestToken(ctx, platform, scope);
  tokens.set(key, fresh);
  return fresh.token;
}

/** A platform refused a token we had: forget it, so the next try asks for a new one. */
export function forgetTokens(ctx: AppContext, platformId: number): void {
  const tokens = cache.get(ctx);
  if (!tokens) return;
  for (const key of tokens.keys()) if (key.startsWith(`${platformId} `)) tokens.delete(key);
}

/** A service call with a bearer token; a 401 drops the cached token. */
export async function serviceFetch(
  ctx: AppContext,
  platform: LtiPlatform,
  scopes: string[],
  url: string,
  init: RequestInit & { headers: Record<string, string> },
): Promise<Response> {
  const token = await accessToken(ctx, platform, scopes);
  const res = await fetch(url, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
    // A redirect would take the request (and what it answers) to any host, past the host checks of
    // the callers; LTI services answer where they are, so a 3xx is a failure like any other.
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (res.status === 401) forgetTokens(ctx, platform.id);
  return res;
}
