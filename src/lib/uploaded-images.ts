// Uploaded pictures (question banks, lesson pages): recognised by their first bytes (PNG, JPEG, GIF,
// WebP only: no SVG, which can carry scripts), at most 900 KiB, stored once per content under
// DATA_DIR/uploads/<kind>/<sha256>. Who may see one is the owning feature's rule.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const MAX_IMAGE_BYTES = 900 * 1024;

export type ImageKind = "questions" | "lessons";

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

export class ImageRefused extends Error {}

/** A non-empty PNG/JPEG/GIF/WebP of at most 900 KiB: returns its type, or throws ImageRefused. */
export function checkImage(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImageRefused("Choose an image file.");
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRefused("An image can be at most 900 KiB.");
  const mime = imageType(bytes);
  if (!mime) throw new ImageRefused("Only PNG, JPEG, GIF and WebP images can be uploaded.");
  return mime;
}

const folder = (dataDir: string, kind: ImageKind) => join(dataDir, "uploads", kind);

/** Writes checked bytes once per content; returns their sha256 (the file's name and its address). */
export function saveImageFile(dataDir: string, kind: ImageKind, bytes: Uint8Array): string {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  mkdirSync(folder(dataDir, kind), { recursive: true });
  const path = join(folder(dataDir, kind), sha256);
  if (!existsSync(path)) writeFileSync(path, bytes);
  return sha256;
}

/** The stored bytes, or null when the file is gone. */
export function readImageFile(dataDir: string, kind: ImageKind, sha256: string): Buffer | null {
  const path = join(folder(dataDir, kind), sha256);
  return existsSync(path) ? readFileSync(path) : null;
}
