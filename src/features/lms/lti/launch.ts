// A verified launch: the LMS person becomes (or is) a Slate user, signed in; the course is linked to
// a section; a resource link lands on its task (a deep-linking request on the picker). Sessions from
// a launch use SameSite=None cookies (over https), so Slate keeps working inside the LMS's iframe.
import type { Context } from "hono";
import type { AppEnv } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import { startSession } from "../../../http/sessions.ts";
import { randomToken, sha256 } from "../../../lib/tokens.ts";
import { linkAccount } from "./accounts.ts";
import { CLAIM, type LtiRole, MESSAGE, mapRoles, SCOPE } from "./claims.ts";
import { findContext, linkContext, upsertLink } from "./contexts.ts";
import { LaunchError } from "./launch-error.ts";
import { type LinkTarget, parseTargetRef, resolveTarget } from "./targets.ts";
import type { VerifiedLaunch } from "./verify.ts";

export const DEEP_LINK_TTL_MS = 30 * 60_000;

/** A deep-linking request Slate can answer, checked before anyone is signed in or made. */
function deepLinkingSettings(claims: VerifiedLaunch["claims"], role: LtiRole) {
  const settings = claims[CLAIM.deepLinkingSettings];
  if (!settings) throw new LaunchError("The LMS's deep-linking request has no settings.");
  if (role !== "instructor") throw new LaunchError("Only teachers can place Slate content in a course.");
  if (!settings.accept_types.includes("ltiResourceLink")) {
    throw new LaunchError("This place in the LMS does not accept LTI links.");
  }
  return settings;
}

const NOT_THIS_COURSE = "This link opens something that is not part of this course in Slate.";

/**
 * What a resource link opens: its custom parameter (set by our deep-linking answer) names it. Checked
 * before anyone is signed in: it must be content of this course's section, whatever the LMS sends.
 */
async function linkTarget(
  db: Db,
  claims: VerifiedLaunch["claims"],
  sectionId: number | undefined,
): Promise<LinkTarget | null> {
  if (!claims[CLAIM.resourceLink]) throw new LaunchError("The LMS's launch names no resource link.");
  const ref = parseTargetRef(claims[CLAIM.custom]?.slate_target);
  if (!ref) return null;
  const target = await resolveTarget(db, ref.kind, ref.id);
  if (!target || target.sectionId !== sectionId) throw new LaunchError(NOT_THIS_COURSE);
  return target;
}

/** Signs the launch's user in and returns where to go. */
export async function completeLaunch(
  c: Context<AppEnv>,
  { platform, claims }: VerifiedLaunch,
): Promise<string> {
  const ctx = c.var.ctx;
  const role = mapRoles(claims[CLAIM.roles]);
  if (!role) throw new LaunchError("Slate opens for instructors and learners of a course only.");
  const context = claims[CLAIM.context];
  const course = { platformId: platform.id, deploymentId: claims[CLAIM.deploymentId], contextId: context.id };
  // Refused before an account is made: a learner cannot be the first of a course.
  const existing = await findContext(ctx.db, course);
  if (role === "learner" && !existing) {
    throw new LaunchError("Your teacher has not opened Slate from this course yet. Try again later.");
  }
  const settings =
    claims[CLAIM.messageType] === MESSAGE.deepLinking ? deepLinkingSettings(claims, role) : null;
  const target = settings ? null : await linkTarget(ctx.db, claims, existing?.section_id);
  const user = await linkAccount(
    ctx,
    platform.id,
    {
      subject: claims.sub,
      name: claims.name,
      givenName: claims.given_name,
      familyName: claims.family_name,
      email: claims.email,
    },
    role,
  );
  if (!user.active) throw new LaunchError("Your Slate account is deactivated. Ask your administrator.");
  const ags = claims[CLAIM.agsEndpoint];
  const contextRow = await linkContext(
    ctx,
    {
      ...course,
      title: context.title || context.label || "",
      membershipsUrl: claims[CLAIM.nrps]?.context_memberships_url,
      lineitemsUrl: ags?.lineitems,
    },
    user,
    role,
  );
  await startSession(c, user.id, { crossSite: true });

  if (settings) {
    const token = randomToken(24);
    await ctx.db.deleteFrom("lti_deep_links").where("expires_at", "<", ctx.clock.now()).execute();
    await ctx.db
      .insertInto("lti_deep_links")
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        context_id: contextRow.id,
        return_url: settings.deep_link_return_url,
        data: settings.data ?? null,
        accept_multiple: settings.accept_multiple ? 1 : 0,
        accept_line_item: settings.accept_lineitem === false ? 0 : 1,
        expires_at: ctx.clock.now() + DEEP_LINK_TTL_MS,
      })
      .execute();
    return `/lti/deep-link/${token}`;
  }

  const resourceLink = claims[CLAIM.resourceLink]!; // linkTarget refused a launch without one
  if (target && target.sectionId !== contextRow.section_id) throw new LaunchError(NOT_THIS_COURSE);
  const scopes = ags?.scope ?? [];
  const link = await upsertLink(
    ctx,
    {
      contextRowId: contextRow.id,
      resourceLinkId: resourceLink.id,
      title: resourceLink.title ?? "",
      target: target ? { kind: target.kind, id: target.id } : null,
      lineitemUrl: ags?.lineitem,
    },
    scopes.includes(SCOPE.score),
    scopes.includes(SCOPE.lineItem),
  );
  if (target) return target.path;
  if (link.target_kind && link.target_id !== null) {
    const kept = await resolveTarget(ctx.db, link.target_kind, link.target_id);
    if (kept && kept.sectionId === contextRow.section_id) return kept.path;
  }
  return `/sections/${contextRow.section_id}`;
}
