// Forward-only migrations: numbered .sql files applied in order, each inside its own transaction with
// bun:sqlite exec() (Kysely's sql.raw would run only the first statement). Applied names are recorded.
import type { Database as BunDatabase } from "bun:sqlite";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export class MigrationError extends Error {}

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
    try {
      sqlite.transaction(() => {
        sqlite.exec(text);
        sqlite.query("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(name, now);
      })();
    } catch (err) {
      throw new MigrationError(`migration ${name} failed and was rolled back: ${(err as Error).message}`);
    }
  }
  return pending;
}
