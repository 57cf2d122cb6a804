// Assignment and Grade Services 2.0: the link's line item (the one the platform made, e.g. from our
// deep-linking answer, or one Slate makes in the course's line-items container) and score posts.
import type { AppContext } from "../../../context.ts";
import type { LtiContext, LtiLink, LtiPlatform } from "../../../db/tables/lms.ts";
import { MEDIA, SCOPE } from "./claims.ts";
import { targetMaximum, targetRef } from "./targets.ts";
import { LtiServiceError, serviceFetch } from "./token.ts";

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
}

function sameOrigin(url: string, other: string): boolean {
  try {
    return new URL(url).origin === new URL(other).origin;
  } catch {
    return false;
  }
}

/** `{lineitem}/scores`, keeping the line item URL's query string where it belongs. */
export function scoresUrl(lineitem: string): string {
  const u = new URL(lineitem);
  u.pathname = `${u.pathname.replace(/\/+$/, "")}/scores`;
  return u.toString();
}

/** The link's line item URL, creating one in the course's container when the platform made none. */
export async function ensureLineItem(
  ctx: AppContext,
  platform: LtiPlatform,
  context: LtiContext,
  link: LtiLink,
): Promise<string> {
  if (link.lineitem_url) return link.lineitem_url;
  if (!context.lineitems_url || !link.lineitem_scope || !link.target_kind || link.target_id === null) {
    throw new LtiServiceError("the LMS gave this link no gradebook column and no way to make one");
  }
  const res = await serviceFetch(ctx, platform, [SCOPE.lineItem], context.lineitems_url, {
    method: "POST",
    headers: { "content-type": MEDIA.lineItem, accept: MEDIA.lineItem },
    body: JSON.stringify({
      scoreMaximum: await targetMaximum(ctx.db, link.target_kind, link.target_id),
      label: link.title || "Slate",
      resourceId: targetRef(link.target_kind, link.target_id),
      resourceLinkId: link.resource_link_id,
    }),
  });
  if (!res.ok) throw new LtiServiceError(`making the gradebook column failed: ${res.status}`);
  const made = (await res.json().catch(() => null)) as { id?: unknown } | null;
  // Scores go to this URL with the platform's token: it must be on the platform's own host.
  if (!made || typeof made.id !== "string" || !sameOrigin(made.id, context.lineitems_url)) {
    throw new LtiServiceError("the LMS made a gradebook column without a usable id");
  }
  await ctx.db.updateTable("lti_links").set({ lineitem_url: made.id }).where("id", "=", link.id).execute();
  return made.id;
}

export async function postScore(
  ctx: AppContext,
  platform: LtiPlatform,
  lineitemUrl: string,
  score: Score,
): Promise<void> {
  const body = {
    ...score,
    timestamp: new Date(ctx.clock.now()).toISOString(),
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
  };
  const res = await serviceFetch(ctx, platform, [SCOPE.score], scoresUrl(lineitemUrl), {
    method: "POST",
    headers: { "content-type": MEDIA.score },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new LtiServiceError(`the LMS refused the score: ${res.status}`);
}
