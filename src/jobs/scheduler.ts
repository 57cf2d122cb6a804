// Periodic work, on croner's schedules: expired sessions and expired bulk-import sheets (which hold
// temporary passwords) are deleted. Started by main.ts after the server listens, stopped on
// shutdown; tests call runOnce() with their own clock.
import { Cron } from "croner";
import type { Logger } from "pino";
import type { Db } from "../db/connection.ts";
import { submitExpiredAttempts } from "../features/assessments/attempts.ts";
import { deleteExpiredImports } from "../features/student-import/import-sheets.ts";
import type { Clock } from "../lib/clock.ts";
import type { EventBus } from "../lib/events.ts";
import { deleteExpiredSessions } from "../models/session.ts";

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** For jobs whose work others watch live (auto-submitted attempts). */
  events?: EventBus;
}

interface Job {
  name: string;
  /** croner pattern (seconds minutes hours ...). */
  pattern: string;
  run(deps: SchedulerDeps): Promise<void>;
}

const JOBS: Job[] = [
  {
    name: "purge expired sessions",
    pattern: "0 */10 * * * *",
    run: (d) => deleteExpiredSessions(d.db, d.clock.now()),
  },
  {
    name: "purge expired import sheets",
    pattern: "30 */10 * * * *",
    run: (d) => deleteExpiredImports(d.db, d.clock.now()),
  },
  {
    // Requests submit an expired attempt too; this catches the ones nobody looks at.
    name: "submit assessment attempts whose time is up",
    pattern: "*/5 * * * * *",
    run: (d) => submitExpiredAttempts(d).then(() => undefined),
  },
];

export class Scheduler {
  private crons: Cron[] = [];

  constructor(private deps: SchedulerDeps) {}

  start(): void {
    if (this.crons.length > 0) return;
    this.crons = JOBS.map(
      (job) => new Cron(job.pattern, { name: job.name, protect: true, unref: true }, () => this.run(job)),
    );
  }

  stop(): void {
    for (const cron of this.crons) cron.stop();
    this.crons = [];
  }

  /** Runs every job once now (tests; and what a tick does). */
  async runOnce(): Promise<void> {
    for (const job of JOBS) await this.run(job);
  }

  private async run(job: Job): Promise<void> {
    try {
      await job.run(this.deps);
    } catch (err) {
      this.deps.logger.error({ err, job: job.name }, "scheduled job failed");
    }
  }
}
