// The run session buffer with a scripted stand-in for the sandbox: merging of output, cursors for
// late and resuming readers, the bound on events, ownership, and stopping a user's previous run.
import { describe, expect, test } from "bun:test";
import { parseCursor, RunRegistry, START } from "../../src/features/playground/runs.ts";
import type { JobEvents, JobInput, JobResult, RunHandle, Sandbox } from "../../src/sandbox/index.ts";

const LIMITS = { wallSeconds: 120, cpuSeconds: 10, memoryMb: 256, outputBytes: 512 * 1024 };

interface FakeJob {
  input: JobInput;
  events: JobEvents;
  finish(result?: Partial<JobResult>): void;
  cancelled: number;
}

function fakeSandbox(): { sandbox: Sandbox; jobs: FakeJob[] } {
  const jobs: FakeJob[] = [];
  const sandbox = {
    run(input: JobInput, events: JobEvents = {}): RunHandle {
      let resolve!: (r: JobResult) => void;
      const result = new Promise<JobResult>((r) => {
        resolve = r;
      });
      const job: FakeJob = {
        input,
        events,
        cancelled: 0,
        finish: (over = {}) =>
          resolve({
            exitCode: 0,
            signal: null,
            timedOut: null,
            memoryExceeded: false,
            peakMemoryKb: 1,
            cpuMs: 1,
            wallMs: 1,
            truncated: false,
            cancelled: false,
            ...over,
          }),
      };
      jobs.push(job);
      return {
        id: String(jobs.length),
        result,
        sendStdin: () => {},
        closeStdin: () => {},
        cancel: () => {
          job.cancelled++;
          job.finish({ exitCode: null, cancelled: true });
        },
      };
    },
  } as unknown as Sandbox;
  return { sandbox, jobs };
}

const files = [{ name: "main.py", content: "print(1)" }];
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("run sessions", () => {
  test("output of one stream is merged; a late reader gets everything once; the cursor resumes exactly", async () => {
    const { sandbox, jobs } = fakeSandbox();
    const session = new RunRegistry().start(sandbox, 1, LIMITS, files, "main.py");
    const job = jobs[0]!;
    job.events.onStart?.();
    job.events.onStdout?.("a");
    job.events.onStdout?.("b\n");
    const first = session.read(START);
    expect(first.messages.map((m) => [m.event, m.data])).toEqual([
      ["started", "{}"],
      ["stdout", '"ab\\n"'],
    ]);
    // More text in the same event: a reader at the cursor gets only the new part.
    job.events.onStdout?.("c");
    job.events.onStderr?.("oops\n");
    const second = session.read(first.cursor);
    expect(second.messages.map((m) => m.data)).toEqual(['"c"', '"oops\\n"']);
    // The SSE id of a message is a cursor: resuming from it repeats nothing.
    const resumed = session.read(parseCursor(first.messages[1]!.id));
    expect(resumed.messages.map((m) => m.data)).toEqual(['"c"', '"oops\\n"']);
    expect(session.read(second.cursor).messages).toEqual([]);
    expect(second.done).toBe(false);

    job.finish({ exitCode: 0 });
    await flush();
    const last = session.read(second.cursor);
    expect(last.messages.map((m) => m.event)).toEqual(["exit"]);
    expect(JSON.parse(last.messages[0]!.data)).toMatchObject({ exitCode: 0, limits: LIMITS });
    expect(last.done).toBe(true);
    // A reader from the start sees the whole run, the stdout event with all of its text.
    const whole = session.read(START).messages;
    expect(whole.map((m) => m.event)).toEqual(["started", "stdout", "stderr", "exit"]);
    expect(JSON.parse(whole[1]!.data)).toBe("ab\nc");
  });

  test("a reader waiting is woken by output; wait() times out when nothing comes", async () => {
    const { sandbox, jobs } = fakeSandbox();
    const session = new RunRegistry().start(sandbox, 1, LIMITS, files, "main.py");
    expect(await session.wait(5)).toBe(false);
    const woken = session.wait(10_000);
    jobs[0]!.events.onStdout?.("x");
    expect(await woken).toBe(true);
  });

  test("events are bounded: past the bound output is dropped and the exit says truncated", async () => {
    const { sandbox, jobs } = fakeSandbox();
    const session = new RunRegistry().start(sandbox, 1, LIMITS, files, "main.py");
    const job = jobs[0]!;
    for (let i = 0; i < 5000; i++) {
      if (i % 2) job.events.onStdout?.("o");
      else job.events.onStderr?.("e");
    }
    job.finish();
    await flush();
    const all = session.read(START).messages;
    expect(all.length).toBeLessThanOrEqual(4001);
    expect(JSON.parse(all[all.length - 1]!.data).truncated).toBe(true);
  });

  test("a run belongs to its user; a new run of the same user stops the previous one", async () => {
    const { sandbox, jobs } = fakeSandbox();
    const registry = new RunRegistry();
    const first = registry.start(sandbox, 1, LIMITS, files, "main.py");
    const other = registry.start(sandbox, 2, LIMITS, files, "main.py");
    expect(registry.get(first.id, 1)).toBe(first);
    expect(registry.get(first.id, 2)).toBeUndefined();
    expect(registry.get("nope", 1)).toBeUndefined();

    jobs[0]!.events.onQueued?.(1); // waiting in the queue: dropped at once
    registry.start(sandbox, 1, LIMITS, files, "main.py");
    await flush();
    expect(jobs[0]!.cancelled).toBe(1);
    expect(jobs[1]!.cancelled).toBe(0); // another user's run is untouched
    const exit = first.read(START).messages.at(-1)!;
    expect(JSON.parse(exit.data)).toMatchObject({ cancelled: true, stopReason: "replaced" });
    expect(other.done).toBe(false);
  });

  test("a stop before the job started waits for the start, then cancels", async () => {
    const { sandbox, jobs } = fakeSandbox();
    const session = new RunRegistry().start(sandbox, 1, LIMITS, files, "main.py");
    session.stop();
    expect(jobs[0]!.cancelled).toBe(0);
    jobs[0]!.events.onStart?.();
    await new Promise((r) => setTimeout(r, 150));
    expect(jobs[0]!.cancelled).toBe(1);
    expect(session.done).toBe(true);
  });

  test("a bad job is refused before anything is registered", () => {
    const registry = new RunRegistry();
    const sandbox = {
      run: () => {
        throw new Error("bad input");
      },
    } as unknown as Sandbox;
    expect(() => registry.start(sandbox, 1, LIMITS, files, "main.py")).toThrow("bad input");
  });

  test("Last-Event-ID parsing accepts only our ids", () => {
    expect(parseCursor("3.17")).toEqual({ index: 3, offset: 17 });
    expect(parseCursor(undefined)).toEqual(START);
    expect(parseCursor("abc")).toEqual(START);
    expect(parseCursor("1.2.3")).toEqual(START);
  });
});
