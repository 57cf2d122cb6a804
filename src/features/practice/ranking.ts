// A catalog problem's public ranking: each user's best accepted submission, fastest first (the sum of
// its visible tests' run times), then by peak memory, then by who got there first. Names only of users who
// opted in; everyone else is "Anonymous".
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import { ACCEPTED } from "./catalog.ts";

export interface RankRow {
  rank: number;
  userId: number;
  name: string | null;
  ms: number;
  memoryKb: number | null;
  submittedAt: number;
}

export interface AcceptedRun {
  id: number;
  userId: number;
  ms: number;
  memoryKb: number | null;
  submittedAt: number;
}

/**
 * Every accepted submission of a problem with its run time and memory, counting visible tests only:
 * the ranking is public, and a hidden test's time or memory is a channel a program can write its
 * input into (sleep or allocate by the value of a character).
 */
export async function selectAcceptedRuns(db: Db, problemId: number): Promise<AcceptedRun[]> {
  const rows = await sql<{
    id: number;
    user_id: number;
    ms: number | null;
    memory_kb: number | null;
    submitted_at: number;
  }>`
    WITH hidden AS (SELECT id FROM test_cases WHERE problem_id = ${problemId} AND hidden = 1)
    SELECT s.id, s.user_id, s.submitted_at,
      (SELECT sum(j.value ->> '$.ms') FROM json_each(s.results, '$.tests') AS j
        WHERE j.value ->> '$.testId' NOT IN hidden) AS ms,
      CASE WHEN EXISTS (SELECT 1 FROM hidden)
        THEN (SELECT max(j.value ->> '$.kb') FROM json_each(s.results, '$.tests') AS j
          WHERE j.value ->> '$.testId' NOT IN hidden)
        ELSE s.results ->> '$.peakMemoryKb' END AS memory_kb
    FROM submissions s WHERE s.problem_id = ${problemId} AND ${ACCEPTED} AND json_valid(s.results)
  `.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    ms: Math.round(Number(r.ms ?? 0)),
    memoryKb: r.memory_kb === null ? null : Number(r.memory_kb),
    submittedAt: r.submitted_at,
  }));
}

const better = (a: AcceptedRun, b: AcceptedRun) =>
  a.ms - b.ms || (a.memoryKb ?? Infinity) - (b.memoryKb ?? Infinity) || a.submittedAt - b.submittedAt;

export async function selectRanking(db: Db, problemId: number): Promise<RankRow[]> {
  const best = new Map<number, AcceptedRun>();
  for (const run of await selectAcceptedRuns(db, problemId)) {
    const seen = best.get(run.userId);
    if (!seen || better(run, seen) < 0) best.set(run.userId, run);
  }
  const runs = [...best.values()].sort(better);
  const names = await namesOfOptedIn(
    db,
    runs.map((r) => r.userId),
  );
  return runs.map((r, i) => ({
    rank: i + 1,
    userId: r.userId,
    name: names.get(r.userId) ?? null,
    ms: r.ms,
    memoryKb: r.memoryKb,
    submittedAt: r.submittedAt,
  }));
}

async function namesOfOptedIn(db: Db, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .innerJoin("practice_prefs", "practice_prefs.user_id", "users.id")
    .select(["users.id", "users.display_name"])
    .where("users.id", "in", userIds)
    .where("practice_prefs.show_name", "=", 1)
    .where("users.active", "=", 1) // a deactivated account is named nowhere, like the points leaderboard
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
