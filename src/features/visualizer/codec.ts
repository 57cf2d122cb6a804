// The trace in two forms. `Trace` is Python Tutor's documented execution-trace format
// (v3/docs/opt-trace-format.md: `code`, `trace[]` of execution points with `event`, `line`,
// `func_name`, `globals`, `ordered_globals`, `stack_to_render`, `heap`, `stdout`, `exception_msg`),
// plus Slate's own fields: `file` per point and frame, `files` and `main`, `limit` and `result`.
// `CompactTrace` is what sandbox/tracer.py writes and what travels to the browser: each point is a
// delta against the one before (changed globals, frames and heap objects only; a list with a few
// changed elements as a patch). decodeTrace() rebuilds the documented form; unchanged parts are
// shared between points, so 10,000 points of a program with a 200-element list stay small in memory.
// Pure: used by the server (npm run trace), the tests and the browser.

export type Ref = ["REF", number];
export type Value = null | number | string | boolean | Ref;
/** ["LIST", ...], ["DICT", [k, v], ...], ["INSTANCE", name, [attr, v], ...], ["FUNCTION", name, parent], … */
export type HeapObject = [string, ...unknown[]];

export type EventKind =
  | "step_line"
  | "call"
  | "return"
  | "exception"
  | "uncaught_exception"
  | "instruction_limit_reached";

export interface TraceFrame {
  func_name: string;
  /** Slate: the file the function is in. */
  file: string;
  frame_id: number;
  encoded_locals: Record<string, Value>;
  ordered_varnames: string[];
  is_highlighted: boolean;
  is_parent: boolean;
  is_zombie: boolean;
  parent_frame_id_list: number[];
  unique_hash: string;
}

export interface TracePoint {
  event: EventKind;
  /** The line about to run (Python Tutor's convention), in `file`. */
  line: number;
  func_name: string;
  /** Slate: the file of `line`. */
  file: string;
  globals: Record<string, Value>;
  ordered_globals: string[];
  stack_to_render: TraceFrame[];
  heap: Record<string, HeapObject>;
  /** Everything printed so far. */
  stdout: string;
  exception_msg?: string;
  /** Slate: why the trace stops here ("steps", "time", "memory", "output", "sandbox"). */
  limit?: string;
  /** Slate: the repr of a traced function call's return value (problem function tests). */
  result?: string;
}

export interface Trace {
  code: string;
  trace: TracePoint[];
  /** Slate: every file of the program, and which one ran as the main file. */
  files: { name: string; content: string }[];
  main: string;
}

export interface CompactPoint {
  e: EventKind;
  l: number;
  fn: string;
  /** File, when it differs from the previous point's. */
  f?: string;
  /** Output printed since the previous point. */
  o?: string;
  /** Globals added or changed, removed, and their order when it changed. */
  g?: Record<string, Value>;
  gx?: string[];
  go?: string[];
  /** Frame ids of stack_to_render, when they changed; frames added or changed. */
  s?: number[];
  fr?: Record<string, TraceFrame>;
  /** Heap objects added or changed (whole, or ["~", [index, value], ...]), and removed. */
  h?: Record<string, HeapObject | ["~", ...[number, unknown][]]>;
  hx?: number[];
  x?: string;
  limit?: string;
  result?: string;
}

export interface CompactTrace {
  v: 1;
  main: string;
  files: { name: string; content: string }[];
  points: CompactPoint[];
}

function applyHeap(prev: Record<string, HeapObject>, p: CompactPoint): Record<string, HeapObject> {
  if (!p.h && !p.hx) return prev;
  const heap: Record<string, HeapObject> = { ...prev };
  for (const id of p.hx ?? []) delete heap[String(id)];
  for (const [id, value] of Object.entries(p.h ?? {})) {
    if (value[0] === "~") {
      const next = [...(prev[id] ?? [])] as HeapObject;
      for (const change of value.slice(1) as [number, unknown][]) next[change[0]] = change[1];
      heap[id] = next;
    } else heap[id] = value as HeapObject;
  }
  return heap;
}

function applyGlobals(prev: Record<string, Value>, p: CompactPoint): Record<string, Value> {
  if (!p.g && !p.gx) return prev;
  const globals = { ...prev, ...p.g };
  for (const name of p.gx ?? []) delete globals[name];
  return globals;
}

/** Rebuilds Python Tutor's documented trace from the compact one. */
export function decodeTrace(compact: CompactTrace): Trace {
  const points: TracePoint[] = [];
  const frames = new Map<number, TraceFrame>();
  let globals: Record<string, Value> = {};
  let order: string[] = [];
  let stackIds: number[] = [];
  let stack: TraceFrame[] = [];
  let heap: Record<string, HeapObject> = {};
  let stdout = "";
  let file = compact.main;
  for (const p of compact.points) {
    if (p.f) file = p.f;
    if (p.o) stdout += p.o;
    globals = applyGlobals(globals, p);
    if (p.go) order = p.go;
    let stackChanged = false;
    if (p.fr) {
      for (const [id, frame] of Object.entries(p.fr)) frames.set(Number(id), frame);
      stackChanged = true;
    }
    if (p.s) {
      stackIds = p.s;
      stackChanged = true;
    }
    if (stackChanged) stack = stackIds.map((id) => frames.get(id)).filter((f): f is TraceFrame => !!f);
    heap = applyHeap(heap, p);
    const point: TracePoint = {
      event: p.e,
      line: p.l,
      func_name: p.fn,
      file,
      globals,
      ordered_globals: order,
      stack_to_render: stack,
      heap,
      stdout,
    };
    if (p.x !== undefined) point.exception_msg = p.x;
    if (p.limit !== undefined) point.limit = p.limit;
    if (p.result !== undefined) point.result = p.result;
    points.push(point);
  }
  const main = compact.files.find((f) => f.name === compact.main);
  return { code: main?.content ?? "", trace: points, files: compact.files, main: compact.main };
}
