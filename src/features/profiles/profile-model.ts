// Profiles (migrations/0015): a short bio and the avatar's type; the picture itself is a file under
// the data dir (images.ts). One row per user, created on first save.

import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/connection.ts";

export interface Profile {
  bio: string;
  avatarType: string | null;
  avatarUpdatedAt: number | null;
}

export async function selectProfile(db: Db, userId: number): Promise<Profile> {
  const row = await db.selectFrom("profiles").selectAll().where("user_id", "=", userId).executeTakeFirst();
  return {
    bio: row?.bio ?? "",
    avatarType: row?.avatar_type ?? null,
    avatarUpdatedAt: row?.avatar_updated_at ?? null,
  };
}

export async function saveProfile(
  db: Db,
  userId: number,
  changes: { bio?: string; avatar_type?: string | null; avatar_updated_at?: number | null },
): Promise<void> {
  await db
    .insertInto("profiles")
    .values({
      user_id: userId,
      bio: changes.bio ?? "",
      avatar_type: null,
      avatar_updated_at: null,
      ...changes,
    })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(changes))
    .execute();
}

/**
 * Whether `viewerId` may see `targetId`'s picture and profile: themselves, admins, and people who
 * share a section (as teacher or student). Everyone else gets the neutral default picture.
 */
export async function maySeeProfile(ctx: AppContext, viewer: { id: number; role: string }, targetId: number) {
  if (viewer.id === targetId || viewer.role === "admin") return true;
  const target = await ctx.db
    .selectFrom("users")
    .select("role")
    .where("id", "=", targetId)
    .executeTakeFirst();
  if (!target) return false;
  if (target.role === "admin") return true; // admins answer tickets; their picture is no secret
  const members = (id: number) =>
    ctx.db
      .selectFrom("enrollments")
      .select("section_id")
      .where("user_id", "=", id)
      .union(ctx.db.selectFrom("section_teachers").select("section_id").where("user_id", "=", id));
  const shared = await ctx.db
    .selectFrom(members(viewer.id).as("mine"))
    .select("mine.section_id")
    .where("mine.section_id", "in", members(targetId))
    .executeTakeFirst();
  return shared !== undefined;
}
