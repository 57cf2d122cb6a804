// The real entry point: exit codes and messages for bad config and failed migrations, and a clean start.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "../../../src/db/connection.ts";
import { MigrationError, migrate } from "../../../src/db/migrate.ts";

const root = join(import.meta.dir, "../../..");

function runMain(env: Record<string, string>) {
  return Bun.spawnSync([process.execPath, "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdout: "pipe",
    stderr: "pipe",
    timeout: 10_000,
  });
}

describe("startup", () => {
  test("a bad environment value prints one line naming it and exits with code 2", () => {
    const r = runMain({ SLATE_PORT: "not-a-port", SLATE_DATA_DIR: mkdtempSync(join(tmpdir(), "slate-")) });
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.toString().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith("slate: SLATE_PORT:");
  });

  test("an empty data dir starts, migrates, writes a secret and serves the setup page", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "slate-"));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const proc = Bun.spawn([process.execPath, "src/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        SLATE_DATA_DIR: dataDir,
        SLATE_PORT: String(port),
        SLATE_SANDBOX: "false",
      },
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      let res: Response | undefined;
      for (let i = 0; i < 100 && !res; i++) {
        res = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).catch(() => undefined);
        if (!res) await Bun.sleep(100);
      }
      expect(res?.headers.get("location")).toBe("/setup");
      const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(health).toMatchObject({ status: "ok", database: "ok" });
      expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(["secret", "slate.db"]));
    } finally {
      proc.kill("SIGTERM");
      expect(await proc.exited).toBe(0); // graceful shutdown
    }
  });
});

describe("migrations", () => {
  test("a failing migration rolls back completely and says which one failed", () => {
    const dir = mkdtempSync(join(tmpdir(), "slate-mig-"));
    writeFileSync(join(dir, "0001_ok.sql"), "CREATE TABLE a (id INTEGER);");
    writeFileSync(join(dir, "0002_bad.sql"), "CREATE TABLE b (id INTEGER);\nINSERT INTO nowhere VALUES (1);");
    const sqlite = openSqlite(join(dir, "test.db"));
    expect(() => migrate(sqlite, dir)).toThrow(MigrationError);
    expect(() => migrate(sqlite, dir)).toThrow(/0002_bad\.sql failed and was rolled back/);
    const tables = sqlite
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all();
    expect(tables.map((t) => t.name).sort()).toEqual(["a", "schema_migrations"]);
    expect(sqlite.query("SELECT name FROM schema_migrations").all()).toEqual([{ name: "0001_ok.sql" }]);
  });

  test("applied migrations are recorded and not applied twice", () => {
    const dir = mkdtempSync(join(tmpdir(), "slate-mig-"));
    writeFileSync(join(dir, "0001_ok.sql"), "CREATE TABLE a (id INTEGER);");
    const sqlite = openSqlite(join(dir, "test.db"));
    expect(migrate(sqlite, dir)).toEqual(["0001_ok.sql"]);
    expect(migrate(sqlite, dir)).toEqual([]);
  });
});

describe("backup", () => {
  test("`slate backup` writes a consistent copy that opens with the same data", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "slate-"));
    const sqlite = openSqlite(join(dataDir, "slate.db"));
    migrate(sqlite, join(root, "migrations"));
    sqlite.exec(
      "INSERT INTO users (username, display_name, password_hash, role, created_at) VALUES ('ada', 'Ada', 'x', 'admin', 1)",
    );
    const target = join(dataDir, "copy.db");
    const b = Bun.spawnSync([process.execPath, "src/main.ts", "backup", target], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", SLATE_DATA_DIR: dataDir },
    });
    expect(b.stdout.toString()).toContain("backup written to");
    expect(b.exitCode).toBe(0);
    const copy = openSqlite(target);
    expect(copy.query("SELECT username FROM users").all()).toEqual([{ username: "ada" }]);
    sqlite.close();
  });
});
