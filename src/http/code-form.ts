// Code a user sends (a submission, "Run tests"): the same rules for names and sizes as the sandbox,
// checked before anything is stored, so bad input is a clear message and changes nothing.
import { z } from "zod";
import { HARNESS_FILE } from "../grading/job.ts";
import { MAX_CODE_BYTES, MAX_FILES } from "../sandbox/validate.ts";

export const fileName = z
  .string()
  .min(1, "A file needs a name.")
  .max(64, "File names are at most 64 characters.")
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
    "File names use letters, digits, dots, dashes and underscores, not / or a leading dot.",
  )
  .refine((n) => !n.includes(".."), "File names cannot contain two dots in a row.")
  .refine((n) => n !== HARNESS_FILE, `${HARNESS_FILE} is reserved.`);

/** The editor's form: parallel arrays of names and contents, plus the main file. */
export const codeForm = z
  .object({
    "names[]": z.union([fileName, z.array(fileName)]).transform((v) => (Array.isArray(v) ? v : [v])),
    "contents[]": z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
    main: fileName,
  })
  .superRefine((f, ctx) => {
    const problem = filesProblem(f["names[]"], f["contents[]"], f.main);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((f) => ({
    files: f["names[]"].map((name, i) => ({ name, content: f["contents[]"][i] ?? "" })),
    main: f.main,
  }));

function filesProblem(names: string[], contents: string[], main: string): string | null {
  if (names.length !== contents.length) return "Every file needs a name and a content.";
  if (names.length > MAX_FILES) return `At most ${MAX_FILES} files.`;
  if (new Set(names).size !== names.length) return "Two files have the same name.";
  if (!names.includes(main)) return `The main file ${main} is not among the files.`;
  const bytes = contents.reduce((n, c) => n + Buffer.byteLength(c, "utf8"), 0);
  if (bytes > MAX_CODE_BYTES) return `The code is too large (at most ${MAX_CODE_BYTES / 1024} KiB in all).`;
  return null;
}
