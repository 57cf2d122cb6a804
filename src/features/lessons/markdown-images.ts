// The images inside a lesson's Markdown file (the format is in markdown-format.ts's header): export
// turns the lesson's own image addresses into `![alt][img-<sha12>]` plus one `[img-<sha12>]: data:…`
// line per image; import decodes those lines with the upload route's check (checkLessonImage: content,
// never SVG, 900 KiB) and turns the references into the new lesson's addresses. Rendered pages only
// ever see /lessons/<id>/images/<sha> addresses (or, in the preview, a placeholder): never a data: URL.
import { createHash } from "node:crypto";
import { MAX_IMAGE_BYTES } from "../../lib/uploaded-images.ts";
import { checkLessonImage, ImageRefused, type LessonImageRow, lessonImageUrl } from "./images.ts";
import {
  IMAGE_LABEL,
  type ImageDefinition,
  type ImageUse,
  type ImportError,
  mapProseLines,
} from "./markdown-format.ts";

export const MAX_IMPORT_IMAGES = 40;

const USE = new RegExp(`!\\[([^\\]\\n]*)\\]\\[(${IMAGE_LABEL})\\]`, "g");
const ADDRESS = /!\[([^\]\n]*)\]\(\/lessons\/(\d+)\/images\/([0-9a-f]{64})\)/g;
const BASE64 = /^([\w.+-]+\/[\w.+-]+)?;base64,([A-Za-z0-9+/]*={0,2})$/;

export interface DecodedImage extends LessonImageRow {
  body: Uint8Array;
}

export type DecodeResult =
  | { ok: true; images: Map<string, DecodedImage> }
  | { ok: false; errors: ImportError[] };

const kib = (n: number) => `${Math.max(1, Math.round(n / 1024))} KiB`;

/** One definition's bytes, or the reason it is refused (the caller adds the line). */
function decodeOne(def: ImageDefinition): Uint8Array | string {
  const m = BASE64.exec(def.data);
  if (/^image\/svg/i.test(def.data))
    return "SVG images are not allowed (they can carry scripts): use PNG, JPEG, GIF or WebP.";
  if (!m || m[2]!.length % 4 !== 0)
    return `The image [${def.label}] is not valid base64 data (expected data:image/png;base64,…).`;
  const size = (m[2]!.length / 4) * 3 - (m[2]!.match(/=+$/)?.[0].length ?? 0);
  if (size > MAX_IMAGE_BYTES)
    return `The image [${def.label}] is ${kib(size)}; an image can be at most 900 KiB.`;
  const bytes = new Uint8Array(Buffer.from(m[2]!, "base64"));
  try {
    checkLessonImage(bytes);
  } catch (e) {
    if (e instanceof ImageRefused) return `The image [${def.label}] is refused: ${e.message}`;
    throw e;
  }
  return bytes;
}

/** Decodes and checks every image the file defines; any problem refuses the whole file, by line. */
export function decodeImages(defs: ImageDefinition[], uses: ImageUse[]): DecodeResult {
  const errors: ImportError[] = [];
  const images = new Map<string, DecodedImage>();
  const seen = new Map<string, number>();
  if (defs.length > MAX_IMPORT_IMAGES)
    errors.push({
      line: defs[MAX_IMPORT_IMAGES]!.line,
      message: `A lesson can bring at most ${MAX_IMPORT_IMAGES} images.`,
    });
  for (const def of defs) {
    const first = seen.get(def.label);
    if (first !== undefined) {
      errors.push({
        line: def.line,
        message: `The image [${def.label}] is defined twice (also on line ${first}).`,
      });
      continue;
    }
    seen.set(def.label, def.line);
    const bytes = decodeOne(def);
    if (typeof bytes === "string") {
      errors.push({ line: def.line, message: bytes });
      continue;
    }
    const alt = uses.find((u) => u.label === def.label)?.alt.trim();
    images.set(def.label, {
      sha256: createHash("sha256").update(bytes).digest("hex"),
      mime: checkLessonImage(bytes),
      name: (alt || def.label).slice(0, 120),
      bytes: bytes.length,
      body: bytes,
    });
  }
  for (const use of uses)
    if (!seen.has(use.label))
      errors.push({
        line: use.line,
        message: `This image refers to [${use.label}], which the file does not define (a line “[${use.label}]: data:image/png;base64,…” is missing).`,
      });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, images };
}

/** References of the file into the new lesson's addresses (outside code, as the parser read them). */
export function withImageAddresses(
  text: string,
  lessonId: number,
  images: Map<string, DecodedImage>,
): string {
  return mapProseLines(text, (line) =>
    line.replace(USE, (all, alt: string, label: string) => {
      const img = images.get(label);
      return img ? `![${alt}](${lessonImageUrl(lessonId, img.sha256)})` : all;
    }),
  );
}

/** The preview stores nothing, so it shows what each image is instead of the image. */
export function withImagePlaceholders(text: string, images: Map<string, DecodedImage>): string {
  return mapProseLines(text, (line) =>
    line.replace(USE, (all, alt: string, label: string) => {
      const img = images.get(label);
      if (!img) return all;
      const name = alt.replace(/[[\]*_`\\<>]/g, "").trim() || label;
      const kind = img.mime.replace("image/", "").toUpperCase();
      return `*[Image “${name}”: ${kind}, ${kib(img.bytes)}, stored when you create the lesson]*`;
    }),
  );
}

export interface ExportImage {
  sha256: string;
  mime: string;
  body: Uint8Array;
}

/**
 * A lesson's texts with its own image addresses as references, and the definition lines they need
 * (in order of first use, so the same lesson always gives the same file).
 */
export function withImageReferences(
  texts: string[],
  lessonId: number,
  files: ExportImage[],
): { texts: string[]; definitions: string[] } {
  const bySha = new Map(files.map((f) => [f.sha256, f]));
  const used: ExportImage[] = [];
  const out = texts.map((text) =>
    mapProseLines(text, (line) =>
      line.replace(ADDRESS, (all, alt: string, id: string, sha: string) => {
        const file = bySha.get(sha);
        if (Number(id) !== lessonId || !file) return all;
        if (!used.includes(file)) used.push(file);
        return `![${alt}][${labelOf(sha)}]`;
      }),
    ),
  );
  const definitions = used.map(
    (f) => `[${labelOf(f.sha256)}]: data:${f.mime};base64,${Buffer.from(f.body).toString("base64")}`,
  );
  return { texts: out, definitions };
}

const labelOf = (sha256: string) => `img-${sha256.slice(0, 12)}`;

/** `![alt](/lessons/<id>/images/<sha>)` of other lessons in the texts (outside code), each once. */
export function imageAddresses(texts: string[]): { lessonId: number; sha256: string }[] {
  const found = new Map<string, { lessonId: number; sha256: string }>();
  for (const text of texts)
    mapProseLines(text, (line) => {
      for (const m of line.matchAll(ADDRESS))
        found.set(`${m[2]}/${m[3]}`, { lessonId: Number(m[2]), sha256: m[3]! });
      return line;
    });
  return [...found.values()];
}

/** Addresses of images copied from other lessons (keys `<lessonId>/<sha>`) into the new lesson's. */
export function withCopiedAddresses(text: string, lessonId: number, copied: Set<string>): string {
  if (copied.size === 0) return text;
  return mapProseLines(text, (line) =>
    line.replace(ADDRESS, (all, alt: string, id: string, sha: string) =>
      copied.has(`${id}/${sha}`) ? `![${alt}](${lessonImageUrl(lessonId, sha)})` : all,
    ),
  );
}
