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
  if (!sandbox) throw new TraceUnavailableError("Code execution is turned off on this Slate server.");
  const chunks: string[] = [];
  const handle = sandbox.run(buildTraceJob(req), { onStdout: (s) => chunks.push(s) });
  const result = await handle.result;
  if (result.error && chunks.length === 0) throw new TraceUnavailableError(result.error);
  return assemble(req, chunks.join(""), result);
}

/** The tracer's lines as a compact trace, with a last point for a job that did not finish. */
export function assemble(req: TraceRequest, stdout: string, result: JobResult): CompactTrace {
  const points: CompactPoint[] = [];
  let finished = false;
  for (const line of stdout.split("\n")) {
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a line cut short when the job was killed
    }
    if (!value || typeof value !== "object") continue;
    if ("done" in value) finished = true;
    else if ("e" in value) points.push(value as CompactPoint);
  }
  if (!finished) points.push(stopPoint(points.at(-1), result, req));
  return { v: 1, main: req.main, files: req.files, points };
}

function stopPoint(last: CompactPoint | undefined, result: JobResult, req: TraceRequest): CompactPoint {
  const { limit, message } = whyStopped(result, req);
  return { e: "instruction_limit_reached", l: last?.l ?? 1, fn: last?.fn ?? "<module>", x: message, limit };
}

function whyStopped(result: JobResult, req: TraceRequest): { limit: string; message: string } {
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
