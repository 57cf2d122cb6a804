// A problem's integrity settings, chosen by its teacher: copy/paste allowed or blocked, recording on
// or off. A problem without a row has the defaults (paste allowed, nothing recorded).
import type { Db } from "../../db/connection.ts";
import type { PastePolicy } from "../../db/tables/integrity.ts";

export interface ProblemIntegrity {
  paste: PastePolicy;
  recording: boolean;
}

export const DEFAULT_INTEGRITY: ProblemIntegrity = { paste: "allowed", recording: false };

export async function selectIntegritySettings(db: Db, problemId: number): Promise<ProblemIntegrity> {
  const row = await db
    .selectFrom("integrity_settings")
    .select(["paste", "recording"])
    .where("problem_id", "=", problemId)
    .executeTakeFirst();
  return row ? { paste: row.paste, recording: row.recording === 1 } : DEFAULT_INTEGRITY;
}

export async function saveIntegritySettings(
  db: Db,
  problemId: number,
  s: ProblemIntegrity,
  now: number,
): Promise<void> {
  const values = { paste: s.paste, recording: s.recording ? 1 : 0, updated_at: now };
  await db
    .insertInto("integrity_settings")
    .values({ problem_id: problemId, ...values })
    .onConflict((oc) => oc.column("problem_id").doUpdateSet(values))
    .execute();
}
