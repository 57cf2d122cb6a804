// The durable grading queue. A submission is stored as "queued" before anything runs; workers claim
// the oldest one, run all its tests in ONE sandbox job and write the score once (for the round they
// claimed). After a crash, start() puts interrupted gradings back in the queue.
import type { Logger } from "pino";
import type { Db } from "../db/connection.ts";
import type { Problem, Submission, Task, TestCase } from "../db/tables/problems.ts";
import type { Clock } from "../lib/clock.ts";
import type { EventBus } from "../lib/events.ts";
import { selectProblemWithTask, selectTests } from "../models/problem.ts";
import { selectDataJobFiles } from "../models/problem-data-files.ts";
import {
  claimNextSubmission,
  type GradingWrite,
  requeueInterrupted,
  requeueSubmission,
  writeGrading,
} from "../models/submission.ts";
import { type JobFile, type RunHandle, type Sandbox, SandboxInputError } from "../sandbox/index.ts";
import { buildGradingJob, type GradeResult, gradeJobOutput } from "./job.ts";
import { applyPenalty } from "./late.ts";

export interface GradingDeps {
  db: Db;
  sandbox: Sandbox | null;
  logger: Logger;
  clock: Clock;
  events: EventBus;
}

export class SandboxUnavailableError extends Error {}

type ProblemWithTask = { problem: Problem; task: Task | null };

export interface RunTestsOptions {
  /**
   * Whose code it is: one user's jobs run one at a time, so a submission's hidden tests never run
   * beside the same student's "Run tests", which could watch them through the shared machine.
   */
  userKey?: string;
  onStart?: (handle: RunHandle) => void;
  /** The problem's data files (selectDataJobFiles), read-only in the working directory. */
  dataFiles?: JobFile[];
}

/**
 * Runs tests of a problem against files, without storing anything ("Run tests", reference solutions).
 * Throws SandboxUnavailableError when the sandbox cannot run it, SandboxInputError for files it refuses.
 */
export async function runTests(
  sandbox: Sandbox | null,
  problem: Problem,
  tests: TestCase[],
  files: JobFile[],
  mainFile: string,
  { userKey, onStart, dataFiles }: RunTestsOptions = {},
): Promise<GradeResult> {
  if (!sandbox) throw new SandboxUnavailableError("Code execution is turned off on this server.");
  let stdout = "";
  const job = { ...buildGradingJob(problem, tests, files, mainFile, dataFiles), userKey };
  const handle = sandbox.run(job, {
    onStdout: (chunk) => {
      stdout += chunk;
    },
  });
  onStart?.(handle);
  const result = await handle.result;
  if (result.error) throw new SandboxUnavailableError(result.error);
  return gradeJobOutput(problem, tests, stdout, result);
}

export class GradingService {
  private running = false;
  private wake: (() => void) | null = null;
  private workers: Promise<void>[] = [];
  private inFlight = new Set<RunHandle>();

  constructor(
    private deps: GradingDeps,
    private concurrency: number,
  ) {}

  /** Re-queues interrupted gradings and starts the workers. */
  async start(): Promise<void> {
    if (this.running) return;
    const resumed = await requeueInterrupted(this.deps.db);
    if (resumed > 0) this.deps.logger.info({ resumed }, "grading: resuming interrupted gradings");
    this.running = true;
    this.workers = Array.from({ length: this.concurrency }, () => this.work());
  }

  /** Something was queued: wake the workers. */
  notify(): void {
    this.wake?.();
  }

  /** Stops claiming; gradings in flight are abandoned unwritten and resume at the next start(). */
  async stop(): Promise<void> {
    this.running = false;
    for (const handle of this.inFlight) handle.cancel();
    this.notify();
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const sub = await claimNextSubmission(this.deps.db, this.deps.clock.now());
      if (!sub) {
        await new Promise<void>((resolve) => {
          const previous = this.wake;
          this.wake = () => {
            previous?.();
            resolve();
          };
          setTimeout(resolve, 5000).unref?.(); // a safety net; normally notify() wakes us at once
        });
        this.wake = null;
        continue;
      }
      await this.grade(sub).catch((err) =>
        this.deps.logger.error({ err, submission: sub.id }, "grading failed"),
      );
    }
  }

  private async grade(sub: Submission): Promise<void> {
    const found = await selectProblemWithTask(this.deps.db, sub.problem_id);
    if (!found) return;
    const tests = await selectTests(this.deps.db, sub.problem_id);
    let result: GradeResult;
    let handle: RunHandle | undefined;
    try {
      result = await runTests(this.deps.sandbox, found.problem, tests, JSON.parse(sub.files), sub.main_file, {
        userKey: `user:${sub.user_id}`,
        dataFiles: await selectDataJobFiles(this.deps.db, found.problem.id),
        onStart: (h) => {
          handle = h;
          this.inFlight.add(h);
        },
      });
    } catch (err) {
      if (err instanceof SandboxInputError) return this.refuse(sub, found, err.message);
      if (!this.running) return; // stopped mid-job: leave it "running", it resumes at the next start
      // The sandbox failed (not the student's code): keep it queued and retry shortly.
      this.deps.logger.warn({ err, submission: sub.id }, "grading: sandbox failure, will retry");
      await requeueSubmission(this.deps.db, sub.id);
      await Bun.sleep(1000);
      return;
    } finally {
      if (handle) this.inFlight.delete(handle);
    }
    if (!this.running) return;
    const score = applyPenalty(result.rawScore, sub.late_penalty_pct);
    await this.finish(sub, found, {
      status: "graded",
      rawScore: result.rawScore,
      maxScore: result.maxScore,
      score,
      results: JSON.stringify(result),
      error: null,
      gradedAt: this.deps.clock.now(),
    });
  }

  /**
   * Files the sandbox refuses (a name or size the submit form let through) can never be graded:
   * retrying would block the queue for everyone, so the submission ends as an error that says why.
   */
  private async refuse(sub: Submission, found: ProblemWithTask, message: string): Promise<void> {
    this.deps.logger.warn({ submission: sub.id, reason: message }, "grading: the sandbox refused the files");
    await this.finish(sub, found, {
      status: "error",
      rawScore: null,
      maxScore: null,
      score: null,
      results: null,
      error: `The sandbox refused these files: ${message}.`,
      gradedAt: this.deps.clock.now(),
    });
  }

  private async finish(sub: Submission, found: ProblemWithTask, write: GradingWrite): Promise<void> {
    if (!(await writeGrading(this.deps.db, sub, write))) return;
    const { task } = found;
    if (!task) {
      // A practice catalog problem: no section, so the section streams never hear of it.
      this.deps.events.emit("practice:graded", {
        submissionId: sub.id,
        problemId: sub.problem_id,
        userId: sub.user_id,
      });
      return;
    }
    this.deps.events.emit("submission:graded", {
      submissionId: sub.id,
      problemId: found.problem.id,
      taskId: task.id,
      sectionId: task.section_id,
      userId: sub.user_id,
    });
  }
}
