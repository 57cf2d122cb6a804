// The playground's file workflow: names checked by the sandbox's own rules, per-user count and size
// limits, exactly one main file, a starter file on the first visit, and the .zip download.
import { zipSync } from "fflate";
import { HTTPException } from "hono/http-exception";
import type { AppContext } from "../../context.ts";
import type { PlaygroundFile } from "../../db/schema.ts";
import { jobValidator, MAX_CODE_BYTES, MAX_FILES, SandboxInputError } from "../../sandbox/validate.ts";
import {
  deletePlaygroundFile,
  insertPlaygroundFile,
  selectOptionalPlaygroundFile,
  selectPlaygroundFiles,
  updatePlaygroundFile,
  updatePlaygroundMain,
} from "./playground-file.ts";

export { MAX_CODE_BYTES, MAX_FILES };

export const STARTER_NAME = "main.py";
export const STARTER_CODE = `# Welcome to the Slate playground!
# Write some Python and press Run (or Ctrl+Enter).

name = input("What is your name? ")
print(f"Hello, {name}!")

for i in range(3):
    print("Python is fun", "!" * (i + 1))
`;

/** What the browser gets for a file. */
export interface FileJson {
  id: number;
  name: string;
  content: string;
  isMain: boolean;
  updatedAt: number;
}

export const toJson = (f: PlaygroundFile): FileJson => ({
  id: f.id,
  name: f.name,
  content: f.content,
  isMain: f.is_main === 1,
  updatedAt: f.updated_at,
});

// The sandbox's validator is the one source of truth for file names: a name it would refuse at run
// time is refused here when the file is created or renamed. (Built once: zod schemas are costly.)
const sandboxCheck = jobValidator({ memoryMb: 32, tmpfsMb: 1 });

/** Why a file name cannot be used (worded for the user), or null when it is fine. */
export function fileNameProblem(name: string): string | null {
  try {
    sandboxCheck({ files: [{ name, content: "" }], main: name });
    return null;
  } catch (error) {
    if (error instanceof SandboxInputError) return sentence(error.message);
    throw error;
  }
}

/** The sandbox words its messages as clauses ("file names cannot ..."); this makes them sentences. */
export const sentence = (s: string) =>
  `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? "" : "."}`;

/** Trimmed, NFC-normalized, and valid; otherwise a 400 naming the problem. */
export function cleanName(raw: string): string {
  const name = raw.normalize("NFC").trim();
  const problem = fileNameProblem(name);
  if (problem) throw new HTTPException(400, { message: problem });
  return name;
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
// SQLite's NOCASE folds ASCII letters only; compare names the same way.
const fold = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());

function checkTotal(files: PlaygroundFile[], exceptId: number | null, content: string): void {
  const others = files.filter((f) => f.id !== exceptId).reduce((sum, f) => sum + bytes(f.content), 0);
  if (others + bytes(content) > MAX_CODE_BYTES) {
    throw new HTTPException(413, {
      message: `Your files would be over ${MAX_CODE_BYTES / 1024} KiB in total. Make some smaller or delete one.`,
    });
  }
}

function checkUnique(files: PlaygroundFile[], name: string, exceptId: number | null): void {
  if (files.some((f) => f.id !== exceptId && fold(f.name) === fold(name))) {
    throw new HTTPException(409, { message: `You already have a file called "${name}".` });
  }
}

/** The user's files; a first visit gets a friendly main.py to start from. */
export async function listFiles(ctx: AppContext, userId: number): Promise<PlaygroundFile[]> {
  const files = await selectPlaygroundFiles(ctx.db, userId);
  if (files.length > 0) return ensureMain(ctx, userId, files);
  try {
    const now = ctx.clock.now();
    return [
      await insertPlaygroundFile(ctx.db, {
        userId,
        name: STARTER_NAME,
        content: STARTER_CODE,
        isMain: true,
        now,
      }),
    ];
  } catch {
    return selectPlaygroundFiles(ctx.db, userId); // a second tab created it at the same moment
  }
}

/** Repairs a missing main file (e.g. two tabs deleting at once): the first file becomes main. */
async function ensureMain(ctx: AppContext, userId: number, files: PlaygroundFile[]) {
  if (files.some((f) => f.is_main === 1)) return files;
  const first = files[0]!;
  await updatePlaygroundMain(ctx.db, userId, first.id);
  return files.map((f) => (f.id === first.id ? { ...f, is_main: 1 } : f));
}

export async function createFile(
  ctx: AppContext,
  userId: number,
  input: { name: string; content: string },
): Promise<PlaygroundFile> {
  const name = cleanName(input.name);
  const files = await selectPlaygroundFiles(ctx.db, userId);
  if (files.length >= MAX_FILES) {
    throw new HTTPException(422, { message: `You can have at most ${MAX_FILES} files. Delete one first.` });
  }
  checkUnique(files, name, null);
  checkTotal(files, null, input.content);
  try {
    return await insertPlaygroundFile(ctx.db, {
      userId,
      name,
      content: input.content,
      isMain: files.length === 0,
      now: ctx.clock.now(),
    });
  } catch (error) {
    if (String(error).includes("UNIQUE"))
      checkUnique(await selectPlaygroundFiles(ctx.db, userId), name, null);
    throw error;
  }
}

async function ownFile(ctx: AppContext, userId: number, id: number): Promise<PlaygroundFile> {
  const file = await selectOptionalPlaygroundFile(ctx.db, userId, id);
  if (!file) throw new HTTPException(404, { message: "That file does not exist (any more)." });
  return file;
}

export async function changeFile(
  ctx: AppContext,
  userId: number,
  id: number,
  input: { name?: string; content?: string; isMain?: boolean },
): Promise<PlaygroundFile> {
  const file = await ownFile(ctx, userId, id);
  const files = await selectPlaygroundFiles(ctx.db, userId);
  const name = input.name === undefined ? undefined : cleanName(input.name);
  if (name !== undefined) checkUnique(files, name, id);
  if (input.content !== undefined) checkTotal(files, id, input.content);
  if (input.isMain === false) {
    throw new HTTPException(400, { message: "Choose another file as the main file instead." });
  }
  let updated = file;
  if (name !== undefined || input.content !== undefined) {
    updated =
      (await updatePlaygroundFile(ctx.db, userId, id, {
        name,
        content: input.content,
        now: ctx.clock.now(),
      })) ?? file;
  }
  if (input.isMain && file.is_main !== 1) {
    await updatePlaygroundMain(ctx.db, userId, id);
    updated = { ...updated, is_main: 1 };
  }
  return updated;
}

/** Deletes a file (never the last one); returns the id of the main file afterwards. */
export async function removeFile(ctx: AppContext, userId: number, id: number): Promise<number> {
  const file = await ownFile(ctx, userId, id);
  const files = await selectPlaygroundFiles(ctx.db, userId);
  if (files.length <= 1) throw new HTTPException(422, { message: "Keep at least one file." });
  await deletePlaygroundFile(ctx.db, userId, id);
  const rest = files.filter((f) => f.id !== id);
  const main = file.is_main === 1 ? rest[0]! : (rest.find((f) => f.is_main === 1) ?? rest[0]!);
  if (main.is_main !== 1) await updatePlaygroundMain(ctx.db, userId, main.id);
  return main.id;
}

/** All files in one .zip (deflated), named as in the playground. */
export function zipFiles(files: PlaygroundFile[]): Uint8Array {
  const encoder = new TextEncoder();
  return zipSync(
    Object.fromEntries(
      files.map((f) => [f.name, [encoder.encode(f.content), { mtime: new Date(f.updated_at) }]]),
    ),
    { level: 6 },
  );
}
