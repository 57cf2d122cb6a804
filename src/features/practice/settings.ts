// The practice feature's switches: public registration and the point ranges (site-wide, admin), a
// user's privacy choices, and gamification per section (its teachers).
import type { Db } from "../../db/connection.ts";
import type { Difficulty } from "../../db/tables/practice.ts";

export type PointRanges = Record<Difficulty, { min: number; max: number }>;

export const DEFAULT_RANGES: PointRanges = {
  easy: { min: 10, max: 20 },
  medium: { min: 30, max: 50 },
  hard: { min: 60, max: 100 },
};

export const DIFFICULTIES: Difficulty[] = ["easy", "medium", "hard"];

async function readSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("practice_settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("practice_settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/** Off until an admin opens it. */
export async function isRegistrationOpen(db: Db): Promise<boolean> {
  return (await readSetting(db, "public_registration")) === "1";
}

export function setRegistrationOpen(db: Db, open: boolean): Promise<void> {
  return writeSetting(db, "public_registration", open ? "1" : "0");
}

export async function pointRanges(db: Db): Promise<PointRanges> {
  const stored = await readSetting(db, "point_ranges");
  if (!stored) return DEFAULT_RANGES;
  try {
    return { ...DEFAULT_RANGES, ...(JSON.parse(stored) as Partial<PointRanges>) };
  } catch {
    return DEFAULT_RANGES;
  }
}

export function setPointRanges(db: Db, ranges: PointRanges): Promise<void> {
  return writeSetting(db, "point_ranges", JSON.stringify(ranges));
}

/** Why these points do not fit the difficulty's range, or null. */
export function pointsProblem(ranges: PointRanges, difficulty: Difficulty, points: number): string | null {
  const r = ranges[difficulty];
  if (!Number.isInteger(points) || points < r.min || points > r.max)
    return `Points for ${difficulty === "easy" ? "an" : "a"} ${difficulty} problem are ${r.min} to ${r.max}.`;
  return null;
}

export interface Prefs {
  showName: boolean;
  hidePoints: boolean;
}

export async function selectPrefs(db: Db, userId: number): Promise<Prefs> {
  const row = await db
    .selectFrom("practice_prefs")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return { showName: row?.show_name === 1, hidePoints: row?.hide_points === 1 };
}

export async function savePrefs(db: Db, userId: number, prefs: Prefs): Promise<void> {
  const values = { show_name: prefs.showName ? 1 : 0, hide_points: prefs.hidePoints ? 1 : 0 };
  await db
    .insertInto("practice_prefs")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
}

/** On unless a teacher of the section turned it off. */
export async function gamificationOn(db: Db, sectionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("practice_section_settings")
    .select("gamification")
    .where("section_id", "=", sectionId)
    .executeTakeFirst();
  return row?.gamification !== 0;
}

export async function setGamification(db: Db, sectionId: number, on: boolean): Promise<void> {
  const gamification = on ? 1 : 0;
  await db
    .insertInto("practice_section_settings")
    .values({ section_id: sectionId, gamification })
    .onConflict((oc) => oc.column("section_id").doUpdateSet({ gamification }))
    .execute();
}
