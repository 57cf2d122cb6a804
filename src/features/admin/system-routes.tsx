import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { SandboxCard, SystemPage } from "./views/system.tsx";

export const systemRoutes = new Hono<AppEnv>()
  .get("/", (c) => {
    const { config, sqlite, version, sandbox } = c.var.ctx;
    const info = {
      version,
      uptimeSeconds: Math.round(process.uptime()),
      databaseBytes: sqlite.filename ? fileSize(sqlite.filename) : 0,
      dataDir: resolve(config.dataDir),
    };
    return c.render(<SystemPage info={info} sandbox={sandbox?.status() ?? null} />, { title: "System" });
  })
  .get("/sandbox", (c) => c.html(<SandboxCard status={c.var.ctx.sandbox?.status() ?? null} />));

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
