// Reading a run's results for the pages: pairs above a threshold with the students' names, and the
// clusters those pairs form (students linked by a chain of similar pairs, found with union-find).
import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../../db/connection.ts";
import type { Database } from "../../../db/schema.ts";
import type { SimilarityPairsTable } from "../../../db/tables/integrity.ts";

export interface PairRow {
  problem_id: number;
  problem_title: string;
  a_submission_id: number;
  b_submission_id: number;
  a_name: string;
  b_name: string;
  similarity: number;
  longest: number;
  jaccard: number;
  structure: number;
  text: number;
  historical: number;
}

export const PAIR_LIMIT = 500;

function pairsQuery(db: Db, runId: number) {
  return db
    .selectFrom("similarity_pairs as p")
    .innerJoin("problems", "problems.id", "p.problem_id")
    .innerJoin("submissions as sa", "sa.id", "p.a_submission_id")
    .innerJoin("submissions as sb", "sb.id", "p.b_submission_id")
    .innerJoin("users as ua", "ua.id", "sa.user_id")
    .innerJoin("users as ub", "ub.id", "sb.user_id")
    .select([
      "p.problem_id",
      "problems.title as problem_title",
      "p.a_submission_id",
      "p.b_submission_id",
      "ua.display_name as a_name",
      "ub.display_name as b_name",
      "p.similarity",
      "p.longest",
      "p.jaccard",
      "p.structure",
      "p.text",
      "p.historical",
    ])
    .where("p.run_id", "=", runId);
}

export interface PairViewer {
  teacherId: number;
  isAdmin: boolean;
}

/**
 * Pairs the viewer may see: a run with earlier terms is shared by the section's teachers, but an
 * earlier term's student is only shown to those who taught (or teach) that section.
 */
function visiblePairs(db: Db, viewer: PairViewer) {
  const taught = db
    .selectFrom("submissions")
    .innerJoin("problems", "problems.id", "submissions.problem_id")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .select("submissions.id")
    .where("tasks.section_id", "in", (eb) =>
      eb.selectFrom("section_teachers").select("section_id").where("user_id", "=", viewer.teacherId),
    );
  return (eb: ExpressionBuilder<Database & { p: SimilarityPairsTable }, "p">) =>
    viewer.isAdmin
      ? eb.lit(true)
      : eb.or([eb("p.historical", "=", 0), eb("p.b_submission_id", "in", taught)]);
}

export async function selectPairs(
  db: Db,
  runId: number,
  min: number,
  viewer: PairViewer,
): Promise<{ rows: PairRow[]; total: number }> {
  const rows = await pairsQuery(db, runId)
    .where("p.similarity", ">=", min)
    .where(visiblePairs(db, viewer))
    .orderBy("p.similarity", "desc")
    .orderBy("p.jaccard", "desc")
    .limit(PAIR_LIMIT)
    .execute();
  const count = await db
    .selectFrom("similarity_pairs as p")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("p.run_id", "=", runId)
    .where("p.similarity", ">=", min)
    .where(visiblePairs(db, viewer))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export function selectPair(db: Db, runId: number, a: number, b: number): Promise<PairRow | undefined> {
  return pairsQuery(db, runId)
    .where((eb) =>
      eb.or([
        eb.and([eb("p.a_submission_id", "=", a), eb("p.b_submission_id", "=", b)]),
        eb.and([eb("p.a_submission_id", "=", b), eb("p.b_submission_id", "=", a)]),
      ]),
    )
    .executeTakeFirst();
}

export interface Cluster {
  problemTitle: string;
  members: { submissionId: number; name: string; historical: boolean }[];
  top: number;
}

/** Groups of submissions of one problem joined by pairs at or above the threshold. */
export function clustersOf(pairs: PairRow[]): Cluster[] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const info = new Map<number, { name: string; problem: string; historical: boolean }>();
  for (const p of pairs) {
    for (const [id, name, historical] of [
      [p.a_submission_id, p.a_name, false],
      [p.b_submission_id, p.b_name, p.historical === 1],
    ] as const) {
      if (!parent.has(id)) parent.set(id, id);
      info.set(id, { name, problem: p.problem_title, historical });
    }
    parent.set(find(p.a_submission_id), find(p.b_submission_id));
  }
  const groups = new Map<number, Cluster>();
  for (const id of parent.keys()) {
    const root = find(id);
    const i = info.get(id)!;
    const g = groups.get(root) ?? { problemTitle: i.problem, members: [], top: 0 };
    g.members.push({ submissionId: id, name: i.name, historical: i.historical });
    groups.set(root, g);
  }
  for (const p of pairs) {
    const g = groups.get(find(p.a_submission_id))!;
    g.top = Math.max(g.top, p.similarity);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, members: g.members.sort((x, y) => x.name.localeCompare(y.name)) }))
    .sort((x, y) => y.top - x.top || y.members.length - x.members.length); // the closest copies first
}
