// Achievements: four built in (First Steps, Century, Dedicated, Master) and the ones teachers define
// for a section ("every problem of task 3 solved"). Each unlocks once per user (practice_achievements'
// primary key), with a notification and a toast: live when the user has a page open, else on the next
// practice or home page they open (toasted_at remembers that it was shown).
import { sql } from "kysely";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/connection.ts";
import type { SectionAchievement } from "../../db/tables/practice.ts";
import type { IconName } from "../../ui/icons.tsx";
import { ACCEPTED } from "./catalog.ts";
import { pointsOf } from "./points.ts";
import { gamificationOn } from "./settings.ts";
import { userStreaks } from "./streaks.ts";

export interface AchievementDef {
  code: string;
  title: string;
  description: string;
  icon: IconName;
}

export const CENTURY_POINTS = 100;
export const DEDICATED_DAYS = 7;

export const BUILT_IN: AchievementDef[] = [
  {
    code: "first-steps",
    title: "First Steps",
    description: "Solved a first problem completely.",
    icon: "check",
  },
  { code: "century", title: "Century", description: `Earned ${CENTURY_POINTS} points.`, icon: "star" },
  {
    code: "dedicated",
    title: "Dedicated",
    description: `Practised ${DEDICATED_DAYS} days in a row.`,
    icon: "flame",
  },
  {
    code: "master",
    title: "Master",
    description: "Solved every problem of the practice catalog.",
    icon: "shield",
  },
];

/** Icons a teacher may give a section achievement. */
export const SECTION_ICONS: IconName[] = ["star", "flame", "shield", "check", "book", "chart"];

export const sectionCode = (id: number) => `section:${id}`;

export interface EarnedAchievement extends AchievementDef {
  unlockedAt: number;
  toastedAt: number | null;
}

/** Full marks on some problem: a catalog solve, or a section problem where gamification is on. */
async function hasFirstSolve(db: Db, userId: number): Promise<boolean> {
  const r = await sql<{ n: number }>`
    SELECT EXISTS (SELECT 1 FROM practice_solves WHERE user_id = ${userId})
      OR EXISTS (SELECT 1 FROM submissions s JOIN problems p ON p.id = s.problem_id JOIN tasks t ON t.id = p.task_id
        WHERE s.user_id = ${userId} AND ${ACCEPTED} AND NOT EXISTS (
          SELECT 1 FROM practice_section_settings ss WHERE ss.section_id = t.section_id AND ss.gamification = 0)) AS n
  `.execute(db);
  return Number(r.rows[0]?.n ?? 0) === 1;
}

async function solvedWholeCatalog(db: Db, userId: number): Promise<boolean> {
  const r = await sql<{ total: number; mine: number }>`
    SELECT count(*) AS total,
      sum(EXISTS (SELECT 1 FROM practice_solves ps WHERE ps.problem_id = pp.problem_id AND ps.user_id = ${userId})) AS mine
    FROM practice_problems pp WHERE pp.published = 1
  `.execute(db);
  const row = r.rows[0];
  return row !== undefined && Number(row.total) > 0 && Number(row.mine) === Number(row.total);
}

/** Every problem of the task has an accepted submission of this user. */
async function solvedWholeTask(db: Db, userId: number, taskId: number): Promise<boolean> {
  const r = await sql<{ total: number; mine: number }>`
    SELECT count(*) AS total,
      sum(EXISTS (SELECT 1 FROM submissions s WHERE s.problem_id = p.id AND s.user_id = ${userId} AND ${ACCEPTED})) AS mine
    FROM problems p WHERE p.task_id = ${taskId}
  `.execute(db);
  const row = r.rows[0];
  return row !== undefined && Number(row.total) > 0 && Number(row.mine) === Number(row.total);
}

/** The built-in achievements this user has earned by now (unlocked or not yet). */
export async function earnedBuiltIns(ctx: AppContext, userId: number): Promise<string[]> {
  const { db, clock } = ctx;
  const [first, points, streaks, master] = await Promise.all([
    hasFirstSolve(db, userId),
    pointsOf(db, userId),
    userStreaks(db, userId, clock.now()),
    solvedWholeCatalog(db, userId),
  ]);
  const earned: string[] = [];
  if (first) earned.push("first-steps");
  if (points.total >= CENTURY_POINTS) earned.push("century");
  if (streaks.longest >= DEDICATED_DAYS) earned.push("dedicated");
  if (master) earned.push("master");
  return earned;
}

export function selectSectionAchievements(db: Db, sectionId: number): Promise<SectionAchievement[]> {
  return db
    .selectFrom("practice_section_achievements")
    .selectAll()
    .where("section_id", "=", sectionId)
    .orderBy("id")
    .execute();
}

export async function insertSectionAchievement(
  db: Db,
  a: { sectionId: number; taskId: number; title: string; icon: string; createdBy: number; now: number },
): Promise<void> {
  await db
    .insertInto("practice_section_achievements")
    .values({
      section_id: a.sectionId,
      task_id: a.taskId,
      title: a.title,
      icon: a.icon,
      created_by: a.createdBy,
      created_at: a.now,
    })
    .execute();
}

/** Removes a section's achievement (and every unlock of it, by cascade). */
export async function deleteSectionAchievement(db: Db, sectionId: number, id: number): Promise<void> {
  await db
    .deleteFrom("practice_section_achievements")
    .where("id", "=", id)
    .where("section_id", "=", sectionId)
    .execute();
}

async function earnedInSection(db: Db, userId: number, sectionId: number): Promise<SectionAchievement[]> {
  if (!(await gamificationOn(db, sectionId))) return [];
  const earned: SectionAchievement[] = [];
  for (const a of await selectSectionAchievements(db, sectionId))
    if (await solvedWholeTask(db, userId, a.task_id)) earned.push(a);
  return earned;
}

/**
 * Unlocks what the user has newly earned (built-ins, and the section's when one is given) and
 * announces each once. Returns the new ones.
 */
export async function checkAchievements(
  ctx: AppContext,
  userId: number,
  sectionId?: number,
): Promise<AchievementDef[]> {
  const candidates: (AchievementDef & { sectionAchievementId: number | null })[] = [];
  for (const code of await earnedBuiltIns(ctx, userId)) {
    const def = BUILT_IN.find((d) => d.code === code)!;
    candidates.push({ ...def, sectionAchievementId: null });
  }
  if (sectionId !== undefined) {
    for (const a of await earnedInSection(ctx.db, userId, sectionId))
      candidates.push({ ...sectionDef(a), sectionAchievementId: a.id });
  }
  const unlocked: AchievementDef[] = [];
  for (const c of candidates) if (await unlock(ctx, userId, c)) unlocked.push(c);
  return unlocked;
}

export function sectionDef(a: SectionAchievement): AchievementDef {
  return {
    code: sectionCode(a.id),
    title: a.title,
    description: "Every problem of a task solved.",
    icon: (SECTION_ICONS.includes(a.icon as IconName) ? a.icon : "star") as IconName,
  };
}

async function unlock(
  ctx: AppContext,
  userId: number,
  a: AchievementDef & { sectionAchievementId: number | null },
): Promise<boolean> {
  const now = ctx.clock.now();
  // Shown live right now when the user has a page open; else on the next page that shows toasts.
  const online = ctx.presence.isOnline(userId);
  const inserted = await ctx.db
    .insertInto("practice_achievements")
    .values({
      user_id: userId,
      code: a.code,
      section_achievement_id: a.sectionAchievementId,
      unlocked_at: now,
      toasted_at: online ? now : null,
    })
    .onConflict((oc) => oc.columns(["user_id", "code"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  const title = `Achievement unlocked: ${a.title}`;
  await ctx.db
    .insertInto("notifications")
    .values({
      user_id: userId,
      kind: "achievement",
      title,
      body: a.description,
      link: "/practice/profile",
      created_at: now,
    })
    .execute();
  ctx.events.emit("notifications:new", {
    userIds: [userId],
    title,
    link: "/practice/profile",
    heading: "Achievement",
  });
  return true;
}

/** A user's achievements, newest first, with their definitions. */
export async function selectEarned(db: Db, userId: number): Promise<EarnedAchievement[]> {
  const rows = await db
    .selectFrom("practice_achievements")
    .leftJoin("practice_section_achievements as sa", "sa.id", "practice_achievements.section_achievement_id")
    .select([
      "practice_achievements.code",
      "practice_achievements.unlocked_at",
      "practice_achievements.toasted_at",
      "sa.id as sa_id",
      "sa.title as sa_title",
      "sa.icon as sa_icon",
      "sa.section_id as sa_section",
      "sa.task_id as sa_task",
      "sa.created_by as sa_by",
      "sa.created_at as sa_at",
    ])
    .where("practice_achievements.user_id", "=", userId)
    .orderBy("practice_achievements.unlocked_at", "desc")
    .execute();
  const earned: EarnedAchievement[] = [];
  for (const r of rows) {
    const def =
      BUILT_IN.find((d) => d.code === r.code) ??
      (r.sa_id !== null
        ? sectionDef({
            id: r.sa_id,
            title: r.sa_title ?? "",
            icon: r.sa_icon ?? "star",
            section_id: r.sa_section ?? 0,
            task_id: r.sa_task ?? 0,
            created_by: r.sa_by,
            created_at: r.sa_at ?? 0,
          })
        : undefined);
    if (def) earned.push({ ...def, unlockedAt: r.unlocked_at, toastedAt: r.toasted_at });
  }
  return earned;
}

/** Unlocks not shown as a toast yet; they are marked shown (a toast appears once). */
export async function takePendingToasts(db: Db, userId: number, now: number): Promise<EarnedAchievement[]> {
  const pending = (await selectEarned(db, userId)).filter((a) => a.toastedAt === null);
  if (pending.length > 0)
    await db
      .updateTable("practice_achievements")
      .set({ toasted_at: now })
      .where("user_id", "=", userId)
      .where("toasted_at", "is", null)
      .execute();
  return pending;
}
