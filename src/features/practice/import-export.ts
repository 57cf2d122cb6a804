// Catalog problems as JSON files: one problem or an array of them in the shape
// {title, difficulty, points, description, code_template, test_cases: [{input, expected, hidden}]}
// (tags optional). An import is checked whole first, every error named by its item number; only a
// file without errors is saved, in one transaction, each item created or updated by its title.
import { z } from "zod";
import type { Db } from "../../db/connection.ts";
import { type CatalogItem, exportCatalog, type SaveOutcome, saveCatalogItem, titleKey } from "./catalog.ts";
import { DIFFICULTIES, type PointRanges, pointsProblem } from "./settings.ts";

export const MAX_ITEMS = 500;

const text = (label: string, max: number) =>
  z.string({ error: `${label} must be text.` }).max(max, `${label} is longer than ${max} characters.`);

const itemSchema = z.object({
  title: text("title", 200).trim().min(1, "title is empty."),
  difficulty: z.enum(DIFFICULTIES, { error: "difficulty must be easy, medium or hard." }),
  points: z.number({ error: "points must be a number." }).int("points must be a whole number."),
  description: text("description", 100_000).default(""),
  code_template: text("code_template", 100_000).default(""),
  tags: z
    .array(text("a tag", 40).trim().min(1, "a tag is empty."), { error: "tags must be a list of text." })
    .max(20, "at most 20 tags.")
    .default([]),
  test_cases: z
    .array(
      z.object({
        input: text("input", 1_000_000).default(""),
        expected: text("expected", 1_000_000),
        hidden: z.boolean({ error: "hidden must be true or false." }).default(false),
      }),
      { error: "test_cases must be a list." },
    )
    .min(1, "test_cases needs at least one test.")
    .max(200, "at most 200 test cases."),
});

export interface ImportReport {
  ok: boolean;
  errors: string[];
  outcomes: { title: string; outcome: SaveOutcome }[];
}

/** "item 2: points for an easy problem are 10 to 20." for each problem found, or the parsed items. */
export function checkImport(
  source: string,
  ranges: PointRanges,
): { items: CatalogItem[]; numbers: number[]; errors: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (err) {
    return { items: [], numbers: [], errors: [`The file is not valid JSON: ${(err as Error).message}`] };
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) return { items: [], numbers: [], errors: ["The file holds no problems."] };
  if (list.length > MAX_ITEMS)
    return { items: [], numbers: [], errors: [`At most ${MAX_ITEMS} problems per file.`] };
  const items: CatalogItem[] = [];
  const numbers: number[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw, i) => {
    const n = i + 1;
    const result = itemSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 3))
        errors.push(`item ${n}${where(issue.path)}: ${issue.message}`);
      return;
    }
    const item = result.data;
    const range = pointsProblem(ranges, item.difficulty, item.points);
    if (range) errors.push(`item ${n}: ${range}`);
    const first = seen.get(titleKey(item.title));
    if (first) errors.push(`item ${n}: the title "${item.title}" is also item ${first}'s.`);
    seen.set(titleKey(item.title), n);
    items.push(item);
    numbers.push(n);
  });
  return { items, numbers, errors };
}

/** " (test_cases 2, expected)" for a nested problem, nothing for the item itself. */
function where(path: PropertyKey[]): string {
  if (path.length === 0) return "";
  const parts = path.map((p) => (typeof p === "number" ? String(p + 1) : String(p)));
  return ` (${parts.join(" ")})`;
}

/**
 * Imports a file. `admin` may update any problem; a teacher only the ones they published (an item
 * with another's title is an error).
 */
export async function importCatalog(
  db: Db,
  source: string,
  ranges: PointRanges,
  by: { userId: number; admin: boolean },
  now: number,
): Promise<ImportReport> {
  const { items, numbers, errors } = checkImport(source, ranges);
  if (!by.admin) errors.push(...(await othersTitles(db, items, numbers, by.userId)));
  if (errors.length > 0) return { ok: false, errors, outcomes: [] };
  const userId = by.userId;
  const outcomes = await db.transaction().execute(async (tx) => {
    const done: ImportReport["outcomes"] = [];
    for (const item of items)
      done.push({ title: item.title, outcome: await saveCatalogItem(tx, item, userId, now) });
    return done;
  });
  return { ok: true, errors: [], outcomes };
}

async function othersTitles(
  db: Db,
  items: CatalogItem[],
  numbers: number[],
  userId: number,
): Promise<string[]> {
  const errors: string[] = [];
  for (const [i, item] of items.entries()) {
    const row = await db
      .selectFrom("practice_problems")
      .select("created_by")
      .where("title_key", "=", titleKey(item.title))
      .executeTakeFirst();
    if (row && row.created_by !== userId)
      errors.push(
        `item ${numbers[i]}: "${item.title}" was published by someone else; only they or an administrator can change it.`,
      );
  }
  return errors;
}

export async function exportCatalogJson(db: Db, createdBy?: number): Promise<string> {
  return `${JSON.stringify(await exportCatalog(db, createdBy), null, 2)}\n`;
}
