// Names and Role Provisioning Services 2.0: on a teacher's request, the course's members become the
// section's roster: Learners enrolled, Instructors teachers, each linked by platform and user id the
// same way a launch links them. Inactive members are left out; nobody is removed.
import { z } from "zod";
import type { AppContext } from "../../../context.ts";
import type { LtiContext } from "../../../db/tables/lms.ts";
import { linkAccount } from "./accounts.ts";
import { MEDIA, mapRoles, SCOPE } from "./claims.ts";
import { joinSection } from "./contexts.ts";
import { selectOptionalPlatform } from "./platforms.ts";
import { LtiServiceError, serviceFetch } from "./token.ts";

const MAX_PAGES = 50;

const member = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(500)).max(100),
  status: z.string().optional(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
});
const container = z.object({ members: z.array(z.unknown()).max(10_000) });

export interface RosterSync {
  learners: number;
  instructors: number;
  skipped: number;
}

/** The `rel="next"` URL of a Link header, if any. */
export function nextPage(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m) return m[1]!;
  }
  return null;
}

/** The next page resolved against this one; null when it is not a URL or leaves the platform's host. */
function nextOnHost(next: string | null, current: string, origin: string): string | null {
  if (!next) return null;
  try {
    const u = new URL(next, current);
    return u.origin === origin ? u.toString() : null;
  } catch {
    return null;
  }
}

async function fetchMembers(ctx: AppContext, context: LtiContext): Promise<unknown[]> {
  const platform = await selectOptionalPlatform(ctx.db, context.platform_id);
  if (!platform) throw new LtiServiceError("this LMS is no longer registered");
  if (!context.memberships_url) throw new LtiServiceError("the LMS did not offer its course roster");
  const origin = new URL(context.memberships_url).origin;
  const all: unknown[] = [];
  let url: string | null = context.memberships_url;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await serviceFetch(ctx, platform, [SCOPE.memberships], url, {
      method: "GET",
      headers: { accept: MEDIA.memberships },
    });
    if (!res.ok) throw new LtiServiceError(`the LMS refused the roster: ${res.status}`);
    const parsed = container.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new LtiServiceError("the LMS sent a roster Slate cannot read");
    all.push(...parsed.data.members);
    url = nextOnHost(nextPage(res.headers.get("link")), url, origin);
  }
  return all;
}

export async function syncRoster(ctx: AppContext, context: LtiContext): Promise<RosterSync> {
  const result: RosterSync = { learners: 0, instructors: 0, skipped: 0 };
  for (const raw of await fetchMembers(ctx, context)) {
    const m = member.safeParse(raw);
    const role = m.success ? mapRoles(m.data.roles) : null;
    if (!m.success || !role || (m.data.status && m.data.status !== "Active")) {
      result.skipped++;
      continue;
    }
    const p = m.data;
    const user = await linkAccount(
      ctx,
      context.platform_id,
      {
        subject: p.user_id,
        name: p.name,
        givenName: p.given_name,
        familyName: p.family_name,
        email: p.email,
      },
      role,
    );
    await joinSection(ctx, context.section_id, user, role);
    if (role === "instructor") result.instructors++;
    else result.learners++;
  }
  await ctx.db
    .updateTable("lti_contexts")
    .set({ roster_synced_at: ctx.clock.now() })
    .where("id", "=", context.id)
    .execute();
  return result;
}
