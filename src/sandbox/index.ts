// Slate's sandbox engine: runs untrusted Python in a warm pool of hardened Docker containers.
//
//   const sandbox = createSandbox({ instanceId, logger, min, max, memoryMb, cpus, queueLimit });
//   void sandbox.start();              // never throws; builds the image if missing, then warms the pool
//   const run = sandbox.run({ files: [{ name: "main.py", content }], main: "main.py", userKey: userId },
//     { onStdout: (s) => ..., onStderr: (s) => ..., onQueued: (pos) => ..., onStart: () => ... });
//   run.sendStdin("42\n");             // interactive stdin when `stdin` was not given
//   const result = await run.result;   // never rejects; sandbox failures are result.error / errorKind
//   sandbox.status();                  // state, reason, image, metrics: for /healthz and the admin page
//   await sandbox.stop();              // on SIGTERM: fails what waits, removes every container
//
// run() throws SandboxInputError (message meant for the user) on bad input, before Docker is involved.
// While the image builds (state "building") jobs wait in the queue; while Docker is unreachable
// (state "unavailable", reason says why) they fail at once with errorKind "unavailable" (a message
// without engine details), and the pool pings the engine every second and reconnects once it answers
// (a connect that fails although the engine answers backs off, 1 s doubling to 30 s). A full queue
// gives errorKind "busy".
//
// Per-user concurrency: jobs with the same userKey run one at a time, in order; a second job waits in
// the queue (onQueued reports its position) until the first ends. To "restart", cancel the first.
//
// Containers are labelled slate.instance=<instanceId>. start() removes all containers with that label,
// so pass an id that is stable across restarts of the same Slate (e.g. stored in the data directory)
// and distinct between Slate instances sharing one engine. Design notes: sandbox/supervisor.py.
import { SandboxPool } from "./pool.ts";
import type { JobEvents, JobInput, RunHandle, SandboxOptions, SandboxStatus } from "./types.ts";

export type * from "./types.ts";
export { SandboxInputError } from "./validate.ts";

export interface Sandbox {
  /** Removes this instance's leftover containers, builds the image if missing, warms the pool.
   *  Resolves once ready or known unavailable (it keeps retrying in the background); never rejects. */
  start(): Promise<void>;
  /** Fails queued jobs (errorKind "stopped"), stops running ones, removes all containers. */
  stop(): Promise<void>;
  /** Validates (throws SandboxInputError) and queues a job. */
  run(job: JobInput, events?: JobEvents): RunHandle;
  status(): SandboxStatus;
}

export function createSandbox(options: SandboxOptions): Sandbox {
  return new SandboxPool(options);
}
