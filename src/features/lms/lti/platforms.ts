// Registered LMS platforms and their deployment ids (admin-managed).
import type { Db } from "../../../db/connection.ts";
import type { LtiPlatform } from "../../../db/tables/lms.ts";

export interface PlatformInput {
  name: string;
  issuer: string;
  clientId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  deploymentIds: string[];
  frameOrigins: string[];
}

export function selectPlatforms(db: Db): Promise<LtiPlatform[]> {
  return db.selectFrom("lti_platforms").selectAll().orderBy("name").execute();
}

export function selectOptionalPlatform(db: Db, id: number): Promise<LtiPlatform | undefined> {
  return db.selectFrom("lti_platforms").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The platforms with this issuer; with a client id, the one registration it names. */
export function selectPlatformsByIssuer(db: Db, issuer: string, clientId?: string): Promise<LtiPlatform[]> {
  let q = db.selectFrom("lti_platforms").selectAll().where("issuer", "=", issuer);
  if (clientId) q = q.where("client_id", "=", clientId);
  return q.execute();
}

export async function selectDeploymentIds(db: Db, platformId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("lti_deployments")
    .select("deployment_id")
    .where("platform_id", "=", platformId)
    .orderBy("deployment_id")
    .execute();
  return rows.map((r) => r.deployment_id);
}

export async function isKnownDeployment(db: Db, platformId: number, deploymentId: string): Promise<boolean> {
  const row = await db
    .selectFrom("lti_deployments")
    .select("platform_id")
    .where("platform_id", "=", platformId)
    .where("deployment_id", "=", deploymentId)
    .executeTakeFirst();
  return row !== undefined;
}

function columns(p: PlatformInput) {
  return {
    name: p.name,
    issuer: p.issuer,
    client_id: p.clientId,
    auth_url: p.authUrl,
    token_url: p.tokenUrl,
    jwks_url: p.jwksUrl,
    frame_origins: p.frameOrigins.join(" "),
  };
}

/** Saves a platform (new when id is undefined) with exactly these deployment ids. */
export async function savePlatform(db: Db, p: PlatformInput, now: number, id?: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    let platformId = id;
    if (platformId === undefined) {
      const row = await tx
        .insertInto("lti_platforms")
        .values({ ...columns(p), created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      platformId = row.id;
    } else {
      await tx
        .updateTable("lti_platforms")
        .set({ ...columns(p), updated_at: now })
        .where("id", "=", platformId)
        .execute();
      await tx.deleteFrom("lti_deployments").where("platform_id", "=", platformId).execute();
    }
    for (const deploymentId of new Set(p.deploymentIds)) {
      await tx
        .insertInto("lti_deployments")
        .values({ platform_id: platformId, deployment_id: deploymentId })
        .execute();
    }
    return platformId;
  });
}

export async function deletePlatform(db: Db, id: number): Promise<void> {
  await db.deleteFrom("lti_platforms").where("id", "=", id).execute();
}

/** Origins that may frame Slate: each platform's listed ones, else its issuer's and login page's. */
export function frameOriginsOf(p: Pick<LtiPlatform, "frame_origins" | "issuer" | "auth_url">): string[] {
  const listed = p.frame_origins.split(/\s+/).filter(Boolean);
  if (listed.length > 0) return listed;
  return [...new Set([p.issuer, p.auth_url].map((u) => new URL(u).origin))];
}
