// Friendly errors: reads Python tracebacks (which line, which file, what went wrong), suggests what to
// look at, and words the end of a run (time, memory and output limits) for a student. Pure functions,
// no DOM: unit-tested in tests/unit/playground-errors.test.ts.
import type { ExitInfo } from "../../features/playground/runs.ts";

/** The folder programs run in inside the sandbox; tracebacks name files as /work/NAME. */
const WORK_DIR = "/work/";

export interface FrameRef {
  /** The file's name in the workspace (the /work/ folder stripped). */
  file: string;
  line: number;
}

/** `File "/work/main.py", line 3` → the pieces of one traceback line, with the reference marked. */
export type LinePart = string | (FrameRef & { text: string });

const FRAME = /File "([^"]+)", line (\d+)/;

export function displayPath(path: string): string {
  return path.startsWith(WORK_DIR) ? path.slice(WORK_DIR.length) : path;
}

/** Splits one line of stderr so that a reference to one of the user's files can become a link. */
export function splitFrameRef(line: string, files: readonly string[]): LinePart[] {
  const m = FRAME.exec(line);
  if (!m) return [line];
  const file = displayPath(m[1]!);
  if (!files.includes(file)) return [line];
  const at = m.index;
  const text = `File "${file}", line ${m[2]}`;
  return [line.slice(0, at), { file, line: Number(m[2]), text }, line.slice(at + m[0].length)].filter(
    (p) => p !== "",
  );
}

export interface ErrorSummary {
  /** e.g. "NameError". */
  type: string;
  message: string;
  /** Where it happened in the user's own files (the innermost such frame), if anywhere. */
  where: FrameRef | null;
  /** The program could not even start: the line is wrong as written. */
  syntax: boolean;
  hint: string | null;
}

const EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit|Iteration))(?::\s?(.*))?$/;
const SYNTAX_TYPES = new Set(["SyntaxError", "IndentationError", "TabError"]);

/** The error a program died of, read from its stderr; null when stderr holds no traceback. */
export function summarizeError(stderr: string, files: readonly string[]): ErrorSummary | null {
  const lines = stderr.replace(/\r\n?/g, "\n").split("\n");
  let last = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (EXCEPTION_LINE.test(lines[i]!)) {
      last = i;
      break;
    }
  }
  if (last === -1) return null;
  const [, type = "Error", message = ""] = EXCEPTION_LINE.exec(lines[last]!) ?? [];
  // The innermost frame in the user's files, searching back from the exception line to the start of
  // this traceback (a chained exception prints earlier tracebacks first).
  let where: FrameRef | null = null;
  for (let i = last - 1; i >= 0; i--) {
    const part = splitFrameRef(lines[i]!, files).find(
      (p): p is FrameRef & { text: string } => typeof p !== "string",
    );
    if (part) {
      where = { file: part.file, line: part.line };
      break;
    }
    if (lines[i]!.startsWith("Traceback (most recent call last)")) break;
  }
  const name = type.split(".").pop() ?? type;
  return { type: name, message, where, syntax: SYNTAX_TYPES.has(name), hint: hintFor(name, message) };
}

/** A short, kind suggestion for the common errors of beginners. */
export function hintFor(type: string, message: string): string | null {
  switch (type) {
    case "SyntaxError":
      if (/was never closed|unmatched|does not match/.test(message))
        return "A bracket or parenthesis is not closed (or closed twice). Count them on this line and the one before.";
      if (/unterminated string|EOL while scanning/.test(message))
        return "A string is missing its closing quote mark.";
      if (/expected ':'/.test(message))
        return "Lines starting with if, for, while, def or class end with a colon (:).";
      if (/'=='|cannot assign/.test(message))
        return "To compare two values use ==; a single = gives a variable a value.";
      return "Python could not understand this line. Look for a missing colon, bracket, quote or comma; sometimes the mistake is at the end of the line before.";
    case "IndentationError":
      return "The spaces at the start of this line do not line up. Lines in the same block need the same indentation (4 spaces per level), and a line ending in : needs an indented line after it.";
    case "TabError":
      return "This block mixes tabs and spaces for indentation. Use spaces only (the Tab key in the editor inserts spaces).";
    case "NameError": {
      const name = /name '([^']+)' is not defined/.exec(message)?.[1];
      return name
        ? `Python does not know the name "${name}". Check its spelling (capital letters matter), that it was given a value before this line, and that strings have quotes around them.`
        : "Python does not know this name. Check its spelling and that it has a value before this line.";
    }
    case "UnboundLocalError":
      return "A variable is used inside a function before the function gives it a value. Pass it in as a parameter, or assign it first.";
    case "TypeError":
      if (
        /can only concatenate str|must be str, not|unsupported operand type\(s\) for \+: 'int' and 'str'/.test(
          message,
        )
      )
        return 'Text and numbers cannot be added together. Convert with str(number) or int(text), or use an f-string: f"Total: {total}".';
      if (/not callable/.test(message))
        return "Something that is not a function is being called with (). Did a variable reuse a function's name?";
      if (/positional argument|keyword argument/.test(message))
        return "The function was called with a different number of values than its definition (def) expects.";
      return "An operation got a value of the wrong type. Print the values (and type(value)) just before this line to see what they are.";
    case "ValueError":
      if (/invalid literal for int\(\)|could not convert string to float/.test(message))
        return "The text could not be turned into a number. Check what was typed: int() accepts whole numbers only, like 42.";
      return "A value has the right type but an unusable content. Print it just before this line to see what it is.";
    case "ZeroDivisionError":
      return "The program divided by zero. Check the value you divide by before dividing.";
    case "IndexError":
      return "The program asked for a position past the end of a list or string. Positions start at 0, and the last one is len(...) - 1.";
    case "KeyError":
      return "That key is not in the dictionary. Check its spelling, use `if key in d:` first, or d.get(key).";
    case "AttributeError":
      return "This kind of value has no such method or attribute. Check the spelling and what type the value really is.";
    case "ModuleNotFoundError":
    case "ImportError":
      return "Python cannot find that module. Your own files can be imported by their name without .py (helper.py → import helper); only Python's standard library is installed.";
    case "RecursionError":
      return "A function kept calling itself without end. Make sure there is a base case that returns without calling again.";
    case "EOFError":
      return "The program asked for input, but the input was closed before it got any.";
    case "FileNotFoundError":
      return "That file does not exist. Files of this workspace are in the same folder as your program; check the name.";
    case "MemoryError":
      return "The program ran out of memory. Look for a list or string that grows without end.";
    case "KeyboardInterrupt":
      return null;
    default:
      return null;
  }
}

export type Tone = "success" | "error" | "warning" | "info";

export interface ExitReport {
  tone: Tone;
  /** One line: "Finished", "Stopped: over the CPU time limit (10 s)", ... */
  title: string;
  /** A few words for a status chip: "Finished", "CPU time limit", ... */
  short: string;
  /** What it means and what to try, when there is something to say. */
  detail: string | null;
  /** Figures for the status line: "0.02 s · 11.8 MB". */
  stats: string;
}

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatMemory(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb} KB`;
}

/** "5 minutes", "1 minute", "30 seconds": the configured idle time (5 minutes when a server did not say). */
function idleTime(minutes = 5): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} seconds`;
  const whole = Math.round(minutes);
  return whole === 1 ? "1 minute" : `${whole} minutes`;
}

/** How a run ended, for the console's status line and notice. */
export function describeExit(info: ExitInfo): ExitReport {
  const { limits } = info;
  const parts: string[] = [];
  if (info.wallMs > 0) parts.push(formatSeconds(info.wallMs));
  if (info.peakMemoryKb > 0) parts.push(formatMemory(info.peakMemoryKb));
  const stats = parts.join(" · ");
  if (info.error)
    return { tone: "error", title: "Could not run the program", short: "Not run", detail: info.error, stats };
  if (info.cancelled) {
    const detail =
      info.stopReason === "replaced"
        ? "A newer run of yours took its place."
        : info.stopReason === "abandoned"
          ? "Nobody was watching its output any more."
          : info.stopReason === "idle"
            ? `The shell was closed after ${idleTime(info.idleMinutes)} without input. Open a new one to go on.`
            : null;
    return { tone: "info", title: "Stopped", short: "Stopped", detail, stats };
  }
  if (info.timedOut === "cpu") {
    return {
      tone: "warning",
      title: `Stopped: over the CPU time limit (${limits.cpuSeconds} s)`,
      short: "CPU time limit",
      detail: `Your program kept the processor busy for more than ${limits.cpuSeconds} seconds. That usually means an infinite loop: check that every while loop changes something that makes its condition false.`,
      stats,
    };
  }
  if (info.timedOut === "wall") {
    return {
      tone: "warning",
      title: `Stopped: over the time limit (${limits.wallSeconds} s)`,
      short: "Time limit",
      detail: `Your program ran for more than ${limits.wallSeconds} seconds. It may be stuck in an infinite loop, sleeping, or waiting for input that never came.`,
      stats,
    };
  }
  if (info.memoryExceeded) {
    return {
      tone: "warning",
      title: `Stopped: over the memory limit (${limits.memoryMb} MB)`,
      short: "Memory limit",
      detail: `Your program tried to use more than ${limits.memoryMb} MB of memory. Look for a list, string or dictionary that keeps growing, for example inside a loop that never ends.`,
      stats,
    };
  }
  if (info.truncated) {
    return {
      tone: "warning",
      title: `Output cut off at the ${Math.round(limits.outputBytes / 1024)} KiB limit`,
      short: "Output limit",
      detail:
        "Your program printed more than the console keeps (pictures count too: turtle drawings and plots), so it was stopped there. If it was not meant to print or draw forever, look for a loop that never ends; otherwise print less, such as a summary or every 1000th step, or show fewer figures.",
      stats,
    };
  }
  if (info.signal) {
    return {
      tone: "error",
      title: `The program was killed (${info.signal})`,
      short: "Killed",
      detail: null,
      stats,
    };
  }
  if (info.exitCode === 0)
    return { tone: "success", title: "Finished", short: "Finished", detail: null, stats };
  const title = `Exited with code ${info.exitCode}`;
  return { tone: "error", title, short: title, detail: null, stats };
}
