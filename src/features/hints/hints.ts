// A problem's hints: the teacher's list (ordered, each with its penalty) and the student's reveals.
// A student reveals them in order, one at a time: only the next unrevealed hint can be revealed, so
// a double click or a forged id never reveals two, and hidden hint text is read only for revealed ones.
import type { Db } from "../../db/connection.ts";
import type { ProblemHint } from "../../db/tables/hints.ts";
import type { Problem } from "../../db/tables/problems.ts";
import "../../db/tables/hints.ts";

export type { ProblemHint };

export function selectHints(db: Db, problemId: number): Promise<ProblemHint[]> {
  return db
    .selectFrom("problem_hints")
    .selectAll()
    .where("problem_id", "=", problemId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** What a student may know of hints: every hint's cost, but the text only of those they revealed. */
export interface StudentHint {
  id: number;
  number: number;
  penalty: number;
  /** null until revealed: the text never leaves the server before. */
  body: string | null;
  revealedAt: number | null;
}

export async function studentHints(db: Db, problemId: number, userId: number): Promise<StudentHint[]> {
  const rows = await db
    .selectFrom("problem_hints as h")
    .leftJoin("hint_reveals as r", (j) => j.onRef("r.hint_id", "=", "h.id").on("r.user_id", "=", userId))
    .select(["h.id", "h.penalty", "r.revealed_at"])
    // The text is selected only for revealed hints, so it cannot leak through a later change.
    .select((eb) =>
      eb.case().when("r.revealed_at", "is not", null).then(eb.ref("h.body")).else(null).end().as("body"),
    )
    .where("h.problem_id", "=", problemId)
    .orderBy("h.position")
    .orderBy("h.id")
    .execute();
  return rows.map((r, i) => ({
    id: r.id,
    number: i + 1,
    penalty: Number(r.penalty),
    body: r.body as string | null,
    revealedAt: r.revealed_at ?? null,
  }));
}

export function nextHint(hints: readonly StudentHint[]): StudentHint | undefined {
  return hints.find((h) => h.revealedAt === null);
}

/** Reveals hint `hintId` when it is the student's next one. Returns false otherwise. */
export async function revealHint(
  db: Db,
  problemId: number,
  hintId: number,
  userId: number,
  now: number,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const next = nextHint(await studentHints(tx, problemId, userId));
    if (!next || next.id !== hintId) return false;
    await tx
      .insertInto("hint_reveals")
      .values({ hint_id: hintId, user_id: userId, revealed_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return true;
  });
}

export async function insertHint(db: Db, problemId: number, body: string, penalty: number, now: number) {
  const row = await db
    .selectFrom("problem_hints")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("problem_id", "=", problemId)
    .executeTakeFirst();
  const position = row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
  return db
    .insertInto("problem_hints")
    .values({ problem_id: problemId, body, penalty, position, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateHint(db: Db, hint: ProblemHint, body: string, penalty: number, now: number) {
  await db
    .updateTable("problem_hints")
    .set({ body, penalty, updated_at: now })
    .where("id", "=", hint.id)
    .execute();
}

export async function deleteHint(db: Db, hint: ProblemHint) {
  await db.deleteFrom("problem_hints").where("id", "=", hint.id).execute();
}

/** Swaps a hint with its neighbour (renumbering 0..n-1); false when it is already first or last. */
export function moveHint(db: Db, hint: ProblemHint, direction: "up" | "down"): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const ids = (await selectHints(tx, hint.problem_id)).map((h) => h.id);
    const i = ids.indexOf(hint.id);
    const j = direction === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= ids.length) return false;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    for (const [position, id] of ids.entries())
      await tx.updateTable("problem_hints").set({ position }).where("id", "=", id).execute();
    return true;
  });
}

/** Copies a problem's hints to its clone (cloning a task). */
export async function copyHints(db: Db, fromProblemId: number, toProblemId: number, now: number) {
  for (const h of await selectHints(db, fromProblemId)) {
    await db
      .insertInto("problem_hints")
      .values({
        problem_id: toProblemId,
        position: h.position,
        body: h.body,
        penalty: h.penalty,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

/** Who revealed which hints of a problem: per student, the hint numbers (1-based) and the penalty. */
export interface HintUse {
  userId: number;
  displayName: string;
  numbers: number[];
  penalty: number;
}

export async function hintUsage(db: Db, problemIds: readonly number[]): Promise<Map<string, HintUse>> {
  if (problemIds.length === 0) return new Map();
  const hints = await db
    .selectFrom("problem_hints")
    .select(["id", "problem_id", "penalty"])
    .where("problem_id", "in", [...problemIds])
    .orderBy("problem_id")
    .orderBy("position")
    .orderBy("id")
    .execute();
  const numberOf = new Map<number, number>();
  const seen = new Map<number, number>();
  for (const h of hints) {
    const n = (seen.get(h.problem_id) ?? 0) + 1;
    seen.set(h.problem_id, n);
    numberOf.set(h.id, n);
  }
  const reveals = await db
    .selectFrom("hint_reveals as r")
    .innerJoin("problem_hints as h", "h.id", "r.hint_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.hint_id", "r.user_id", "h.problem_id", "h.penalty", "u.display_name"])
    .where("h.problem_id", "in", [...problemIds])
    .execute();
  const uses = new Map<string, HintUse>();
  for (const r of reveals) {
    const key = `${r.user_id}:${r.problem_id}`;
    const use = uses.get(key) ?? { userId: r.user_id, displayName: r.display_name, numbers: [], penalty: 0 };
    use.numbers.push(numberOf.get(r.hint_id) ?? 0);
    use.penalty = Math.round((use.penalty + Number(r.penalty)) * 100) / 100;
    uses.set(key, use);
  }
  for (const u of uses.values()) u.numbers.sort((a, b) => a - b);
  return uses;
}

/**
 * Whether the first hint is offered to the student now (the problem's settings): after
 * `hint_offer_failures` graded submissions below full marks, or while the best score is below
 * `hint_offer_below_pct` percent (after at least one graded submission). Offered means shown open,
 * with its cost; the student still reveals it.
 */
export async function firstHintOffered(db: Db, problem: Problem, userId: number): Promise<boolean> {
  if (problem.hint_offer_failures === null && problem.hint_offer_below_pct === null) return false;
  const row = await db
    .selectFrom("submissions")
    .select((eb) => [
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb("status", "=", "graded"),
                eb(eb.fn.coalesce("override_score", "score"), "<", eb.ref("max_score")),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as("failures"),
      eb.fn
        .max(eb.case().when("status", "=", "graded").then(eb.fn.coalesce("override_score", "score")).end())
        .as("best"),
      eb.fn.max("max_score").as("max"),
    ])
    .where("problem_id", "=", problem.id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const failures = Number(row?.failures ?? 0);
  if (problem.hint_offer_failures !== null && failures >= problem.hint_offer_failures) return true;
  const best = row?.best === null || row?.best === undefined ? null : Number(row.best);
  const max = Number(row?.max ?? 0);
  return (
    problem.hint_offer_below_pct !== null &&
    best !== null &&
    max > 0 &&
    (best * 100) / max < problem.hint_offer_below_pct
  );
}
