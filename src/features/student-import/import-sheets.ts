// The import reports' table (student_imports): only their expiry is needed outside the feature.
import type { Db } from "../../db/connection.ts";

/** Deletes the reports whose day is over (the scheduler's periodic work): they hold passwords. */
export async function deleteExpiredImports(db: Db, now: number): Promise<void> {
  await db.deleteFrom("student_imports").where("expires_at", "<=", now).execute();
}
