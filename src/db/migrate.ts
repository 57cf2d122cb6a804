// Forward-only migrations: numbered .sql files applied in order, each inside its own transaction with
// bun:sqlite exec() (Kysely's sql.raw would run only the first statement). Applied names are recorded.
import type { Database as BunDatabase } from "bun:sqlite";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export class MigrationError extends Error {}

/** The first line of a migration that rebuilds a table others reference. */
export const FOREIGN_KEYS_OFF = "-- slate: foreign_keys off";

export function migrate(sqlite: BunDatabase, dir: string, now = Date.now()): string[] {
  sqlite.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)",
  );
  const applied = new Set(
    sqlite
      .query<{ name: string }, []>("SELECT name FROM schema_migrations")
      .all()
      .map((r) => r.name),
  );
  const pending = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f) && !applied.has(f))
    .sort();
  for (const name of pending) {
    const text = readFileSync(join(dir, name), "utf8");
    // A table rebuild (SQLite's documented 12 steps) must not cascade the DROP of the old table, and
    // foreign_keys cannot change inside a transaction: such a migration says so on its first line.
    const rebuild = text.startsWith(FOREIGN_KEYS_OFF);
    if (rebuild) sqlite.exec("PRAGMA foreign_keys = OFF");
    try {
      sqlite.transaction(() => {
        sqlite.exec(text);
        if (rebuild && sqlite.query("PRAGMA foreign_key_check").all().length > 0)
          throw new Error("the rebuilt tables break foreign keys");
        sqlite.query("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(name, now);
      })();
    } catch (err) {
      throw new MigrationError(`migration ${name} failed and was rolled back: ${(err as Error).message}`);
    } finally {
      if (rebuild) sqlite.exec("PRAGMA foreign_keys = ON");
    }
  }
  return pending;
}
