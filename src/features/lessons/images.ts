// Images of a lesson's pages: checked and stored by src/lib/uploaded-images.ts (PNG, JPEG, GIF, WebP,
// never SVG, at most 900 KiB; DATA_DIR/uploads/lessons/<sha256>), and served at
// /lessons/<id>/images/<sha256> only to those who may see that lesson (the route checks; the row ties
// the file to the lesson).
import type { Db } from "../../db/connection.ts";
import {
  checkImage,
  ImageRefused,
  MAX_IMAGE_BYTES,
  readImageFile,
  saveImageFile as save,
} from "../../lib/uploaded-images.ts";

export { ImageRefused };

/** The upload route's check, shared by the Markdown import (src/lib/uploaded-images.ts). */
export const checkLessonImage = checkImage;

/** Writes checked bytes once per content; returns their sha256 (the name of the file and the address). */
export const saveImageFile = (dataDir: string, bytes: Uint8Array) => save(dataDir, "lessons", bytes);

export interface LessonImageRow {
  sha256: string;
  mime: string;
  name: string;
  bytes: number;
}

/** Ties stored files to a lesson (run it in the transaction that makes the lesson, when there is one). */
export async function attachLessonImages(
  db: Db,
  lessonId: number,
  images: LessonImageRow[],
  userId: number,
  now: number,
): Promise<void> {
  if (images.length === 0) return;
  await db
    .insertInto("lesson_images")
    .values(images.map((i) => ({ ...i, lesson_id: lessonId, created_by: userId, created_at: now })))
    .onConflict((oc) => oc.columns(["lesson_id", "sha256"]).doNothing())
    .execute();
}

export async function storeLessonImage(
  db: Db,
  dataDir: string,
  lessonId: number,
  file: File,
  userId: number,
  now: number,
): Promise<{ sha256: string; name: string }> {
  if (file.size > MAX_IMAGE_BYTES) throw new ImageRefused("An image can be at most 900 KiB.");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = checkLessonImage(bytes);
  const sha256 = saveImageFile(dataDir, bytes);
  const name = file.name.slice(0, 120) || "image";
  await attachLessonImages(db, lessonId, [{ sha256, mime, name, bytes: bytes.length }], userId, now);
  return { sha256, name };
}

export function lessonImages(db: Db, lessonId: number) {
  return db
    .selectFrom("lesson_images")
    .selectAll()
    .where("lesson_id", "=", lessonId)
    .orderBy("id", "desc")
    .execute();
}

/** The image's bytes when it belongs to the lesson. */
export async function readLessonImage(db: Db, dataDir: string, lessonId: number, sha256: string) {
  const row = await db
    .selectFrom("lesson_images")
    .select("mime")
    .where("lesson_id", "=", lessonId)
    .where("sha256", "=", sha256)
    .executeTakeFirst();
  const body = row ? readImageFile(dataDir, "lessons", sha256) : null;
  return row && body ? { mime: row.mime, body } : null;
}

/** Every image of a lesson with its bytes (the export writes them into the Markdown file). */
export async function lessonImageFiles(db: Db, dataDir: string, lessonId: number) {
  const rows = await db
    .selectFrom("lesson_images")
    .select(["sha256", "mime", "name"])
    .where("lesson_id", "=", lessonId)
    .execute();
  return rows.flatMap((r) => {
    const body = readImageFile(dataDir, "lessons", r.sha256);
    return body ? [{ ...r, body: new Uint8Array(body) }] : [];
  });
}

export const lessonImageUrl = (lessonId: number, sha256: string) => `/lessons/${lessonId}/images/${sha256}`;

export const lessonImageMarkdown = (lessonId: number, sha256: string, name: string) =>
  `![${name.replace(/\.[a-z0-9]+$/i, "").replace(/[[\]]/g, "")}](${lessonImageUrl(lessonId, sha256)})`;
