// A real Slate app over a real SQLite file in a temporary data dir, for app.request() tests.
// The schema is migrated once per test process into a template file that each app copies.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "../../src/app.tsx";
import { createContext } from "../../src/boot.ts";
import { loadConfig } from "../../src/config.ts";
import type { AppContext } from "../../src/context.ts";
import { openSqlite } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import type { Clock } from "../../src/lib/clock.ts";
import { migrationsDir } from "../../src/lib/paths.ts";

let template: string | undefined;
function templateDb(): string {
  if (template) return template;
  const dir = mkdtempSync(join(tmpdir(), "slate-template-"));
  const path = join(dir, "slate.db");
  const sqlite = openSqlite(path);
  migrate(sqlite, migrationsDir);
  sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite.close();
  template = path;
  return path;
}

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(public ms = Date.UTC(2026, 8, 1, 9, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  ctx: AppContext;
  clock: TestClock;
  dataDir: string;
  close(): void;
}

/** How many rows a table of the app's database holds. */
export function countRows(t: TestApp, table: string): number {
  return t.ctx.sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
}

export function createTestApp(env: Record<string, string> = {}): TestApp {
  const dataDir = mkdtempSync(join(tmpdir(), "slate-test-"));
  copyFileSync(templateDb(), join(dataDir, "slate.db"));
  const config = loadConfig({
    SLATE_DATA_DIR: dataDir,
    SLATE_SANDBOX: "false",
    SLATE_TRUST_PROXY: "true",
    ...env,
  });
  const clock = new TestClock();
  const ctx = createContext(config, pino({ level: "silent" }), clock);
  return {
    app: createApp(ctx),
    ctx,
    clock,
    dataDir,
    close() {
      ctx.sqlite.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
