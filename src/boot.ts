// Builds an AppContext from a Config: data directory, app secret, database with migrations.
// main.ts uses it for the server; tests use it with a temporary data directory.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { createDb, openSqlite } from "./db/connection.ts";
import { migrate } from "./db/migrate.ts";
import { AiClient } from "./features/ai/client.ts";
import { ShellService } from "./features/execution/shells.ts";
import { LmsService } from "./features/lms/service.ts";
import { RunRegistry } from "./features/playground/runs.ts";
import { GradingService } from "./grading/service.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { type Clock, systemClock } from "./lib/clock.ts";
import { EventBus } from "./lib/events.ts";
import { migrationsDir, sandboxDir } from "./lib/paths.ts";
import { Presence } from "./lib/presence.ts";
import { RateLimits } from "./lib/rate-limits.ts";
import { StreamRegistry } from "./lib/stream-registry.ts";
import { randomToken } from "./lib/tokens.ts";
import { version } from "./lib/version.ts";
import { createSandbox, type Sandbox } from "./sandbox/index.ts";

/** SLATE_SECRET when given; otherwise one generated at first start and kept in the data dir. */
export function loadSecret(config: Config): string {
  if (config.secret) return config.secret;
  const path = join(config.dataDir, "secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const secret = randomToken(32);
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

/** Names this instance's sandbox containers; kept in the data dir so a restart finds its orphans. */
function loadInstanceId(dataDir: string): string {
  const path = join(dataDir, "instance-id");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const id = randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x");
  writeFileSync(path, `${id}\n`);
  return id;
}

function createSandboxFor(config: Config, logger: Logger): Sandbox | null {
  if (!config.sandbox.enabled) return null;
  return createSandbox({
    instanceId: loadInstanceId(config.dataDir),
    logger: logger.child({ component: "sandbox" }),
    min: config.sandbox.min,
    max: config.sandbox.max,
    memoryMb: config.sandbox.memoryMb,
    cpus: config.sandbox.cpus,
    queueLimit: config.sandbox.queueLimit,
    sandboxDir,
  });
}

/** The shells' own pool: a shell holds its container while open, so it never takes one from runs. */
function createShellService(config: Config, logger: Logger): ShellService {
  const { perUser, total, idleMinutes } = config.shells;
  const sandbox = config.sandbox.enabled
    ? createSandbox({
        instanceId: `${loadInstanceId(config.dataDir)}-shells`,
        logger: logger.child({ component: "shell-sandbox" }),
        min: 0,
        max: total,
        memoryMb: config.sandbox.memoryMb,
        cpus: config.sandbox.cpus,
        queueLimit: total,
        holdsContainers: true,
        sandboxDir,
      })
    : null;
  return new ShellService(sandbox, {
    perUser,
    total,
    idleMs: idleMinutes * 60_000,
    memoryMb: config.sandbox.memoryMb,
  });
}

export function createContext(config: Config, logger: Logger, clock: Clock = systemClock): AppContext {
  mkdirSync(config.dataDir, { recursive: true });
  const sqlite = openSqlite(join(resolve(config.dataDir), "slate.db"));
  const applied = migrate(sqlite, migrationsDir, clock.now());
  if (applied.length > 0) logger.info({ applied }, "database migrated");
  const db = createDb(sqlite);
  const sandbox = createSandboxFor(config, logger);
  const events = new EventBus((err) => logger.error({ err }, "event handler failed"));
  const grading = new GradingService({ db, sandbox, logger, clock, events }, config.sandbox.max);
  const secret = loadSecret(config);
  return {
    config,
    sqlite,
    db,
    logger,
    clock,
    secret,
    version,
    sandbox,
    events,
    grading,
    runs: new RunRegistry(),
    shells: createShellService(config, logger),
    presence: new Presence(events),
    rateLimits: new RateLimits(),
    streams: new StreamRegistry(),
    scheduler: new Scheduler({ db, clock, logger, events }),
    ai: new AiClient({ db, clock, logger: logger.child({ component: "ai" }), secret, env: config.ai }),
    lms: new LmsService(logger.child({ component: "lms" })),
  };
}
