// Slate's own signing keys (RS256): made at first use, the private half sealed with the app secret,
// rotatable, the public halves published as a JWKS. A rotated-out key stays published as "previous"
// (platforms cache JWKS and may still verify a token signed just before); older ones are retired.
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { AppContext } from "../../../context.ts";
import type { Db } from "../../../db/connection.ts";
import "../../../db/tables/lms.ts";
import { decrypt, encrypt } from "../../../lib/secret-box.ts";
import { randomToken } from "../../../lib/tokens.ts";

export const ALG = "RS256";

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

async function insertNewKey(ctx: AppContext): Promise<void> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
  const kid = randomToken(12);
  const pub = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  await ctx.db
    .insertInto("lti_keys")
    .values({
      kid,
      private_jwk_sealed: encrypt(ctx.secret, JSON.stringify(priv)),
      public_jwk: JSON.stringify(pub),
      status: "current",
      created_at: ctx.clock.now(),
    })
    .execute();
}

function currentRow(db: Db) {
  return db.selectFrom("lti_keys").selectAll().where("status", "=", "current").executeTakeFirst();
}

// One key generation at a time per app, so two first requests do not make two current keys.
const making = new WeakMap<AppContext, Promise<void>>();

/** The key Slate signs with now; made on first use. */
export async function currentSigningKey(ctx: AppContext): Promise<SigningKey> {
  let row = await currentRow(ctx.db);
  if (!row) {
    let pending = making.get(ctx);
    if (!pending) {
      pending = insertNewKey(ctx).finally(() => making.delete(ctx));
      making.set(ctx, pending);
    }
    await pending;
    row = await currentRow(ctx.db);
    if (!row) throw new Error("lti: no signing key after generating one");
  }
  const jwk = JSON.parse(decrypt(ctx.secret, row.private_jwk_sealed)) as JWK;
  return { kid: row.kid, key: (await importJWK(jwk, ALG)) as CryptoKey };
}

/** A new current key; the old current one stays published as previous, older ones are retired. */
export async function rotateKeys(ctx: AppContext): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable("lti_keys").set({ status: "retired" }).where("status", "=", "previous").execute();
    await tx.updateTable("lti_keys").set({ status: "previous" }).where("status", "=", "current").execute();
  });
  await insertNewKey(ctx);
}

/** The public JWKS (current and previous keys); makes the first key when there is none yet. */
export async function publicJwks(ctx: AppContext): Promise<{ keys: JWK[] }> {
  await currentSigningKey(ctx);
  const rows = await ctx.db
    .selectFrom("lti_keys")
    .select("public_jwk")
    .where("status", "in", ["current", "previous"])
    .orderBy("created_at", "desc")
    .execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}

export function listKeys(db: Db) {
  return db
    .selectFrom("lti_keys")
    .select(["kid", "status", "created_at"])
    .where("status", "!=", "retired")
    .orderBy("created_at", "desc")
    .execute();
}
