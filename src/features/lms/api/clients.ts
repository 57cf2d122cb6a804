// API clients issued by the admin: a public key id and a secret shown once, kept sealed with the app
// secret (the server must recompute signatures, so it cannot keep only a hash).
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import type { ApiClient } from "../../../db/tables/lms.ts";
import { decrypt, encrypt } from "../../../lib/secret-box.ts";
import { randomToken } from "../../../lib/tokens.ts";

export function selectApiClients(db: Db): Promise<ApiClient[]> {
  return db.selectFrom("api_clients").selectAll().orderBy("created_at", "desc").execute();
}

export function selectLiveClientByKey(db: Db, key: string): Promise<ApiClient | undefined> {
  return db
    .selectFrom("api_clients")
    .selectAll()
    .where("client_key", "=", key)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}

export function clientSecret(ctx: AppContext, client: ApiClient): string {
  return decrypt(ctx.secret, client.secret_sealed);
}

/** A new client; its secret is returned once and never shown again. */
export async function issueClient(
  ctx: AppContext,
  name: string,
  webhookUrl: string | null,
): Promise<{ client: ApiClient; secret: string }> {
  const secret = randomToken(32);
  const client = await ctx.db
    .insertInto("api_clients")
    .values({
      name,
      client_key: `slc_${randomToken(12)}`,
      secret_sealed: encrypt(ctx.secret, secret),
      webhook_url: webhookUrl,
      created_at: ctx.clock.now(),
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { client, secret };
}

export async function revokeClient(db: Db, id: number, now: number): Promise<void> {
  await db
    .updateTable("api_clients")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}
