// Images for question text: uploaded to a bank, recognised by their first bytes (PNG, JPEG, GIF,
// WebP only: no SVG, which can carry scripts), stored once per content under
// DATA_DIR/uploads/questions/<sha256>, and shown at /question-images/<sha256> to those whose bank,
// assessment or attempt uses it (image-access.ts).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../db/connection.ts";

export const MAX_IMAGE_BYTES = 900 * 1024;

const SIGNATURES: { mime: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { mime: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: "image/gif", test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  {
    mime: "image/webp",
    test: (b) =>
      String.fromCharCode(...b.slice(0, 4)) === "RIFF" && String.fromCharCode(...b.slice(8, 12)) === "WEBP",
  },
];

export function imageType(bytes: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.test(bytes))?.mime ?? null;
}

const folder = (dataDir: string) => join(dataDir, "uploads", "questions");

export class ImageRefused extends Error {}

export async function storeImage(
  db: Db,
  dataDir: string,
  bankId: number,
  file: File,
  userId: number,
  now: number,
): Promise<string> {
  if (file.size === 0) throw new ImageRefused("Choose an image file.");
  if (file.size > MAX_IMAGE_BYTES) throw new ImageRefused("An image can be at most 900 KiB.");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = imageType(bytes);
  if (!mime) throw new ImageRefused("Only PNG, JPEG, GIF and WebP images can be uploaded.");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  mkdirSync(folder(dataDir), { recursive: true });
  const path = join(folder(dataDir), sha256);
  if (!existsSync(path)) writeFileSync(path, bytes);
  await db
    .insertInto("question_images")
    .values({
      bank_id: bankId,
      sha256,
      mime,
      name: file.name.slice(0, 120) || "image",
      bytes: bytes.length,
      created_by: userId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["bank_id", "sha256"]).doNothing())
    .execute();
  return sha256;
}

export function imagesOf(db: Db, bankId: number) {
  return db
    .selectFrom("question_images")
    .selectAll()
    .where("bank_id", "=", bankId)
    .orderBy("id", "desc")
    .execute();
}

export async function readImage(db: Db, dataDir: string, sha256: string) {
  const row = await db
    .selectFrom("question_images")
    .select("mime")
    .where("sha256", "=", sha256)
    .executeTakeFirst();
  if (!row) return null;
  const path = join(folder(dataDir), sha256);
  return existsSync(path) ? { mime: row.mime, body: readFileSync(path) } : null;
}

export const imageMarkdown = (sha256: string, name: string) =>
  `![${name.replace(/\.[a-z0-9]+$/i, "").replace(/[[\]]/g, "")}](/question-images/${sha256})`;
