// The targeting part of a create, edit or clone form: a "remedial" box and the chosen students
// (repeated `assignees` fields, one per ticked student).
import { z } from "zod";
import { checkbox } from "../../http/validation.ts";

const studentId = z
  .string()
  .regex(/^\d{1,10}$/, "Not a valid student.")
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .positive()
      .max(2 ** 31),
  );

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(studentId).max(2000, "Too many students chosen."));

/** Spread into a form's zod object; check the result with `targetingError`. */
export const targetingFields = { remedial: checkbox, assignees: ids };

export interface Targeting {
  remedial: boolean;
  assignees: number[];
}

export const NO_STUDENT_CHOSEN = "Choose at least one student for remedial work, or untick Remedial.";

/** The message for a remedial item without students, checked after enrolment filtering too. */
export function targetingError(t: Targeting, assignedCount = t.assignees.length): string | undefined {
  return t.remedial && assignedCount === 0 ? NO_STUDENT_CHOSEN : undefined;
}

/** Form values (strings, as every form keeps them) for an item's saved targeting. */
export function targetingValues(remedial: number, assignees: readonly number[]): Record<string, string> {
  return { remedial: remedial ? "on" : "", assignees: assignees.join(",") };
}
