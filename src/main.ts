// Entry point: read config, build the context, migrate, listen; drain and close on SIGTERM/SIGINT.
import { createApp } from "./app.tsx";
import { createContext } from "./boot.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { backupDatabase } from "./db/backup.ts";
import { MigrationError } from "./db/migrate.ts";
import { createLogger } from "./lib/logger.ts";

function fail(message: string, code: number): never {
  console.error(`slate: ${message}`);
  process.exit(code);
}

let config: ReturnType<typeof loadConfig>;
if (process.argv.includes("--healthcheck")) await healthcheck();
if (process.argv[2] === "backup") backup(process.argv[3]);
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message, 2);
  throw err;
}

const logger = createLogger(config.logLevel);
let ctx: ReturnType<typeof createContext>;
try {
  ctx = createContext(config, logger);
} catch (err) {
  if (err instanceof MigrationError) fail(err.message, 1);
  fail(`cannot open the data directory ${config.dataDir}: ${(err as Error).message}`, 1);
}

void ctx.sandbox?.start(); // builds the image if missing and warms the pool in the background; pages work meanwhile
ctx.lms.start(ctx); // LMS grade passback and API webhooks: listening before the first grading ends
await ctx.grading.start(); // resumes gradings a crash interrupted
ctx.scheduler.start(); // purges expired sessions and import sheets
const app = createApp(ctx);
const server = Bun.serve({
  port: config.port,
  hostname: config.host,
  fetch: app.fetch,
  idleTimeout: 30,
});
logger.info(
  {
    url: `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${server.port}`,
    version: ctx.version,
  },
  "Slate is listening",
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing open requests");
  ctx.scheduler.stop();
  ctx.streams.closeAll(); // live pages reconnect to the next server; an open stream would hold stop()
  ctx.runs.stopAll(); // playground runs end (their streams with them)
  await server.stop(); // stop accepting, wait for in-flight requests
  await ctx.grading.stop(); // gradings in flight resume at the next start
  await ctx.lms.stop(); // unsent scores stay queued in the database
  await ctx.sandbox?.stop(); // remove our containers
  await ctx.shells.stop(); // and the shells' containers
  ctx.sqlite.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

/** `slate --healthcheck`: for container health checks, which have no curl in a slim image. */
async function healthcheck(): Promise<never> {
  const port = process.env.SLATE_PORT ?? "3000";
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
    console.log(await res.text());
    process.exit(res.ok ? 0 : 1);
  } catch (err) {
    fail(`health check failed: ${(err as Error).message}`, 1);
  }
}

/** `slate backup [file]`: a consistent copy of the database, safe while the server runs. */
function backup(target: string | undefined): never {
  try {
    const dataDir = loadConfig().dataDir;
    console.log(`slate: backup written to ${backupDatabase(dataDir, target)}`);
    process.exit(0);
  } catch (err) {
    fail(`backup failed: ${(err as Error).message}`, 1);
  }
}
