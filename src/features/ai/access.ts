// Whether a user may use an AI feature here and now, decided on the server for every request: the
// provider is configured, the section and the task have the feature on, and neither the student's
// daily limit (of the section) nor the server's daily limit is used up. A request that passes
// reserves its usage row at once (one SQLite transaction), so parallel requests cannot overshoot.

import type { AppContext } from "../../context.ts";
import type { Section, User } from "../../db/schema.ts";
import type { Problem, Task } from "../../db/tables/problems.ts";
import { type AiFeatureName, notConfiguredReason } from "./settings.ts";
import { DEFAULT_DAILY_LIMIT, FEATURE_NAMES, selectSectionAi, selectTaskAi } from "./switches.ts";
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
  const sections = playgroundSections(ctx, user.id, feature);
  if (sections.length === 0)
    return { allowed: false, reason: `${name} is available once a teacher turns it on for your section.` };
  const exams = openTasksWithFeatureOff(ctx, user.id, feature);
  let limit = Number.POSITIVE_INFINITY;
  for (const s of sections) {
    if (!s.on)
      return {
        allowed: false,
        reason: `${name} is turned off in the playground while it is off in ${s.name}.`,
      };
    // Nor while a task that has it off is open (an exam): its statement could be pasted here.
    const exam = exams.get(s.id);
    if (exam !== undefined)
      return {
        allowed: false,
        reason: `${name} is turned off in the playground while “${exam}” in ${s.name} is open.`,
      };
    limit = Math.min(limit, s.dailyLimit);
  }
  return { allowed: true, sectionId: null, problemId: null, dailyLimit: limit };
}

// The two queries below run on every playground AI request, for all the student's sections at
// once (they were 1 + 2 per section through Kysely): plain statements, prepared once by bun:sqlite.
// `feature` names a column ("tutor" or "complexity", typed), never user input.

/** The student's sections (not archived, by name, as selectStudentSections) with the feature's switch. */
function playgroundSections(
  ctx: AppContext,
  userId: number,
  feature: AiFeatureName,
): { id: number; name: string; on: boolean; dailyLimit: number }[] {
  const rows = ctx.sqlite
    .query<{ id: number; name: string; on: number | null; daily_limit: number | null }, [number]>(
      `SELECT sections.id, sections.name, ai.${feature} AS "on", ai.daily_limit
       FROM sections
       JOIN enrollments ON enrollments.section_id = sections.id
       LEFT JOIN ai_section_settings AS ai ON ai.section_id = sections.id
       WHERE enrollments.user_id = ? AND sections.archived_at IS NULL
       ORDER BY sections.name`,
    )
    .all(userId);
  // No settings row: off, with the default limit (as selectSectionAi).
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    on: r.on === 1,
    dailyLimit: r.daily_limit ?? DEFAULT_DAILY_LIMIT,
  }));
}

/**
 * Per section of the student, the title of a task open now (published, started, not yet due) with the
 * feature off; another student's remedial task is not theirs to know (src/features/targeting).
 */
function openTasksWithFeatureOff(
  ctx: AppContext,
  userId: number,
  feature: AiFeatureName,
): Map<number, string> {
  const now = ctx.clock.now();
  const rows = ctx.sqlite
    .query<{ section_id: number; title: string }, [number, number, number]>(
      `SELECT tasks.section_id, tasks.title
       FROM enrollments
       JOIN tasks ON tasks.section_id = enrollments.section_id
       JOIN ai_task_settings AS ai ON ai.task_id = tasks.id
       WHERE enrollments.user_id = ? AND ai.${feature} = 0 AND tasks.published = 1
         AND (tasks.starts_at IS NULL OR tasks.starts_at <= ?)
         AND (tasks.due_at IS NULL OR tasks.due_at > ?)
         AND (tasks.remedial = 0 OR EXISTS (SELECT 1 FROM remedial_assignees AS ra
           WHERE ra.item_type = 'task' AND ra.item_id = tasks.id AND ra.user_id = enrollments.user_id))
       ORDER BY tasks.id`,
    )
    .all(userId, now, now);
  const bySection = new Map<number, string>();
  for (const r of rows) if (!bySection.has(r.section_id)) bySection.set(r.section_id, r.title);
  return bySection;
}

/** The requests a daily limit counts. Keep it the same as the partial indexes' WHERE in
 * migrations/0020_ai_usage_counted.sql, so that both counts are read from those indexes alone. */
const COUNTED = "outcome NOT IN ('cached', 'refused') AND feature != 'test'";
export const COUNT_TODAY_SQL = `SELECT count(*) AS n FROM ai_usage WHERE day = ? AND ${COUNTED}`;
export const COUNT_MINE_SQL = `SELECT count(*) AS n FROM ai_usage WHERE day = ? AND user_id = ? AND ${COUNTED}`;

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
  const take = ctx.sqlite.transaction((): Reservation => {
    const all = ctx.sqlite.query<{ n: number }, [string]>(COUNT_TODAY_SQL).get(day)!.n;
    if (all >= global)
      return {
        ok: false,
        reason: "The school's AI requests for today are used up. They are available again tomorrow.",
      };
    if (permission.dailyLimit !== null) {
      const mine = ctx.sqlite.query<{ n: number }, [string, number]>(COUNT_MINE_SQL).get(day, user.id)!.n;
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
