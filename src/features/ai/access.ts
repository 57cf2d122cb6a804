// Whether a user may use an AI feature here and now, decided on the server for every request: the
// provider is configured, the section and the task have the feature on, and neither the student's
// daily limit (of the section) nor the server's daily limit is used up. A request that passes
// reserves its usage row at once (one SQLite transaction), so parallel requests cannot overshoot.

import type { AppContext } from "../../context.ts";
import type { Section, User } from "../../db/schema.ts";
import type { Problem, Task } from "../../db/tables/problems.ts";
import { selectStudentSections } from "../../models/section.ts";
import { openToStudentSql } from "../targeting/assignees.ts";
import { type AiFeatureName, notConfiguredReason } from "./settings.ts";
import { FEATURE_NAMES, selectSectionAi, selectTaskAi } from "./switches.ts";
import { dayOf } from "./usage.ts";

/** Where the request comes from: a problem page, or the playground (no section of its own). */
export type AiPlace =
  | { kind: "problem"; problem: Problem; task: Task; section: Section; teaches: boolean }
  | { kind: "playground" };

export type AiPermission =
  | { allowed: true; sectionId: number | null; problemId: number | null; dailyLimit: number | null }
  | { allowed: false; reason: string };

/** The switches only (no limits): whether the control shows at all, and why not. */
export async function featureAllowed(
  ctx: AppContext,
  user: User,
  feature: AiFeatureName,
  place: AiPlace,
): Promise<AiPermission> {
  const settings = await ctx.ai.settings();
  if (!settings.configured) return { allowed: false, reason: notConfiguredReason(settings) };
  const name = FEATURE_NAMES[feature];
  if (place.kind === "problem") {
    const section = await selectSectionAi(ctx.db, place.section.id);
    if (!section[feature])
      return { allowed: false, reason: `${name} is turned off for this section by its teacher.` };
    const task = await selectTaskAi(ctx.db, place.task.id);
    if (!task[feature])
      return { allowed: false, reason: `${name} is turned off for this task by your teacher.` };
    const limit = place.teaches ? null : section.dailyLimit;
    return { allowed: true, sectionId: place.section.id, problemId: place.problem.id, dailyLimit: limit };
  }
  if (user.role !== "student") return { allowed: true, sectionId: null, problemId: null, dailyLimit: null };
  // A student's playground follows their sections: off when any of them has it off (an exam in one
  // class must not be answered from the playground), the strictest daily limit.
  const sections = await selectStudentSections(ctx.db, user.id);
  if (sections.length === 0)
    return { allowed: false, reason: `${name} is available once a teacher turns it on for your section.` };
  let limit = Number.POSITIVE_INFINITY;
  for (const s of sections) {
    const ai = await selectSectionAi(ctx.db, s.id);
    if (!ai[feature])
      return {
        allowed: false,
        reason: `${name} is turned off in the playground while it is off in ${s.name}.`,
      };
    // Nor while a task that has it off is open (an exam): its statement could be pasted here.
    const exam = await openTaskWithFeatureOff(ctx, s.id, feature, user.id);
    if (exam)
      return {
        allowed: false,
        reason: `${name} is turned off in the playground while “${exam}” in ${s.name} is open.`,
      };
    limit = Math.min(limit, ai.dailyLimit);
  }
  return { allowed: true, sectionId: null, problemId: null, dailyLimit: limit };
}

/** The title of a task of the section open to students now (published, started, not yet due) with the feature off. */
async function openTaskWithFeatureOff(
  ctx: AppContext,
  sectionId: number,
  feature: AiFeatureName,
  studentId: number,
): Promise<string | undefined> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom("ai_task_settings")
    .innerJoin("tasks", "tasks.id", "ai_task_settings.task_id")
    .select("tasks.title")
    .where("tasks.section_id", "=", sectionId)
    .where(`ai_task_settings.${feature}`, "=", 0)
    .where("tasks.published", "=", 1)
    .where((eb) => eb.or([eb("tasks.starts_at", "is", null), eb("tasks.starts_at", "<=", now)]))
    .where((eb) => eb.or([eb("tasks.due_at", "is", null), eb("tasks.due_at", ">", now)]))
    .where(openToStudentSql("task", studentId)) // another student's remedial task is not theirs to know
    .executeTakeFirst();
  return row?.title;
}

export type Reservation = { ok: true; usageId: number } | { ok: false; reason: string };

/** Checks the daily limits and, within them, records the request as pending (its usage row). */
export async function reserve(
  ctx: AppContext,
  user: User,
  feature: AiFeatureName,
  permission: Extract<AiPermission, { allowed: true }>,
  model: string,
): Promise<Reservation> {
  const { dailyLimit: global } = await ctx.ai.settings();
  const now = ctx.clock.now();
  const day = dayOf(now);
  const counted = "outcome NOT IN ('cached', 'refused') AND feature != 'test'";
  const take = ctx.sqlite.transaction((): Reservation => {
    const all = ctx.sqlite
      .query<{ n: number }, [string]>(`SELECT count(*) AS n FROM ai_usage WHERE day = ? AND ${counted}`)
      .get(day)!.n;
    if (all >= global)
      return {
        ok: false,
        reason: "The school's AI requests for today are used up. They are available again tomorrow.",
      };
    if (permission.dailyLimit !== null) {
      const mine = ctx.sqlite
        .query<{ n: number }, [string, number]>(
          `SELECT count(*) AS n FROM ai_usage WHERE day = ? AND user_id = ? AND ${counted}`,
        )
        .get(day, user.id)!.n;
      if (mine >= permission.dailyLimit)
        return {
          ok: false,
          reason: `You have used your ${permission.dailyLimit} AI requests for today. They are available again tomorrow.`,
        };
    }
    const row = ctx.sqlite
      .query<{ id: number }, [number, string, number | null, number | null, string, string, number]>(
        `INSERT INTO ai_usage (user_id, feature, section_id, problem_id, model, day, outcome, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id`,
      )
      .get(user.id, feature, permission.sectionId, permission.problemId, model, day, now)!;
    return { ok: true, usageId: row.id };
  });
  return take.immediate();
}
