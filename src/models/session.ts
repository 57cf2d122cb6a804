import type { Db } from "../db/connection.ts";
import type { User } from "../db/schema.ts";

export async function insertSession(
  db: Db,
  s: { idHash: string; userId: number; now: number; expiresAt: number; persistent?: boolean },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      persistent: s.persistent === false ? 0 : 1,
    })
    .execute();
}

export interface SessionWithUser {
  lastSeenAt: number;
  /** False for a browser session ("Remember me" unticked). */
  persistent: boolean;
  user: User;
}

export async function selectOptionalLiveSession(
  db: Db,
  idHash: string,
  now: number,
): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.last_seen_at as session_last_seen_at", "sessions.persistent as session_persistent"])
    .where("sessions.id_hash", "=", idHash)
    .where("sessions.expires_at", ">", now)
    .where("users.active", "=", 1)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_last_seen_at, session_persistent, ...user } = row;
  return { lastSeenAt: session_last_seen_at, persistent: session_persistent === 1, user };
}

export async function touchSession(db: Db, idHash: string, now: number, expiresAt: number): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where("id_hash", "=", idHash)
    .execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

export async function deleteUserSessions(db: Db, userId: number, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptIdHash) q = q.where("id_hash", "!=", exceptIdHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}
