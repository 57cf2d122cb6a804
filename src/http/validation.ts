// zod building blocks for form fields, and validators that turn bad input into a clear 400/422
// instead of a crash. Forms re-render themselves with the message (see formValidator).
import { zValidator } from "@hono/zod-validator";
import type { Context, ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../context.ts";

// Invisible characters that can make two names look alike or reorder text (bidi overrides).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** One line of human text: trimmed, NFC-normalized, no control characters, bounded. */
export const line = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .transform((s) => s.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, `${label} is required.`)
        .max(max, `${label} must be at most ${max} characters.`)
        .refine(
          (s) => !CONTROL.test(s) && !/[\r\n]/.test(s),
          `${label} contains characters that are not allowed.`,
        ),
    );

/** Optional text (may be multi-line), empty allowed. */
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").normalize("NFC").trim())
    .pipe(
      z
        .string()
        .max(max, `${label} must be at most ${max} characters.`)
        .refine((s) => !CONTROL.test(s), `${label} contains characters that are not allowed.`),
    );

export const username = z
  .string({ error: "Username is required." })
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(3, "Username must be at least 3 characters.")
      .max(32, "Username must be at most 32 characters.")
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        "Username may use letters, digits, dots, dashes and underscores.",
      ),
  );

export const email = z
  .string()
  .optional()
  .transform((s) => s?.trim() ?? "")
  .pipe(z.union([z.literal(""), z.email("Email address is not valid.").max(254)]));

/** Passwords are checked against the policy separately; here only presence and size. */
export const password = (label = "Password") =>
  z
    .string({ error: `${label} is required.` })
    .min(1, `${label} is required.`)
    .max(200, `${label} is too long.`);

export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "1" || v === "true");

export const idParam = z.object({
  id: z.coerce
    .number({ error: "Not a valid id." })
    .int()
    .positive()
    .max(2 ** 31),
});

export function firstMessage(error: { issues: ReadonlyArray<{ message: string }> }): string {
  return error.issues[0]?.message ?? "The request is not valid.";
}

type Target = keyof ValidationTargets;

/** Validates params or query; a failure is a 400 with the first message. */
export function validated<T extends z.ZodType, K extends Target>(target: K, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new HTTPException(400, { message: firstMessage(result.error) });
  });
}

/**
 * Validates a form; on failure calls `invalid` (which re-renders the form with status 422) with the
 * message and the raw values, so the user keeps what they typed.
 */
export function formValidator<T extends z.ZodType>(
  schema: T,
  invalid: (c: Context<AppEnv>, message: string, raw: Record<string, string>) => Response | Promise<Response>,
) {
  return zValidator("form", schema, (result, c) => {
    if (result.success) return;
    const raw = Object.fromEntries(
      Object.entries((result.data ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === "string" ? v : Array.isArray(v) ? v.join(",") : "", // repeated fields: a list
      ]),
    );
    return invalid(c as unknown as Context<AppEnv>, firstMessage(result.error), raw);
  });
}
