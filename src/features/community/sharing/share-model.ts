// Shared playground programs (migrations/0015): a snapshot of all the owner's files at the moment of
// sharing, behind a random link, until the owner revokes it.
import type { Db } from "../../../db/connection.ts";
import type { SharedProgram } from "../../../db/tables/community.ts";

export interface SharedFile {
  name: string;
  content: string;
}

export async function insertShare(
  db: Db,
  s: { ownerId: number; token: string; title: string; files: SharedFile[]; main: string; now: number },
): Promise<SharedProgram> {
  return db
    .insertInto("shared_programs")
    .values({
      owner_id: s.ownerId,
      token: s.token,
      title: s.title,
      files: JSON.stringify(s.files),
      main_file: s.main,
      created_at: s.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function selectShareByToken(db: Db, token: string): Promise<SharedProgram | undefined> {
  return db.selectFrom("shared_programs").selectAll().where("token", "=", token).executeTakeFirst();
}

export function selectShare(db: Db, id: number): Promise<SharedProgram | undefined> {
  return db.selectFrom("shared_programs").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectOwnShares(db: Db, ownerId: number): Promise<SharedProgram[]> {
  return db
    .selectFrom("shared_programs")
    .selectAll()
    .where("owner_id", "=", ownerId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
}

export async function revokeShare(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable("shared_programs").set({ revoked_at: now }).where("id", "=", id).execute();
}
