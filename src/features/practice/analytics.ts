// What the admin sees of one catalog problem: submissions, acceptance, the spread of accepted run
// times and memory (histograms), and how many users submitted per day.
import type { Db } from "../../db/connection.ts";
import { selectAcceptedRuns } from "./ranking.ts";
import { dayKeyIn, shiftDay } from "./streaks.ts";

export interface Bucket {
  label: string;
  count: number;
}

export interface ProblemAnalytics {
  submissions: number;
  graded: number;
  accepted: number;
  users: number;
  runTime: Bucket[];
  memory: Bucket[];
  activeUsers: { day: string; users: number }[];
}

/** Equal-width buckets over the values (at most `n`), labelled "lo–hi unit". */
export function histogram(values: number[], n: number, unit: string): Bucket[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = Math.max(1, Math.ceil((max - min + 1) / n));
  const buckets = Array.from({ length: Math.ceil((max - min + 1) / width) }, (_, i) => ({
    label: width === 1 ? `${min + i} ${unit}` : `${min + i * width}–${min + (i + 1) * width - 1} ${unit}`,
    count: 0,
  }));
  for (const v of values) buckets[Math.min(buckets.length - 1, Math.floor((v - min) / width))]!.count++;
  return buckets;
}

export async function problemAnalytics(
  db: Db,
  problemId: number,
  now: number,
  timeZone: string,
  days = 30,
): Promise<ProblemAnalytics> {
  const subs = await db
    .selectFrom("submissions")
    .select(["user_id", "status", "submitted_at"])
    .where("problem_id", "=", problemId)
    .execute();
  const runs = await selectAcceptedRuns(db, problemId);
  const today = dayKeyIn(now, timeZone);
  const first = shiftDay(today, -(days - 1));
  const perDay = new Map<string, Set<number>>();
  for (const s of subs) {
    const day = dayKeyIn(s.submitted_at, timeZone);
    if (day < first) continue;
    const set = perDay.get(day) ?? new Set<number>();
    set.add(s.user_id);
    perDay.set(day, set);
  }
  return {
    submissions: subs.length,
    graded: subs.filter((s) => s.status === "graded").length,
    accepted: runs.length,
    users: new Set(subs.map((s) => s.user_id)).size,
    runTime: histogram(
      runs.map((r) => r.ms),
      8,
      "ms",
    ),
    memory: histogram(
      runs.filter((r) => r.memoryKb !== null).map((r) => Math.round((r.memoryKb ?? 0) / 1024)),
      8,
      "MB",
    ),
    activeUsers: Array.from({ length: days }, (_, i) => {
      const day = shiftDay(first, i);
      return { day, users: perDay.get(day)?.size ?? 0 };
    }),
  };
}
