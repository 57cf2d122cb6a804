// Images of a lesson's pages: checked by their first bytes (the assessments feature's imageType: PNG,
// JPEG, GIF, WebP, never SVG), at most 900 KiB, stored once per content under
// DATA_DIR/uploads/lessons/<sha256>, and served at /lessons/<id>/images/<sha256> only to those who may
// see that lesson (the route checks; the row ties the file to the lesson).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../db/connection.ts";
import { imageType, MAX_IMAGE_BYTES } from "../assessments/images.ts";

const folder = (dataDir: string) => join(dataDir, "uploads", "lessons");

export class ImageRefused extends Error {}

/**
 * The upload route's check, shared by the Markdown import: a non-empty PNG/JPEG/GIF/WebP (by its first
 * bytes, never SVG) of at most 900 KiB. Returns its type, or throws ImageRefused.
 */
export function checkLessonImage(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImageRefused("Choose an image file.");
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRefused("An image can be at most 900 KiB.");
  const mime = imageType(bytes);
  if (!mime) throw new ImageRefused("Only PNG, JPEG, GIF and WebP images can be uploaded.");
  return mime;
}

/** Writes checked bytes once per content; returns their sha256 (the name of the file and the address). */
export function saveImageFile(dataDir: string, bytes: Uint8Array): string {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  mkdirSync(folder(dataDir), { recursive: true });
  const path = join(folder(dataDir), sha256);
  if (!existsSync(path)) writeFileSync(path, bytes);
  return sha256;
}

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
  if (!row) return null;
  const path = join(folder(dataDir), sha256);
  return existsSync(path) ? { mime: row.mime, body: readFileSync(path) } : null;
}

/** Every image of a lesson with its bytes (the export writes them into the Markdown file). */
export async function lessonImageFiles(db: Db, dataDir: string, lessonId: number) {
  const rows = await db
    .selectFrom("lesson_images")
    .select(["sha256", "mime", "name"])
    .where("lesson_id", "=", lessonId)
    .execute();
  return rows.flatMap((r) => {
    const path = join(folder(dataDir), r.sha256);
    return existsSync(path) ? [{ ...r, body: new Uint8Array(readFileSync(path)) }] : [];
  });
}

export const lessonImageUrl = (lessonId: number, sha256: string) => `/lessons/${lessonId}/images/${sha256}`;

export const lessonImageMarkdown = (lessonId: number, sha256: string, name: string) =>
  `![${name.replace(/\.[a-z0-9]+$/i, "").replace(/[[\]]/g, "")}](${lessonImageUrl(lessonId, sha256)})`;
