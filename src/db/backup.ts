// A consistent copy of the live database (VACUUM INTO works while Slate is running under WAL).
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export function backupDatabase(dataDir: string, target?: string): string {
  const source = join(resolve(dataDir), "slate.db");
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const out = resolve(target ?? join(dataDir, "backups", `slate-${stamp}.db`));
  if (existsSync(out)) throw new Error(`${out} already exists`);
  mkdirSync(dirname(out), { recursive: true });
  const db = new Database(source, { readonly: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.query("VACUUM INTO ?").run(out);
  } finally {
    db.close();
  }
  return out;
}
