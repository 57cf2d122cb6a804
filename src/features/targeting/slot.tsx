// Targeting for forms that are not built around it (the assessment settings): the fieldset with the
// section's students, reading the submitted targeting from the raw form, and saving it with the item.
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { type Db, inTransaction } from "../../db/connection.ts";
import { firstMessage } from "../../http/validation.ts";
import {
  assigneeIds,
  checkTargeting,
  type RemedialKind,
  saveTargeting,
  targetStudents,
} from "./assignees.ts";
import { type Targeting, targetingFields, targetingValues } from "./form.ts";
import { TargetingFieldset } from "./views/targeting-fieldset.tsx";

/** The "Who sees this" fieldset for a form of the section, with `values` (the form's strings). */
export async function targetingSlot(
  db: Db,
  sectionId: number,
  values: Record<string, string | undefined>,
  what: string,
) {
  return <TargetingFieldset students={await targetStudents(db, sectionId)} values={values} what={what} />;
}

/** An item's saved targeting as form values. */
export async function savedTargetingValues(
  db: Db,
  kind: RemedialKind,
  item: { id: number; remedial: number },
) {
  return targetingValues(item.remedial, await assigneeIds(db, kind, item.id));
}

/** The targeting of the submitted form, or the message that refuses it (nothing saved). */
export async function readTargeting(
  c: Context<AppEnv>,
  sectionId: number,
): Promise<
  | { ok: true; targeting: Targeting; values: Record<string, string> }
  | { ok: false; message: string; values: Record<string, string> }
> {
  const body = await c.req.parseBody({ all: true });
  const values = Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(",") : String(v)]),
  );
  const parsed = z.object(targetingFields).safeParse(body);
  if (!parsed.success) return { ok: false, message: firstMessage(parsed.error), values };
  const refused = await checkTargeting(c.var.ctx.db, sectionId, parsed.data);
  if (refused) return { ok: false, message: refused, values };
  return { ok: true, targeting: parsed.data, values };
}

/** Saves the remedial flag and the assignees of an item of `kind` (its table's `remedial` column). */
export async function saveItemTargeting(
  db: Db,
  kind: "task" | "assessment",
  itemId: number,
  sectionId: number,
  t: Targeting,
) {
  const run = async (tx: Db) => {
    const table = kind === "task" ? "tasks" : "assessments";
    await tx
      .updateTable(table)
      .set({ remedial: t.remedial ? 1 : 0 })
      .where("id", "=", itemId)
      .execute();
    await saveTargeting(tx, kind, itemId, sectionId, t);
  };
  await inTransaction(db, run);
}
