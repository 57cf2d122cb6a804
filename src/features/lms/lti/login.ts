// OIDC third-party login initiation (LTI 1.3 Core 5.1.1): the platform names itself and the user;
// Slate answers with an authentication request to the platform's auth URL. The state (which the
// launch must bring back) and nonce (which the id_token must carry) are random, stored hashed for ten
// minutes and used once; the state is also put in a cookie so only this browser can finish the launch.
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../../../context.ts";
import type { LtiPlatform } from "../../../db/tables/lms.ts";
import { isHttps } from "../../../http/sessions.ts";
import { randomToken, sha256 } from "../../../lib/tokens.ts";
import { LaunchError } from "./launch-error.ts";
import { isKnownDeployment, selectPlatformsByIssuer } from "./platforms.ts";
import { urlsOf } from "./urls.ts";

export const STATE_TTL_MS = 10 * 60_000;

export interface LoginParams {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
}

/**
 * The state cookie: one per login, so launches in two tabs do not overwrite each other. Over https it
 * is `__Host-` prefixed (hence Path=/): a sibling subdomain (a students' site of the school) cannot set
 * such a cookie, so it cannot toss its own state into a victim's browser and sign the victim in as
 * the attacker.
 */
export function stateCookie(c: Context<AppEnv>, state: string) {
  const secure = isHttps(c);
  const name = `${secure ? "__Host-" : ""}slate_lti_${sha256(state).slice(0, 16)}`;
  return { name, path: secure ? "/" : "/lti", secure };
}

async function platformFor(c: Context<AppEnv>, p: LoginParams): Promise<LtiPlatform> {
  if (!p.iss || !p.login_hint) throw new LaunchError("The LMS did not send its issuer and login hint.");
  const found = await selectPlatformsByIssuer(c.var.ctx.db, p.iss, p.client_id || undefined);
  if (found.length !== 1) {
    throw new LaunchError(
      found.length === 0
        ? "This LMS is not registered in Slate. Ask the Slate administrator to add it."
        : "Several registrations share this issuer: the LMS must send its client id.",
    );
  }
  const platform = found[0]!;
  if (p.lti_deployment_id && !(await isKnownDeployment(c.var.ctx.db, platform.id, p.lti_deployment_id))) {
    throw new LaunchError("This deployment of the LMS is not registered in Slate.");
  }
  return platform;
}

/** Stores state and nonce and returns the platform's auth URL to redirect to. */
export async function initiateLogin(c: Context<AppEnv>, p: LoginParams): Promise<string> {
  const platform = await platformFor(c, p);
  const { db, clock } = c.var.ctx;
  const state = randomToken(32);
  const nonce = randomToken(32);
  await db.deleteFrom("lti_states").where("expires_at", "<", clock.now()).execute();
  await db
    .insertInto("lti_states")
    .values({
      state_hash: sha256(state),
      nonce,
      platform_id: platform.id,
      expires_at: clock.now() + STATE_TTL_MS,
    })
    .execute();
  const { name, path, secure } = stateCookie(c, state);
  // SameSite=None (with Secure) so the cookie comes back on the platform's cross-site form post,
  // also inside its iframe; Partitioned keeps it working where third-party cookies are blocked.
  setCookie(c, name, state, {
    path,
    httpOnly: true,
    secure,
    sameSite: secure ? "None" : "Lax",
    partitioned: secure,
    maxAge: STATE_TTL_MS / 1000,
  });
  const url = new URL(platform.auth_url);
  const params = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.client_id,
    redirect_uri: urlsOf(c).launch,
    login_hint: p.login_hint!,
    state,
    nonce,
    ...(p.lti_message_hint ? { lti_message_hint: p.lti_message_hint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
