// Usage records: one row per AI request (answered, failed or refused by a limit), the unit of the
// daily limits and of the admin's charts. Days are the server's local dates, as a school counts them.
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { AiFeature } from "../../db/tables/ai.ts";

export type UsageOutcome =
  | "pending"
  | "ok"
  | "cached"
  | "error"
  | "timeout"
  | "rate_limited"
  | "withheld"
  | "invalid"
  | "refused";

export interface UsageRecord {
  userId: number | null;
  feature: AiFeature;
  sectionId: number | null;
  problemId: number | null;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  outcome: UsageOutcome;
}

/** YYYY-MM-DD of the server's local calendar. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export async function recordUsage(db: Db, r: UsageRecord, now: number): Promise<number> {
  const row = await db
    .insertInto("ai_usage")
    .values({
      user_id: r.userId,
      feature: r.feature,
      section_id: r.sectionId,
      problem_id: r.problemId,
      model: r.model,
      day: dayOf(now),
      tokens_in: r.tokensIn,
      tokens_out: r.tokensOut,
      latency_ms: Math.round(r.latencyMs),
      outcome: r.outcome,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setUsageOutcome(db: Db, id: number, outcome: UsageOutcome): Promise<void> {
  await db.updateTable("ai_usage").set({ outcome }).where("id", "=", id).execute();
}

/** The measures of a reserved (pending) request, once it has an answer or an error. */
export async function completeUsage(
  db: Db,
  id: number,
  m: { model: string; tokensIn: number; tokensOut: number; latencyMs: number; outcome: UsageOutcome },
): Promise<void> {
  await db
    .updateTable("ai_usage")
    .set({
      model: m.model,
      tokens_in: m.tokensIn,
      tokens_out: m.tokensOut,
      latency_ms: Math.round(m.latencyMs),
      outcome: m.outcome,
    })
    .where("id", "=", id)
    .execute();
}

/** Requests that count against the daily limits: all but answers from the cache and refusals. */
const NOT_COUNTED = ["cached", "refused"] as const;

export async function countToday(db: Db, now: number, userId?: number): Promise<number> {
  let q = db
    .selectFrom("ai_usage")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("day", "=", dayOf(now))
    .where("feature", "!=", "test")
    .where("outcome", "not in", NOT_COUNTED);
  if (userId !== undefined) q = q.where("user_id", "=", userId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export interface UsageDay {
  day: string;
  tutor: number;
  complexity: number;
  tokensIn: number;
  tokensOut: number;
  errors: number;
}

export interface UsageBySection {
  sectionId: number | null;
  name: string;
  requests: number;
  students: number;
  tokensIn: number;
  tokensOut: number;
  withheld: number;
}

export interface UsageReport {
  days: UsageDay[];
  sections: UsageBySection[];
  totals: { requests: number; tokensIn: number; tokensOut: number; p50LatencyMs: number | null };
}

function lastDays(now: number, count: number): string[] {
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(dayOf(now - i * 86_400_000));
  return [...new Set(days)];
}

export async function usageReport(db: Db, now: number, dayCount = 14): Promise<UsageReport> {
  const days = lastDays(now, dayCount);
  const first = days[0]!;
  const rows = await db
    .selectFrom("ai_usage")
    .select([
      "day",
      "feature",
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("tokens_in").as("tin"),
      (eb) => eb.fn.sum<number>("tokens_out").as("tout"),
      sql<number>`sum(outcome IN ('error', 'timeout', 'rate_limited', 'invalid'))`.as("errors"),
    ])
    .where("day", ">=", first)
    .where("feature", "!=", "test")
    .groupBy(["day", "feature"])
    .execute();
  const byDay = new Map(
    days.map((d) => [d, { day: d, tutor: 0, complexity: 0, tokensIn: 0, tokensOut: 0, errors: 0 }]),
  );
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (!d) continue;
    if (r.feature === "tutor") d.tutor += Number(r.n);
    if (r.feature === "complexity") d.complexity += Number(r.n);
    d.tokensIn += Number(r.tin ?? 0);
    d.tokensOut += Number(r.tout ?? 0);
    d.errors += Number(r.errors ?? 0);
  }
  const sections = await db
    .selectFrom("ai_usage")
    .leftJoin("sections", "sections.id", "ai_usage.section_id")
    .select([
      "ai_usage.section_id as sectionId",
      "sections.name as name",
      (eb) => eb.fn.countAll<number>().as("requests"),
      sql<number>`count(DISTINCT ai_usage.user_id)`.as("students"),
      (eb) => eb.fn.sum<number>("ai_usage.tokens_in").as("tokensIn"),
      (eb) => eb.fn.sum<number>("ai_usage.tokens_out").as("tokensOut"),
      sql<number>`sum(ai_usage.outcome = 'withheld')`.as("withheld"),
    ])
    .where("ai_usage.day", ">=", first)
    .where("ai_usage.feature", "!=", "test")
    .groupBy("ai_usage.section_id")
    .orderBy("requests", "desc")
    .execute();
  const latencies = await db
    .selectFrom("ai_usage")
    .select("latency_ms")
    .where("day", ">=", first)
    .where("outcome", "=", "ok")
    .orderBy("latency_ms")
    .execute();
  const list = [...byDay.values()];
  return {
    days: list,
    sections: sections.map((s) => ({
      sectionId: s.sectionId,
      name: s.name ?? "Playground and other pages",
      requests: Number(s.requests),
      students: Number(s.students),
      tokensIn: Number(s.tokensIn ?? 0),
      tokensOut: Number(s.tokensOut ?? 0),
      withheld: Number(s.withheld ?? 0),
    })),
    totals: {
      requests: list.reduce((n, d) => n + d.tutor + d.complexity, 0),
      tokensIn: list.reduce((n, d) => n + d.tokensIn, 0),
      tokensOut: list.reduce((n, d) => n + d.tokensOut, 0),
      p50LatencyMs: latencies.length ? latencies[Math.floor(latencies.length / 2)]!.latency_ms : null,
    },
  };
}
