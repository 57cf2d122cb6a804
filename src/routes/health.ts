import { Hono } from "hono";
import type { AppEnv } from "../context.ts";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", (c) => {
  const { sqlite, version } = c.var.ctx;
  let database = "ok";
  try {
    sqlite.query("SELECT 1").get();
  } catch (err) {
    database = `error: ${(err as Error).message}`;
  }
  const ok = database === "ok";
  return c.json({ status: ok ? "ok" : "degraded", version, database }, ok ? 200 : 503);
});
