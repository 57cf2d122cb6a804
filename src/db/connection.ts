// Opens the SQLite file with bun:sqlite and wraps it for Kysely's own SqliteDialect (better-sqlite3
// does not load under Bun). Statements go through `db.query()`, which caches them by SQL text.
import { Database as BunDatabase } from "bun:sqlite";
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from "kysely";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;

/** Runs `work` in the caller's transaction when `db` is one, else in a transaction of its own. */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export function openSqlite(path: string): BunDatabase {
  const sqlite = new BunDatabase(path, { create: true, strict: true });
  // busy_timeout first, so the pragmas below already wait for a concurrent writer.
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  return sqlite;
}

function adapt(sqlite: BunDatabase): SqliteDatabase {
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = sqlite.query(sql);
      const params = (p: ReadonlyArray<unknown>) => p as never[];
      return {
        reader: stmt.columnNames.length > 0,
        all: (p) => stmt.all(...params(p)),
        run: (p) => {
          const r = stmt.run(...params(p));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (p) => stmt.iterate(...params(p)),
      };
    },
  };
}

export interface QueryLog {
  onQuery?: (sql: string) => void;
}

export function createDb(sqlite: BunDatabase, log: QueryLog = {}): Db {
  const dialect = new SqliteDialect({ database: adapt(sqlite) });
  const onQuery = log.onQuery;
  if (!onQuery) return new Kysely<Database>({ dialect });
  return new Kysely<Database>({
    dialect,
    log: (e) => {
      if (e.level === "query") onQuery(e.query.sql);
    },
  });
}
