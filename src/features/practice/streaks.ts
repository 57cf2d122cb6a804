// Daily streaks: a day counts when the user submitted something (every solve is a submission) that
// day in the server's time zone. The current streak runs back from today, or from yesterday while
// today has no activity yet; a gap breaks it, so the next active day starts again at 1.
import type { Db } from "../../db/connection.ts";

/** The server's time zone (TZ), like every date Slate shows. */
export const serverTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** epoch ms -> "2026-09-01", the calendar day in that time zone. */
export function dayKeyIn(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(ms);
}

/** "2026-03-01" -> "2026-02-28": calendar arithmetic, free of time zones and daylight saving. */
export function shiftDay(key: string, days: number): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface Streaks {
  current: number;
  longest: number;
  /** Whether today already counts (else the current streak ends tonight unless they act). */
  activeToday: boolean;
}

export function computeStreaks(activeDays: Iterable<string>, today: string): Streaks {
  const days = new Set(activeDays);
  const activeToday = days.has(today);
  let current = 0;
  for (let day = activeToday ? today : shiftDay(today, -1); days.has(day); day = shiftDay(day, -1)) current++;
  let longest = 0;
  let run = 0;
  let previous = "";
  for (const day of [...days].sort()) {
    run = previous !== "" && shiftDay(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  return { current, longest, activeToday };
}

/**
 * Submissions per calendar day of a user, every day they were active. Work in a section whose
 * teacher turned gamification off does not count: it must not build a streak or unlock Dedicated.
 */
export async function selectActivity(db: Db, userId: number, timeZone: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .leftJoin("tasks", "tasks.id", "problems.task_id")
    .select("submissions.submitted_at")
    .where("submissions.user_id", "=", userId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("practice_section_settings")
            .select("practice_section_settings.section_id")
            .whereRef("practice_section_settings.section_id", "=", "tasks.section_id")
            .where("practice_section_settings.gamification", "=", 0),
        ),
      ),
    )
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) {
    const day = dayKeyIn(r.submitted_at, timeZone);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

export async function userStreaks(db: Db, userId: number, now: number, timeZone = serverTimeZone()) {
  const activity = await selectActivity(db, userId, timeZone);
  return {
    activity,
    today: dayKeyIn(now, timeZone),
    ...computeStreaks(activity.keys(), dayKeyIn(now, timeZone)),
  };
}

export interface HeatCell {
  day: string;
  count: number;
  /** 0 (none) to 4 (the busiest days). */
  level: 0 | 1 | 2 | 3 | 4;
}

/** The last `weeks` weeks up to today, Monday first, as columns of seven days (the calendar heat map). */
export function heatMap(activity: Map<string, number>, today: string, weeks = 26): HeatCell[][] {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  const start = shiftDay(today, -(weeks - 1) * 7 - weekday);
  const max = Math.max(1, ...activity.values());
  const columns: HeatCell[][] = [];
  for (let w = 0; w < weeks; w++) {
    const column: HeatCell[] = [];
    for (let i = 0; i < 7; i++) {
      const day = shiftDay(start, w * 7 + i);
      if (day > today) break;
      const count = activity.get(day) ?? 0;
      const level = count === 0 ? 0 : (Math.min(4, Math.ceil((count / max) * 4)) as 1 | 2 | 3 | 4);
      column.push({ day, count, level });
    }
    columns.push(column);
  }
  return columns;
}
