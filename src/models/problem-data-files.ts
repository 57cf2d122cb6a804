// A problem's data files: placed read-only in the working directory of every run and test (issue 18).
import type { Db } from "../db/connection.ts";
import "../db/tables/data-files.ts";
import type { JobFile } from "../sandbox/index.ts";

/** Each file at most 960 KiB, all of a problem's together at most 2 MiB (the sandbox's data budget). */
export const MAX_DATA_FILE_BYTES = 960 * 1024; // under the 1 MiB request body limit with the form around it
export const MAX_DATA_BYTES = 2 * 1024 * 1024;
export const MAX_DATA_FILES = 20;

export interface DataFileInfo {
  name: string;
  size: number;
}

export function selectDataFileInfos(db: Db, problemId: number): Promise<DataFileInfo[]> {
  return db
    .selectFrom("problem_data_files")
    .select((eb) => ["name", eb.fn<number>("length", ["content"]).as("size")])
    .where("problem_id", "=", problemId)
    .orderBy("name")
    .execute();
}

export interface DataFileContent {
  name: string;
  content: Uint8Array;
}

/** The files with their bytes, by name (the Markdown export, the sandbox). */
export function selectDataFiles(db: Db, problemId: number): Promise<DataFileContent[]> {
  return db
    .selectFrom("problem_data_files")
    .select(["name", "content"])
    .where("problem_id", "=", problemId)
    .orderBy("name")
    .execute();
}

/** One file as the sandbox takes it: read-only, base64. */
export function dataJobFile(file: DataFileContent): JobFile {
  return {
    name: file.name,
    content: Buffer.from(file.content).toString("base64"),
    encoding: "base64",
    readOnly: true,
  };
}

/** The files as the sandbox takes them. */
export async function selectDataJobFiles(db: Db, problemId: number): Promise<JobFile[]> {
  return (await selectDataFiles(db, problemId)).map(dataJobFile);
}

/** Adds or replaces one file. */
export async function upsertDataFile(
  db: Db,
  problemId: number,
  name: string,
  content: Uint8Array,
  now: number,
): Promise<void> {
  await db
    .insertInto("problem_data_files")
    .values({ problem_id: problemId, name, content, created_at: now })
    .onConflict((oc) => oc.columns(["problem_id", "name"]).doUpdateSet({ content, created_at: now }))
    .execute();
}

export async function deleteDataFile(db: Db, problemId: number, name: string): Promise<boolean> {
  const r = await db
    .deleteFrom("problem_data_files")
    .where("problem_id", "=", problemId)
    .where("name", "=", name)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
