import { Hono } from "hono";
import type { AppEnv } from "../context.ts";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", (c) => {
  const { sqlite, version, sandbox } = c.var.ctx;
  let database = "ok";
  try {
    sqlite.query("SELECT 1").get();
  } catch (err) {
    database = `error: ${(err as Error).message}`;
  }
  const ok = database === "ok";
  // The sandbox being down degrades Slate (no runs) but does not make it unhealthy: pages still work.
  const sandboxStatus = sandbox ? sandbox.status() : { state: "disabled" as const };
  const status =
    ok && (sandboxStatus.state === "ready" || sandboxStatus.state === "disabled") ? "ok" : "degraded";
  return c.json({ status, version, database, sandbox: sandboxStatus }, ok ? 200 : 503);
});
