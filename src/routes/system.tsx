import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Hono } from "hono";
import { SystemPage } from "../../views/admin/system.tsx";
import type { AppEnv } from "../context.ts";

export const systemRoutes = new Hono<AppEnv>().get("/", (c) => {
  const { config, sqlite, version } = c.var.ctx;
  const info = {
    version,
    uptimeSeconds: Math.round(process.uptime()),
    databaseBytes: sqlite.filename ? safeSize(sqlite.filename) : 0,
    dataDir: resolve(config.dataDir),
  };
  return c.render(<SystemPage info={info} />, { title: "System" });
});

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
