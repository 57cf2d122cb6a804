// Images for question text: uploaded to a bank, checked and stored by src/lib/uploaded-images.ts
// (DATA_DIR/uploads/questions/<sha256>), and shown at /question-images/<sha256> to those whose bank,
// assessment or attempt uses it (image-access.ts).
import type { Db } from "../../db/connection.ts";
import { checkImage, readImageFile, saveImageFile } from "../../lib/uploaded-images.ts";

export { ImageRefused, imageType, MAX_IMAGE_BYTES } from "../../lib/uploaded-images.ts";

export async function storeImage(
  db: Db,
  dataDir: string,
  bankId: number,
  file: File,
  userId: number,
  now: number,
): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = checkImage(bytes);
  const sha256 = saveImageFile(dataDir, "questions", bytes);
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
  const body = row ? readImageFile(dataDir, "questions", sha256) : null;
  return row && body ? { mime: row.mime, body } : null;
}

export const imageMarkdown = (sha256: string, name: string) =>
  `![${name.replace(/\.[a-z0-9]+$/i, "").replace(/[[\]]/g, "")}](/question-images/${sha256})`;
