// Rejects bad jobs before they reach Docker, with messages meant for the person who submitted them.
import { z } from "zod";
import type { JobFile, JobInput, JobLimits, JobMode } from "./types.ts";

export class SandboxInputError extends Error {
  override name = "SandboxInputError";
}

export const MAX_CODE_BYTES = 256 * 1024;
/** Room for Slate's own files beside the user's (the grading harness is about 13 KiB). */
const SLATE_FILES_BYTES = 64 * 1024;
export const MAX_FILES = 20;
export const MAX_STDIN_BYTES = 1024 * 1024;
/** Read-only data files (a problem's), base64 included, beside the code's 256 KiB. */
export const MAX_DATA_BYTES = 3 * 1024 * 1024;
const MAX_DATA_FILES = 20;
const MAX_NAME_LENGTH = 100;

/** The pool's container size bounds what a job may ask for. */
export interface LimitBounds {
  memoryMb: number;
  tmpfsMb: number;
}

/** A job after validation: every limit filled in. */
export interface ValidJob {
  files: JobFile[];
  main: string;
  stdin: string | null;
  limits: JobLimits;
  mode: JobMode;
  userKey: string | null;
}

export function defaultLimits(bounds: LimitBounds): JobLimits {
  return {
    wallSeconds: 10,
    cpuSeconds: 5,
    memoryMb: bounds.memoryMb,
    outputBytes: 1024 * 1024,
    fileSizeKb: Math.min(16 * 1024, bounds.tmpfsMb * 1024),
  };
}

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

const fileName = z
  .string()
  .min(1, "a file name is empty")
  .max(MAX_NAME_LENGTH, `file names are at most ${MAX_NAME_LENGTH} characters`)
  .refine((n) => !n.includes("/") && !n.includes("\\"), "file names cannot contain / or \\")
  .refine((n) => !n.includes(".."), "file names cannot contain ..")
  .refine((n) => !n.startsWith("."), "file names cannot start with a dot")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting NUL and control characters is the point
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "file names cannot contain NUL or control characters")
  .refine((n) => n.isWellFormed(), "file names must be valid UTF-8");

const text = (what: string) => z.string().refine((s) => s.isWellFormed(), `${what} is not valid UTF-8 text`);

function limitsSchema(bounds: LimitBounds) {
  const int = (name: string, min: number, max: number) =>
    z
      .number()
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be between ${min} and ${max}`)
      .max(max, `${name} must be between ${min} and ${max}`);
  return z
    .object({
      wallSeconds: int("wallSeconds", 1, 600),
      cpuSeconds: int("cpuSeconds", 1, 300),
      memoryMb: int("memoryMb", 32, bounds.memoryMb),
      outputBytes: int("outputBytes", 1024, 16 * 1024 * 1024),
      fileSizeKb: int("fileSizeKb", 1, bounds.tmpfsMb * 1024),
    })
    .partial()
    .strict();
}

function jobSchema(bounds: LimitBounds) {
  return z
    .object({
      files: z
        .array(
          z
            .object({
              name: fileName,
              content: text("file content"),
              encoding: z.literal("base64").optional(),
              readOnly: z.boolean().optional(),
            })
            .strict(),
        )
        .min(1, "there are no files")
        // One more than a user may send: a grading job adds Slate's own harness to the student's files.
        .max(MAX_FILES + 1 + MAX_DATA_FILES, `at most ${MAX_FILES} files`),
      main: z.string(),
      stdin: text("stdin").optional(),
      limits: limitsSchema(bounds).optional(),
      mode: z.enum(["run"]).optional(),
      userKey: z.string().min(1).max(200).optional(),
    })
    .strict();
}

/** Builds the validator once per pool (building zod schemas costs far more than using them). */
export function jobValidator(bounds: LimitBounds): (input: JobInput) => ValidJob {
  const schema = jobSchema(bounds);
  const defaults = defaultLimits(bounds);
  return (input) => checkJob(schema.safeParse(input), defaults);
}

/** Returns the job with defaults filled in, or throws SandboxInputError naming the first problem. */
export function validateJob(input: JobInput, bounds: LimitBounds): ValidJob {
  return jobValidator(bounds)(input);
}

function checkJob(
  parsed: ReturnType<ReturnType<typeof jobSchema>["safeParse"]>,
  defaults: JobLimits,
): ValidJob {
  if (!parsed.success) throw new SandboxInputError(describe(parsed.error));
  const job = parsed.data;
  const names = new Set<string>();
  for (const f of job.files) {
    if (names.has(f.name)) throw new SandboxInputError(`duplicate file name "${f.name}"`);
    names.add(f.name);
  }
  if (!names.has(job.main)) throw new SandboxInputError(`the main file "${job.main}" is not among the files`);
  const data = job.files.filter((f) => f.readOnly);
  if (job.files.length - data.length > MAX_FILES + 1 || data.length > MAX_DATA_FILES)
    throw new SandboxInputError(`at most ${MAX_FILES} files`);
  if (data.reduce((sum, f) => sum + byteLength(f.content), 0) > MAX_DATA_BYTES)
    throw new SandboxInputError("the data files are over 2 MiB together");
  for (const f of job.files)
    if (f.encoding === "base64" && !/^[A-Za-z0-9+/]*={0,2}$/.test(f.content))
      throw new SandboxInputError(`the file "${f.name}" is not valid base64`);
  const total = job.files.filter((f) => !f.readOnly).reduce((sum, f) => sum + byteLength(f.content), 0);
  if (total > MAX_CODE_BYTES + SLATE_FILES_BYTES) {
    throw new SandboxInputError(`the files are ${Math.ceil(total / 1024)} KiB; at most 256 KiB in total`);
  }
  if (job.stdin !== undefined && byteLength(job.stdin) > MAX_STDIN_BYTES) {
    throw new SandboxInputError("stdin is over 1 MiB");
  }
  return {
    files: job.files,
    main: job.main,
    stdin: job.stdin ?? null,
    limits: { ...defaults, ...job.limits },
    mode: job.mode ?? "run",
    userKey: job.userKey ?? null,
  };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid job";
  const where = issue.path.filter((p) => typeof p === "string").join(".");
  // Messages written above already say what is wrong; zod's own ones need the field's name.
  return issue.code === "custom" || issue.code === "too_big" || issue.code === "too_small" || !where
    ? issue.message
    : `${where}: ${issue.message}`;
}
