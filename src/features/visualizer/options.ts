// The view's options, remembered per user (migrations/0008_visualizer.sql). Unknown or missing keys
// fall back to the defaults, so an older stored object never breaks the view.
import { z } from "zod";
import type { Db } from "../../db/connection.ts";

export interface VisualizerOptionsTable {
  user_id: number;
  options: string;
  updated_at: number;
}

declare module "../../db/schema.ts" {
  interface Database {
    visualizer_options: VisualizerOptionsTable;
  }
}

export const optionsSchema = z
  .object({
    /** Numbers, strings, booleans and None drawn as heap objects (Python Tutor's "render all objects on the heap"). */
    heapPrimitives: z.boolean(),
    /** A list of lists drawn as a 2-D grid. */
    grid: z.boolean(),
    /** Frames of functions that returned stay visible (greyed). */
    showReturned: z.boolean(),
    /** Objects drawn inside the object that refers to them, instead of with an arrow. */
    nest: z.boolean(),
    /** "id 3" labels instead of arrows. */
    textLabels: z.boolean(),
    /** Where a new trace opens. */
    start: z.enum(["first", "error", "last"]),
  })
  .strict();

export type VisualizerOptions = z.infer<typeof optionsSchema>;

export const DEFAULT_OPTIONS: VisualizerOptions = {
  heapPrimitives: false,
  grid: true,
  showReturned: false,
  nest: false,
  textLabels: false,
  start: "first",
};

export async function selectOptions(db: Db, userId: number): Promise<VisualizerOptions> {
  const row = await db
    .selectFrom("visualizer_options")
    .select("options")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return DEFAULT_OPTIONS;
  let stored: unknown;
  try {
    stored = JSON.parse(row.options);
  } catch {
    return DEFAULT_OPTIONS;
  }
  const merged = optionsSchema.safeParse({ ...DEFAULT_OPTIONS, ...(stored as object) });
  return merged.success ? merged.data : DEFAULT_OPTIONS;
}

export async function saveOptions(db: Db, userId: number, options: VisualizerOptions, now: number) {
  const json = JSON.stringify(options);
  await db
    .insertInto("visualizer_options")
    .values({ user_id: userId, options: json, updated_at: now })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ options: json, updated_at: now }))
    .execute();
}
