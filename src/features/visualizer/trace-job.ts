// One trace = one ordinary sandbox job whose main file is sandbox/tracer.py (sent beside the user's
// files, as grading sends its harness), so every limit and all of the sandbox's hardening apply as
// for a run. The tracer writes one compact point per line as it goes; a job stopped by a limit still
// leaves the points up to there, and this module adds the last one saying why.
import tracerSource from "../../../sandbox/tracer.py" with { type: "text" };
import type { JobFile, JobInput, JobResult, Sandbox } from "../../sandbox/index.ts";
import type { CompactPoint, CompactTrace } from "./codec.ts";

export const TRACER_FILE = "_slate_tracer.py";
/** Characters of program output kept in a trace; the rest is cut with a note. */
export const TRACE_OUTPUT_CAP = 64 * 1024;
/** The compact trace of 10,000 points is far below this; it bounds a pathological one. */
const TRACE_BYTES = 16 * 1024 * 1024;

export interface TraceRequest {
  files: JobFile[];
  main: string;
  /** The program's input, given up front (input() reads it). */
  stdin?: string;
  maxSteps: number;
  heapPrimitives?: boolean;
  /** Trace a call of this function after the module ran (a function problem's test). */
  /** args as JSON values, or argsSource as the Python values a teacher wrote (evaluated in the sandbox). */
  call?: { function: string; args?: unknown[]; argsSource?: string };
  userKey?: string;
  /** Default: the sandbox's own (10 s wall, 5 s CPU). */
  wallSeconds?: number;
}

export class TraceUnavailableError extends Error {}

export function buildTraceJob(req: TraceRequest): JobInput {
  const config = JSON.stringify({
    main: req.main,
    files: req.files.map((f) => f.name),
    maxSteps: req.maxSteps,
    heapPrimitives: req.heapPrimitives ?? false,
    outputCap: TRACE_OUTPUT_CAP,
    call: req.call ?? null,
  });
  return {
    files: [...req.files, { name: TRACER_FILE, content: tracerSource }],
    main: TRACER_FILE,
    stdin: `${Buffer.byteLength(config, "utf8")}\n${config}${req.stdin ?? ""}`,
    mode: "run",
    limits: { outputBytes: TRACE_BYTES, ...(req.wallSeconds ? { wallSeconds: req.wallSeconds } : {}) },
    ...(req.userKey ? { userKey: req.userKey } : {}),
  };
}

/** Runs the trace. Throws SandboxInputError (bad files) or TraceUnavailableError (no sandbox). */
export async function traceProgram(sandbox: Sandbox | null, req: TraceRequest): Promise<CompactTrace> {
  return JSON.parse(await traceProgramJson(sandbox, req)) as CompactTrace;
}

/** The trace as the JSON text of a CompactTrace, never held parsed whole (see assembleJson). */
export async function traceProgramJson(sandbox: Sandbox | null, req: TraceRequest): Promise<string> {
  if (!sandbox) throw new TraceUnavailableError("Code execution is turned off on this Slate server.");
  const chunks: string[] = [];
  const handle = sandbox.run(buildTraceJob(req), { onStdout: (s) => chunks.push(s) });
  const result = await handle.result;
  if (result.error && chunks.length === 0) throw new TraceUnavailableError(result.error);
  return assembleJson(req, chunks.join(""), result);
}

/** The tracer's lines as a compact trace, with a last point for a job that did not finish. */
export function assemble(req: TraceRequest, stdout: string, result: JobResult): CompactTrace {
  return JSON.parse(assembleJson(req, stdout, result)) as CompactTrace;
}

/**
 * A point line longer than this ends the trace: parsed, JSON takes up to ~25 times its size in
 * memory, and the user's code can write anything on the tracer's channel (it shares the process).
 */
const POINT_LINE_CHARS = 2 * 1024 * 1024;

type Stop = { limit: string; message: string };

/**
 * The tracer's lines joined into a CompactTrace's JSON text. Each line is parsed only to check it
 * and then dropped, so host memory stays near the output's own size. The server's step limit is
 * enforced here too: the user's code can raise the tracer's copy or write points itself.
 */
export function assembleJson(req: TraceRequest, stdout: string, result: JobResult): string {
  const points: string[] = [];
  let last: { l: number; fn: string } | undefined;
  let stop: Stop | null = null;
  let finished = false;
  for (const line of stdout.split("\n")) {
    if (!line) continue;
    if (line.length > POINT_LINE_CHARS) {
      stop = { limit: "output", message: "Stopped: the trace grew too large to keep." };
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a line cut short when the job was killed
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    if ("done" in value) {
      finished = true;
      break;
    }
    if (!("e" in value)) continue;
    const point = value as Partial<CompactPoint>;
    if (points.length >= req.maxSteps) {
      // The tracer's own last point at the step limit is kept; anything beyond it is not.
      if (point.limit === "steps") points.push(line);
      else stop = stepLimit(req.maxSteps);
      finished = point.limit === "steps";
      break;
    }
    points.push(line);
    last = {
      l: typeof point.l === "number" ? point.l : 1,
      fn: typeof point.fn === "string" ? point.fn : "<module>",
    };
  }
  if (!finished) points.push(JSON.stringify(stopPoint(last, stop ?? whyStopped(result, req))));
  return `{"v":1,"main":${JSON.stringify(req.main)},"files":${JSON.stringify(req.files)},"points":[${points.join(",")}]}`;
}

function stepLimit(max: number): Stop {
  return {
    limit: "steps",
    message: `Stopped after ${max} steps (the step limit): the program may loop forever.`,
  };
}

function stopPoint(last: { l: number; fn: string } | undefined, { limit, message }: Stop): CompactPoint {
  return { e: "instruction_limit_reached", l: last?.l ?? 1, fn: last?.fn ?? "<module>", x: message, limit };
}

function whyStopped(result: JobResult, req: TraceRequest): Stop {
  if (result.timedOut) {
    const what = result.timedOut === "cpu" ? "CPU time" : "time";
    const seconds = req.wallSeconds ?? 10;
    return {
      limit: "time",
      message: `Stopped: the program ran past its ${what} limit${result.timedOut === "wall" ? ` (${seconds} s)` : ""}. This is how far it got.`,
    };
  }
  if (result.memoryExceeded) return { limit: "memory", message: "Stopped: the program ran out of memory." };
  if (result.truncated) return { limit: "output", message: "Stopped: the trace grew too large to keep." };
  if (result.error) return { limit: "sandbox", message: `Stopped: ${result.error}` };
  return { limit: "sandbox", message: "Stopped: the program ended without finishing its trace." };
}
