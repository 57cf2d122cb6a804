// Deep linking (LTI Deep Linking 2.0): a teacher picks Slate content for the course; Slate answers with
// a signed LtiDeepLinkingResponse that the browser posts to the platform's return URL. Each item is an
// ltiResourceLink back to Slate's launch URL, naming its target in a custom parameter, with a line
// item so the platform makes a gradebook column that scores are posted to.
import { SignJWT } from "jose";
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import { randomToken, sha256 } from "../../../lib/tokens.ts";
import { selectTasks } from "../../../models/task.ts";
import { CLAIM, LTI_VERSION, MESSAGE } from "./claims.ts";
import { selectOptionalContext } from "./contexts.ts";
import { ALG, currentSigningKey } from "./keys.ts";
import { selectOptionalPlatform } from "./platforms.ts";
import { type LinkTarget, resolveTarget, targetMaximum, targetRef } from "./targets.ts";

export async function selectDeepLink(db: Db, token: string, userId: number, now: number) {
  const row = await db
    .selectFrom("lti_deep_links")
    .selectAll()
    .where("token_hash", "=", sha256(token))
    .executeTakeFirst();
  if (!row || row.user_id !== userId || row.expires_at < now) return null;
  const context = await selectOptionalContext(db, row.context_id);
  return context ? { request: row, context } : null;
}

export type DeepLink = NonNullable<Awaited<ReturnType<typeof selectDeepLink>>>;

export interface Pickable {
  target: LinkTarget;
  maximum: number;
}

/** What can be placed: the tasks of the course's section. */
export async function pickableContent(db: Db, sectionId: number): Promise<Pickable[]> {
  const tasks = await selectTasks(db, sectionId);
  const out: Pickable[] = [];
  for (const t of tasks) {
    const target = await resolveTarget(db, "task", t.id);
    if (target) out.push({ target, maximum: await targetMaximum(db, "task", t.id) });
  }
  return out;
}

function contentItem(launchUrl: string, p: Pickable, withLineItem: boolean) {
  const ref = targetRef(p.target.kind, p.target.id);
  return {
    type: "ltiResourceLink",
    title: p.target.title,
    url: launchUrl,
    custom: { slate_target: ref },
    ...(withLineItem && p.maximum > 0
      ? { lineItem: { scoreMaximum: p.maximum, label: p.target.title, resourceId: ref } }
      : {}),
  };
}

/** The signed response JWT for the picked items; the request is used up. */
export async function deepLinkingResponse(
  ctx: AppContext,
  link: DeepLink,
  picked: Pickable[],
  launchUrl: string,
): Promise<string> {
  const platform = await selectOptionalPlatform(ctx.db, link.context.platform_id);
  if (!platform) throw new Error("lti: the platform of this deep link is gone");
  await ctx.db.deleteFrom("lti_deep_links").where("token_hash", "=", link.request.token_hash).execute();
  const { kid, key } = await currentSigningKey(ctx);
  const now = Math.floor(ctx.clock.now() / 1000);
  const payload: Record<string, unknown> = {
    nonce: randomToken(16),
    [CLAIM.messageType]: MESSAGE.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: link.context.deployment_id,
    [CLAIM.contentItems]: picked.map((p) => contentItem(launchUrl, p, link.request.accept_line_item === 1)),
  };
  if (link.request.data !== null) payload[CLAIM.deepLinkingData] = link.request.data;
  if (picked.length > 0)
    payload[CLAIM.deepLinkingMsg] = `Placed ${picked.map((p) => p.target.title).join(", ")}.`;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, kid, typ: "JWT" })
    .setIssuer(platform.client_id)
    .setAudience(platform.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}
