// A user's playground files. Every query is scoped by user_id: another user's file is simply not found.
import type { Db } from "../../db/connection.ts";
import type { PlaygroundFile } from "../../db/schema.ts";

export function selectPlaygroundFiles(db: Db, userId: number): Promise<PlaygroundFile[]> {
  return db
    .selectFrom("playground_files")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function selectOptionalPlaygroundFile(
  db: Db,
  userId: number,
  id: number,
): Promise<PlaygroundFile | undefined> {
  return db
    .selectFrom("playground_files")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function insertPlaygroundFile(
  db: Db,
  file: { userId: number; name: string; content: string; isMain: boolean; now: number },
): Promise<PlaygroundFile> {
  return db
    .insertInto("playground_files")
    .values({
      user_id: file.userId,
      name: file.name,
      content: file.content,
      is_main: file.isMain ? 1 : 0,
      created_at: file.now,
      updated_at: file.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePlaygroundFile(
  db: Db,
  userId: number,
  id: number,
  changes: { name?: string; content?: string; now: number },
): Promise<PlaygroundFile | undefined> {
  return db
    .updateTable("playground_files")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.content !== undefined ? { content: changes.content } : {}),
      updated_at: changes.now,
    })
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** Makes one file the main file (and no other), in one transaction. */
export async function updatePlaygroundMain(db: Db, userId: number, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("playground_files")
      .set({ is_main: 0 })
      .where("user_id", "=", userId)
      .where("is_main", "=", 1)
      .execute();
    await tx
      .updateTable("playground_files")
      .set({ is_main: 1 })
      .where("user_id", "=", userId)
      .where("id", "=", id)
      .execute();
  });
}

export async function deletePlaygroundFile(db: Db, userId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom("playground_files")
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}
