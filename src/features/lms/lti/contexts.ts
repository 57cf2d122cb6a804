// LMS courses (contexts) and placed links (resource links) linked to Slate sections and content.
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import type { User } from "../../../db/schema.ts";
import type { LtiContext, LtiLink } from "../../../db/tables/lms.ts";
import { enrollCode } from "../../../lib/tokens.ts";
import { insertCoTeacher, insertEnrollment, isSectionTeacher } from "../../../models/section.ts";
import type { LtiRole } from "./claims.ts";
import { LaunchError } from "./launch-error.ts";

export interface ContextClaim {
  platformId: number;
  deploymentId: string;
  contextId: string;
  title: string;
  membershipsUrl?: string;
  lineitemsUrl?: string;
}

export function selectOptionalContext(db: Db, id: number): Promise<LtiContext | undefined> {
  return db.selectFrom("lti_contexts").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectSectionContexts(db: Db, sectionId: number): Promise<LtiContext[]> {
  return db
    .selectFrom("lti_contexts")
    .selectAll()
    .where("section_id", "=", sectionId)
    .orderBy("id")
    .execute();
}

export function findContext(db: Db, k: Pick<ContextClaim, "platformId" | "deploymentId" | "contextId">) {
  return db
    .selectFrom("lti_contexts")
    .selectAll()
    .where("platform_id", "=", k.platformId)
    .where("deployment_id", "=", k.deploymentId)
    .where("context_id", "=", k.contextId)
    .executeTakeFirst();
}

/**
 * A new course's section and link, in one transaction. Two first launches at the same moment: the
 * second finds the first one's row (the unique key decides) and its own section is rolled back.
 */
async function createContext(ctx: AppContext, k: ContextClaim, user: User): Promise<LtiContext> {
  const now = ctx.clock.now();
  const name = (k.title || "LMS course").slice(0, 80);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const section = await tx
        .insertInto("sections")
        .values({
          name,
          term: "",
          description: "",
          enroll_code: enrollCode(),
          enroll_enabled: 0,
          created_by: user.id,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("section_teachers")
        .values({ section_id: section.id, user_id: user.id, role: "owner", added_at: now })
        .execute();
      return tx
        .insertInto("lti_contexts")
        .values({
          platform_id: k.platformId,
          deployment_id: k.deploymentId,
          context_id: k.contextId,
          section_id: section.id,
          title: k.title,
          memberships_url: k.membershipsUrl ?? null,
          lineitems_url: k.lineitemsUrl ?? null,
          roster_synced_at: null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  } catch (err) {
    const existing = await findContext(ctx.db, k);
    if (existing) return existing;
    throw err;
  }
}

/**
 * The context's section: made by the first Instructor who opens Slate from the course (they own it);
 * a Learner cannot be first. The service URLs are refreshed on every launch.
 */
export async function linkContext(
  ctx: AppContext,
  k: ContextClaim,
  user: User,
  role: LtiRole,
): Promise<LtiContext> {
  const { db } = ctx;
  let row = await findContext(db, k);
  if (!row) {
    if (role !== "instructor") {
      throw new LaunchError("Your teacher has not opened Slate from this course yet. Try again later.");
    }
    row = await createContext(ctx, k, user);
  } else {
    await db
      .updateTable("lti_contexts")
      .set({
        title: k.title || row.title,
        memberships_url: k.membershipsUrl ?? row.memberships_url,
        lineitems_url: k.lineitemsUrl ?? row.lineitems_url,
      })
      .where("id", "=", row.id)
      .execute();
  }
  await joinSection(ctx, row.section_id, user, role);
  return row;
}

/** Instructor: a teacher of the section; Learner: enrolled. */
export async function joinSection(
  ctx: AppContext,
  sectionId: number,
  user: User,
  role: LtiRole,
): Promise<void> {
  const now = ctx.clock.now();
  if (role === "instructor") {
    if (user.role !== "admin" && !(await isSectionTeacher(ctx.db, sectionId, user.id))) {
      await insertCoTeacher(ctx.db, sectionId, user.id, now);
    }
  } else if (user.role === "student") {
    await insertEnrollment(ctx.db, sectionId, user.id, now);
  }
}

export interface LinkClaim {
  contextRowId: number;
  resourceLinkId: string;
  title: string;
  target: { kind: string; id: number } | null;
  lineitemUrl?: string;
}

/** Records (or refreshes) a placed link; a target once set stays unless the link names a new one. */
export async function upsertLink(
  ctx: AppContext,
  l: LinkClaim,
  scoreScope: boolean,
  lineItemScope: boolean,
): Promise<LtiLink> {
  const now = ctx.clock.now();
  return ctx.db
    .insertInto("lti_links")
    .values({
      context_id: l.contextRowId,
      resource_link_id: l.resourceLinkId,
      title: l.title,
      target_kind: l.target?.kind ?? null,
      target_id: l.target?.id ?? null,
      lineitem_url: l.lineitemUrl ?? null,
      score_scope: scoreScope ? 1 : 0,
      lineitem_scope: lineItemScope ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["context_id", "resource_link_id"]).doUpdateSet((eb) => ({
        title: l.title,
        target_kind: l.target ? l.target.kind : eb.ref("lti_links.target_kind"),
        target_id: l.target ? l.target.id : eb.ref("lti_links.target_id"),
        lineitem_url: l.lineitemUrl ?? eb.ref("lti_links.lineitem_url"),
        score_scope: scoreScope ? 1 : 0,
        lineitem_scope: lineItemScope ? 1 : 0,
        updated_at: now,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
