// /healthz for load balancers and compose's health check. Anyone can read it, so it says only what
// is up; the reasons (socket paths, engine errors) are in the log and on the admin's System page.
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", (c) => {
  const { sqlite, version, sandbox, logger } = c.var.ctx;
  let database = "ok";
  try {
    sqlite.query("SELECT 1").get();
  } catch (err) {
    logger.error({ err }, "health check: the database does not answer");
    database = "error";
  }
  const ok = database === "ok";
  // The sandbox being down degrades Slate (no runs) but does not make it unhealthy: pages still work.
  const state = sandbox ? sandbox.status().state : "disabled";
  const status = ok && (state === "ready" || state === "disabled") ? "ok" : "degraded";
  return c.json({ status, version, database, sandbox: { state } }, ok ? 200 : 503);
});
