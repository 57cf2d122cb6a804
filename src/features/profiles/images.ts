// Uploaded images (avatars, ticket screenshots): the type is decided by the file's first bytes,
// never by its name or the browser's claim, so a script renamed to .png or an SVG is refused.
// Files live under the data dir, written to a temporary name and renamed, so a reader never sees half.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { MiddlewareHandler } from "hono";

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageType = "image/png" | "image/jpeg" | "image/webp";

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** The image type by magic bytes, or null for anything else (SVG, HTML, scripts, GIF, ...). */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return null;
}

export type ImageCheck = { ok: true; bytes: Uint8Array; type: ImageType } | { ok: false; message: string };

/** Checks an uploaded file: present, not empty, at most 2 MiB, and a PNG, JPEG or WebP by content. */
export async function checkImage(file: unknown, what = "The picture"): Promise<ImageCheck> {
  if (!(file instanceof File) || file.size === 0)
    return { ok: false, message: "Choose an image file first." };
  if (file.size > MAX_IMAGE_BYTES)
    return { ok: false, message: `${what} is larger than 2 MB. Choose a smaller one.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImage(bytes);
  if (!type)
    return { ok: false, message: `${what} must be a PNG, JPEG or WebP image (SVG is not accepted).` };
  return { ok: true, bytes, type };
}

export function uploadPath(dataDir: string, kind: "avatars" | "tickets", name: string): string {
  if (!/^[0-9]+$/.test(name)) throw new Error("upload names are ids");
  return join(resolve(dataDir), "uploads", kind, name);
}

export function storeUpload(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

export function removeUpload(path: string): void {
  rmSync(path, { force: true });
}

/** Uploads are larger than the app's 1 MiB body limit; these routes set their own (src/app.tsx). */
// The task import sets its own limit too: a problem's data files travel in the Markdown as base64.
export const UPLOAD_ROUTES =
  /^\/(profile\/avatar|tickets|manage\/tasks\/\d+\/import|sections\/\d+\/lessons\/import)$/;
export const UPLOAD_BODY_LIMIT = MAX_IMAGE_BYTES * 3 + 256 * 1024; // a ticket takes up to 3 screenshots

const IMAGE_CSP = "default-src 'none'; sandbox";

/** Response headers for an uploaded image: its own type, never sniffed, never run as a document. */
export function imageHeaders(type: string, etag: string): Record<string, string> {
  return {
    "Content-Type": type,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": IMAGE_CSP,
    "Cache-Control": "private, no-cache",
    ETag: etag,
  };
}

/**
 * Keeps an image's own CSP: secureHeaders puts the page policy on every response, which would let a
 * polyglot upload opened as a document run with the app's 'self' scripts. Registered before it in app.tsx.
 */
export function imageCsp(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.headers.get("Content-Type")?.startsWith("image/"))
      c.res.headers.set("Content-Security-Policy", IMAGE_CSP);
  };
}
