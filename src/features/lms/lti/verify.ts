// Verifying a launch (LTI 1.3 Core 5.1.3, Security Framework 5.1.3): the state is ours, unexpired,
// unused and bound to this browser; the id_token is signed by a key of the platform's JWKS, issued by
// the platform to our client id (aud, and azp when present), fresh (exp, iat), carries our nonce, a
// registered deployment, a message type we handle and LTI version 1.3.0.
import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { z } from "zod";
import type { AppEnv } from "../../../context.ts";
import type { LtiPlatform } from "../../../db/tables/lms.ts";
import { sha256 } from "../../../lib/tokens.ts";
import { CLAIM, LTI_VERSION, MESSAGE } from "./claims.ts";
import { LaunchError } from "./launch-error.ts";
import { stateCookie } from "./login.ts";
import { isKnownDeployment, selectOptionalPlatform } from "./platforms.ts";

const MAX_TOKEN_AGE_S = 10 * 60;
const CLOCK_SKEW_S = 60;

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function platformJwks(url: string) {
  let jwks = jwksByUrl.get(url);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    jwksByUrl.set(url, jwks);
  }
  return jwks;
}

const url = z.url({ protocol: /^https?$/ });
const text = (max: number) => z.string().max(max);

const claimsSchema = z.object({
  sub: text(255).min(1),
  name: text(200).optional(),
  given_name: text(100).optional(),
  family_name: text(100).optional(),
  email: text(254).optional(),
  [CLAIM.messageType]: z.enum([MESSAGE.resourceLink, MESSAGE.deepLinking], {
    error: "This kind of LTI message is not supported by Slate.",
  }),
  [CLAIM.version]: z.literal(LTI_VERSION, { error: "Slate supports LTI version 1.3.0 only." }),
  [CLAIM.deploymentId]: text(255).min(1),
  [CLAIM.roles]: z.array(text(500)).max(100),
  [CLAIM.context]: z.object({
    id: text(255).min(1),
    title: text(500).optional(),
    label: text(200).optional(),
  }),
  [CLAIM.resourceLink]: z.object({ id: text(255).min(1), title: text(500).optional() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.agsEndpoint]: z
    .object({
      scope: z.array(text(300)).max(20).default([]),
      lineitems: url.optional(),
      lineitem: url.optional(),
    })
    .optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: url }).optional(),
  [CLAIM.deepLinkingSettings]: z
    .object({
      deep_link_return_url: url,
      accept_types: z.array(text(100)).max(20),
      accept_multiple: z.boolean().optional(),
      accept_lineitem: z.boolean().optional(),
      data: text(4000).optional(),
    })
    .optional(),
});

export type LaunchClaims = z.infer<typeof claimsSchema>;

export interface VerifiedLaunch {
  platform: LtiPlatform;
  claims: LaunchClaims;
}

/** Takes the state row (deleted: single use) and checks expiry and this browser's state cookie. */
async function takeState(c: Context<AppEnv>, state: string) {
  const { db, clock } = c.var.ctx;
  const row = await db
    .deleteFrom("lti_states")
    .where("state_hash", "=", sha256(state))
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new LaunchError("This launch was already used or is unknown. Open Slate from the LMS again.");
  if (row.expires_at < clock.now())
    throw new LaunchError("This launch took too long. Open Slate from the LMS again.");
  const { name, path, secure } = stateCookie(c, state);
  const cookie = Buffer.from(getCookie(c, name) ?? "");
  deleteCookie(c, name, { path, secure });
  const wanted = Buffer.from(state);
  if (cookie.length !== wanted.length || !timingSafeEqual(cookie, wanted)) {
    throw new LaunchError("This launch was started in another browser. Open Slate from the LMS again.");
  }
  return row;
}

async function verifyToken(c: Context<AppEnv>, platform: LtiPlatform, idToken: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, platformJwks(platform.jwks_url), {
      issuer: platform.issuer,
      audience: platform.client_id,
      algorithms: ["RS256", "RS384", "RS512", "PS256", "ES256"],
      currentDate: new Date(c.var.ctx.clock.now()),
      clockTolerance: CLOCK_SKEW_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ["iat", "exp", "nonce", "sub"],
    });
    return payload;
  } catch (err) {
    c.var.ctx.logger.warn({ err, platform: platform.id }, "lti: id_token refused");
    if (err instanceof errors.JWTExpired) throw new LaunchError("The LMS's launch token has expired.");
    if (err instanceof errors.JWTClaimValidationFailed) {
      throw new LaunchError(`The LMS's launch token is not for Slate (${err.claim}).`);
    }
    throw new LaunchError("The LMS's launch token could not be verified.");
  }
}

function checkAuthorizedParty(payload: JWTPayload, clientId: string): void {
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  // With several audiences azp must name us; when present it must name us anyway.
  if ((aud.length > 1 || payload.azp !== undefined) && payload.azp !== clientId) {
    throw new LaunchError("The LMS's launch token is not for Slate (azp).");
  }
}

export async function verifyLaunch(c: Context<AppEnv>, form: { id_token?: string; state?: string }) {
  if (!form.state || !form.id_token) throw new LaunchError("The LMS did not send a launch token.");
  const state = await takeState(c, form.state);
  const platform = await selectOptionalPlatform(c.var.ctx.db, state.platform_id);
  if (!platform) throw new LaunchError("This LMS is no longer registered in Slate.");
  const payload = await verifyToken(c, platform, form.id_token);
  checkAuthorizedParty(payload, platform.client_id);
  const nonce = Buffer.from(String(payload.nonce));
  const wanted = Buffer.from(state.nonce);
  if (nonce.length !== wanted.length || !timingSafeEqual(nonce, wanted)) {
    throw new LaunchError("The LMS's launch token does not belong to this launch (nonce).");
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new LaunchError(launchClaimProblem(parsed.error));
  const claims = parsed.data;
  if (!(await isKnownDeployment(c.var.ctx.db, platform.id, claims[CLAIM.deploymentId]))) {
    throw new LaunchError("This deployment of the LMS is not registered in Slate.");
  }
  return { platform, claims } satisfies VerifiedLaunch;
}

function launchClaimProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const claim = String(issue?.path[0] ?? "");
  if (claim === CLAIM.messageType || claim === CLAIM.version) return issue!.message;
  return `The LMS's launch is missing what Slate needs (${claim.split("/").pop() || "a claim"}).`;
}
