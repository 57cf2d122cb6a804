// Entry point: read config, build the context, migrate, listen; drain and close on SIGTERM/SIGINT.
import { createApp } from "./app.tsx";
import { createContext } from "./boot.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { MigrationError } from "./db/migrate.ts";
import { createLogger } from "./lib/logger.ts";

function fail(message: string, code: number): never {
  console.error(`slate: ${message}`);
  process.exit(code);
}

let config: ReturnType<typeof loadConfig>;
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
  await server.stop(); // stop accepting, wait for in-flight requests
  ctx.sqlite.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
