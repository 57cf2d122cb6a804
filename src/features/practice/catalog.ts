// The practice catalog: problems with task_id NULL plus their catalog entry (difficulty, points,
// tags). Saving is by title (case-insensitive), so an import of a changed file updates its problem and
// an unchanged one changes nothing. Acceptance counts graded submissions that scored full marks.
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Difficulty } from "../../db/tables/practice.ts";
import type { Problem, TestCase } from "../../db/tables/problems.ts";
import { selectTests } from "../../models/problem.ts";

/** A catalog problem in the shape of the import/export files. */
export interface CatalogItem {
  title: string;
  difficulty: Difficulty;
  points: number;
  description: string;
  code_template: string;
  tags: string[];
  test_cases: { input: string; expected: string; hidden: boolean }[];
}

export interface CatalogEntry {
  problem: Problem;
  difficulty: Difficulty;
  points: number;
  published: boolean;
  tags: string[];
}

export const titleKey = (title: string) => title.trim().toLowerCase();

/** A graded submission with full marks (an override counts, like everywhere else). */
export const ACCEPTED = sql<boolean>`(s.status = 'graded' AND s.max_score > 0 AND coalesce(s.override_score, s.score) >= s.max_score)`;

export async function selectCatalogEntry(db: Db, problemId: number): Promise<CatalogEntry | undefined> {
  const row = await db
    .selectFrom("practice_problems")
    .innerJoin("problems", "problems.id", "practice_problems.problem_id")
    .selectAll("problems")
    .select(["practice_problems.difficulty", "practice_problems.points", "practice_problems.published"])
    .where("practice_problems.problem_id", "=", problemId)
    .where("problems.task_id", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { difficulty, points, published, ...problem } = row;
  return { problem, difficulty, points, published: published === 1, tags: await selectTags(db, problemId) };
}

async function selectTags(db: Db, problemId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("practice_tags")
    .select("tag")
    .where("problem_id", "=", problemId)
    .orderBy("tag")
    .execute();
  return rows.map((r) => r.tag);
}

export function codeTemplate(problem: Problem): string {
  const files = JSON.parse(problem.starter_files) as { name: string; content: string }[];
  return files.find((f) => f.name === problem.main_file)?.content ?? files[0]?.content ?? "";
}

export function toItem(entry: CatalogEntry, tests: TestCase[]): CatalogItem {
  return {
    title: entry.problem.title,
    difficulty: entry.difficulty,
    points: entry.points,
    description: entry.problem.statement,
    code_template: codeTemplate(entry.problem),
    tags: entry.tags,
    test_cases: tests.map((t) => ({ input: t.input, expected: t.expected, hidden: t.hidden === 1 })),
  };
}

export type SaveOutcome = "created" | "updated" | "unchanged";

const normalize = (item: CatalogItem) =>
  JSON.stringify({
    ...item,
    title: item.title.trim(),
    tags: [...new Set(item.tags.map((t) => t.toLowerCase()))].sort(),
  });

/** Creates or updates (by title) one catalog problem with its tests, in the caller's transaction. */
export async function saveCatalogItem(
  db: Db,
  item: CatalogItem,
  userId: number,
  now: number,
): Promise<SaveOutcome> {
  const existing = await db
    .selectFrom("practice_problems")
    .select("problem_id")
    .where("title_key", "=", titleKey(item.title))
    .executeTakeFirst();
  const columns = {
    title: item.title.trim(),
    statement: item.description,
    kind: "stdin" as const,
    starter_files: JSON.stringify([{ name: "main.py", content: item.code_template }]),
    main_file: "main.py",
    updated_at: now,
  };
  if (!existing) {
    const problem = await db
      .insertInto("problems")
      .values({ ...columns, task_id: null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("practice_problems")
      .values({
        problem_id: problem.id,
        title_key: titleKey(item.title),
        difficulty: item.difficulty,
        points: item.points,
        created_by: userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await replaceTests(db, problem.id, item.test_cases, []);
    await replaceTags(db, problem.id, item.tags);
    return "created";
  }
  const entry = await selectCatalogEntry(db, existing.problem_id);
  if (!entry) throw new Error("catalog entry without its problem");
  const tests = await selectTests(db, entry.problem.id);
  if (normalize(toItem(entry, tests)) === normalize(item)) return "unchanged";
  await db.updateTable("problems").set(columns).where("id", "=", entry.problem.id).execute();
  await db
    .updateTable("practice_problems")
    .set({ difficulty: item.difficulty, points: item.points, updated_at: now })
    .where("problem_id", "=", entry.problem.id)
    .execute();
  await replaceTests(db, entry.problem.id, item.test_cases, tests);
  await replaceTags(db, entry.problem.id, item.tags);
  return "updated";
}

/** Tests are updated in place by position (their ids stay, and so do their statistics). */
async function replaceTests(
  db: Db,
  problemId: number,
  wanted: CatalogItem["test_cases"],
  current: TestCase[],
) {
  for (const [i, t] of wanted.entries()) {
    const values = { input: t.input, expected: t.expected, hidden: t.hidden ? 1 : 0, position: i };
    const old = current[i];
    if (old) await db.updateTable("test_cases").set(values).where("id", "=", old.id).execute();
    else
      await db
        .insertInto("test_cases")
        .values({ ...values, problem_id: problemId, name: `Test ${i + 1}` })
        .execute();
  }
  const extra = current.slice(wanted.length).map((t) => t.id);
  if (extra.length > 0) await db.deleteFrom("test_cases").where("id", "in", extra).execute();
}

async function replaceTags(db: Db, problemId: number, tags: string[]) {
  await db.deleteFrom("practice_tags").where("problem_id", "=", problemId).execute();
  const unique = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (unique.length > 0)
    await db
      .insertInto("practice_tags")
      .values(unique.map((tag) => ({ problem_id: problemId, tag })))
      .execute();
}

/** Difficulty, points, tags and visibility of a catalog problem (its edit form). */
export async function updateCatalogMeta(
  db: Db,
  problemId: number,
  meta: { difficulty: Difficulty; points: number; tags: string[]; published: boolean },
  now: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("practice_problems")
      .set({
        difficulty: meta.difficulty,
        points: meta.points,
        published: meta.published ? 1 : 0,
        updated_at: now,
      })
      .where("problem_id", "=", problemId)
      .execute();
    await replaceTags(tx, problemId, meta.tags);
  });
}

export interface CatalogFilter {
  q: string;
  difficulty: Difficulty | "";
  tag: string;
  solved: "solved" | "unsolved" | "";
  /** Staff see unpublished problems too. */
  includeHidden: boolean;
}

export interface CatalogRow {
  id: number;
  title: string;
  difficulty: Difficulty;
  points: number;
  published: boolean;
  tags: string[];
  graded: number;
  accepted: number;
  solved: boolean;
}

/** Acceptance in percent, or null before anyone was graded. */
export const acceptance = (r: { graded: number; accepted: number }) =>
  r.graded === 0 ? null : Math.round((r.accepted / r.graded) * 100);

export async function selectCatalog(db: Db, userId: number, f: CatalogFilter): Promise<CatalogRow[]> {
  const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await sql<{
    id: number;
    title: string;
    difficulty: Difficulty;
    points: number;
    published: number;
    tags: string | null;
    graded: number;
    accepted: number;
    solved: number;
  }>`
    SELECT p.id, p.title, pp.difficulty, pp.points, pp.published,
      (SELECT group_concat(tag, ',') FROM practice_tags t WHERE t.problem_id = p.id) AS tags,
      (SELECT count(*) FROM submissions s WHERE s.problem_id = p.id AND s.status = 'graded') AS graded,
      (SELECT count(*) FROM submissions s WHERE s.problem_id = p.id AND ${ACCEPTED}) AS accepted,
      EXISTS (SELECT 1 FROM practice_solves ps WHERE ps.problem_id = p.id AND ps.user_id = ${userId}) AS solved
    FROM practice_problems pp JOIN problems p ON p.id = pp.problem_id
    WHERE p.task_id IS NULL
      AND (${f.includeHidden ? 1 : 0} = 1 OR pp.published = 1)
      AND (${f.q} = '' OR p.title LIKE ${like} ESCAPE '\\' OR p.statement LIKE ${like} ESCAPE '\\')
      AND (${f.difficulty} = '' OR pp.difficulty = ${f.difficulty})
      AND (${f.tag} = '' OR EXISTS (SELECT 1 FROM practice_tags t WHERE t.problem_id = p.id AND t.tag = ${f.tag}))
    ORDER BY CASE pp.difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, p.title COLLATE NOCASE
  `.execute(db);
  return rows.rows
    .map((r) => ({
      ...r,
      published: r.published === 1,
      solved: r.solved === 1,
      graded: Number(r.graded),
      accepted: Number(r.accepted),
      tags: r.tags ? r.tags.split(",").sort() : [],
    }))
    .filter((r) => (f.solved === "solved" ? r.solved : f.solved === "unsolved" ? !r.solved : true));
}

/** The tags of the filter; an unpublished problem's tags only for staff (they name what is coming). */
export async function selectAllTags(db: Db, includeHidden: boolean): Promise<string[]> {
  const rows = await db
    .selectFrom("practice_tags")
    .innerJoin("practice_problems", "practice_problems.problem_id", "practice_tags.problem_id")
    .select("practice_tags.tag")
    .$if(!includeHidden, (q) => q.where("practice_problems.published", "=", 1))
    .distinct()
    .orderBy("practice_tags.tag")
    .execute();
  return rows.map((r) => r.tag);
}

/**
 * Catalog problems as import items (the export), in title order: with hidden tests, so only the
 * problems of `createdBy` when given (a teacher's own), every one for an admin (undefined).
 */
export async function exportCatalog(db: Db, createdBy?: number): Promise<CatalogItem[]> {
  const ids = await db
    .selectFrom("practice_problems")
    .innerJoin("problems", "problems.id", "practice_problems.problem_id")
    .select("problems.id")
    .$if(createdBy !== undefined, (q) => q.where("practice_problems.created_by", "=", createdBy!))
    .orderBy("practice_problems.title_key")
    .execute();
  const items: CatalogItem[] = [];
  for (const { id } of ids) {
    const entry = await selectCatalogEntry(db, id);
    if (entry) items.push(toItem(entry, await selectTests(db, id)));
  }
  return items;
}

export async function deleteCatalogProblem(db: Db, problemId: number): Promise<void> {
  await db.deleteFrom("problems").where("id", "=", problemId).where("task_id", "is", null).execute();
}
