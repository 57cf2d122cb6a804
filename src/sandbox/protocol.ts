// The JSON-lines protocol between the host and sandbox/supervisor.py (its docstring is the reference),
// and the decoding of Docker's multiplexed attach stream that carries it.
import { z } from "zod";
import type { JobLimits, JobMode } from "./types.ts";

export const PROTOCOL_VERSION = 1;
/** Longest line accepted from a supervisor: a 64 KiB output chunk, escaped, fits with room to spare. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export type HostMessage =
  | {
      type: "job";
      id: string;
      mode: JobMode;
      files: { name: string; content: string; encoding?: "base64"; readOnly?: boolean }[];
      main: string;
      stdin: string | null;
      limits: JobLimits & { processes: number };
    }
  | { type: "stdin"; id: string; data: string }
  | { type: "stdin_close"; id: string }
  | { type: "cancel"; id: string };

const resultSchema = z.object({
  type: z.literal("result"),
  id: z.string().nullable(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  timedOut: z.enum(["wall", "cpu"]).nullable().optional(),
  memoryExceeded: z.boolean().optional(),
  peakMemoryKb: z.number().optional(),
  cpuMs: z.number().optional(),
  wallMs: z.number().optional(),
  truncated: z.boolean().optional(),
  cancelled: z.boolean().optional(),
  clean: z.boolean(),
  anomalies: z.array(z.string()),
  error: z.string().optional(),
});

const supervisorMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), protocol: z.number(), python: z.string() }),
  z.object({ type: z.literal("started"), id: z.string() }),
  z.object({
    type: z.literal("output"),
    id: z.string(),
    stream: z.enum(["stdout", "stderr"]),
    data: z.string(),
  }),
  resultSchema,
  z.object({ type: z.literal("log"), message: z.string() }),
]);

export type SupervisorMessage = z.infer<typeof supervisorMessage>;
export type SupervisorResult = z.infer<typeof resultSchema>;

export function encodeMessage(msg: HostMessage): string {
  return `${JSON.stringify(msg)}\n`;
}

/** Parses one line from a supervisor; a malformed line is a protocol error (throws). */
export function parseSupervisorLine(line: string): SupervisorMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ProtocolError(`not JSON: ${line.slice(0, 80)}`);
  }
  const parsed = supervisorMessage.safeParse(value);
  if (!parsed.success) throw new ProtocolError(`unexpected message: ${line.slice(0, 80)}`);
  return parsed.data;
}

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/**
 * Splits Docker's attach stream (Tty false) into stdout and stderr payloads. Each frame is an 8-byte
 * header (stream type, 3 zero bytes, big-endian payload size) followed by the payload; frames arrive
 * split or glued together arbitrarily.
 */
export class DockerFrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: "stdout" | "stderr", payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 8) {
      const kind = this.buffer[0];
      const size = this.buffer.readUInt32BE(4);
      if (this.buffer.length < 8 + size) return;
      const payload = this.buffer.subarray(8, 8 + size);
      this.buffer = this.buffer.subarray(8 + size);
      if (kind === 1) this.onFrame("stdout", payload);
      else if (kind === 2) this.onFrame("stderr", payload);
      else if (kind !== 0) throw new ProtocolError(`bad attach frame type ${kind}`);
    }
  }
}

/** Turns a byte stream into complete UTF-8 lines (invalid bytes become U+FFFD), bounded in length. */
export class LineDecoder {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private readonly text = new TextDecoder("utf-8", { fatal: false });

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.partial.push(chunk.subarray(start, nl));
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      start = nl + 1;
      if (line.length) this.onLine(this.text.decode(line));
    }
    if (start < chunk.length) {
      this.partial.push(chunk.subarray(start));
      this.partialBytes += chunk.length - start;
      if (this.partialBytes > MAX_LINE_BYTES) throw new ProtocolError("line too long");
    }
  }
}
