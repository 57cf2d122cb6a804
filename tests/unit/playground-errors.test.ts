// Friendly errors and the SSE reader of the playground's browser code: pure functions, no DOM.
import { describe, expect, test } from "bun:test";
import { describeExit, hintFor, splitFrameRef, summarizeError } from "../../src/client/editor/errors.ts";
import { readSse, type SseEvent } from "../../src/client/editor/sse.ts";
import type { ExitInfo } from "../../src/features/playground/runs.ts";

const FILES = ["main.py", "helper.py"];

describe("tracebacks", () => {
  test("a runtime error: type, message, innermost frame in the user's files, a hint", () => {
    const stderr = [
      "Traceback (most recent call last):",
      '  File "/work/main.py", line 3, in <module>',
      "    print(helper.half(0))",
      '  File "/work/helper.py", line 2, in half',
      "    return 1 / x",
      "           ~~^~~",
      "ZeroDivisionError: division by zero",
      "",
    ].join("\n");
    expect(summarizeError(stderr, FILES)).toEqual({
      type: "ZeroDivisionError",
      message: "division by zero",
      where: { file: "helper.py", line: 2 },
      syntax: false,
      hint: hintFor("ZeroDivisionError", "division by zero"),
    });
  });

  test("a syntax error is marked as such, at its line", () => {
    const stderr =
      "  File \"/work/main.py\", line 4\n    if x = 3:\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n";
    const s = summarizeError(stderr, FILES)!;
    expect(s).toMatchObject({ type: "SyntaxError", where: { file: "main.py", line: 4 }, syntax: true });
    expect(s.hint).toContain("==");
    const indent = summarizeError(
      '  File "/work/main.py", line 2\n    print(1)\nIndentationError: unexpected indent\n',
      FILES,
    )!;
    expect(indent).toMatchObject({ type: "IndentationError", syntax: true, where: { line: 2 } });
  });

  test("frames outside the user's files are not where the error is; no traceback gives null", () => {
    const stderr = [
      "Traceback (most recent call last):",
      '  File "/work/main.py", line 1, in <module>',
      '  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads',
      "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
    ].join("\n");
    expect(summarizeError(stderr, FILES)).toMatchObject({
      type: "JSONDecodeError",
      where: { file: "main.py", line: 1 },
    });
    expect(summarizeError("just a warning printed by the program\n", FILES)).toBeNull();
    expect(summarizeError("", FILES)).toBeNull();
  });

  test("hints: a NameError names the unknown name; text plus number explains conversion", () => {
    expect(hintFor("NameError", "name 'pritn' is not defined")).toContain('"pritn"');
    expect(hintFor("TypeError", 'can only concatenate str (not "int") to str')).toContain("str(");
    expect(hintFor("ValueError", "invalid literal for int() with base 10: 'abc'")).toContain("whole numbers");
    expect(hintFor("ModuleNotFoundError", "No module named 'helpr'")).toContain("import helper");
    expect(hintFor("SomethingElse", "")).toBeNull();
  });

  test("File references become links only for the workspace's files, shown without /work/", () => {
    expect(splitFrameRef('  File "/work/helper.py", line 12, in f\n', FILES)).toEqual([
      "  ",
      { file: "helper.py", line: 12, text: 'File "helper.py", line 12' },
      ", in f\n",
    ]);
    const lib = '  File "/usr/lib/python3.11/random.py", line 3\n';
    expect(splitFrameRef(lib, FILES)).toEqual([lib]);
    expect(splitFrameRef("no reference here", FILES)).toEqual(["no reference here"]);
  });
});

const limits = { wallSeconds: 120, cpuSeconds: 10, memoryMb: 256, outputBytes: 512 * 1024 };
const exit = (over: Partial<ExitInfo>): ExitInfo => ({
  exitCode: 0,
  signal: null,
  timedOut: null,
  memoryExceeded: false,
  peakMemoryKb: 12_000,
  cpuMs: 5,
  wallMs: 20,
  truncated: false,
  cancelled: false,
  limits,
  ...over,
});

describe("how a run ended", () => {
  test("success and failure with time and memory", () => {
    expect(describeExit(exit({}))).toEqual({
      tone: "success",
      title: "Finished",
      short: "Finished",
      detail: null,
      stats: "0.02 s · 11.7 MB",
    });
    expect(describeExit(exit({ exitCode: 3 })).title).toBe("Exited with code 3");
  });

  test("timeouts name the limit and suggest an infinite loop; memory names its limit; truncation says so", () => {
    const cpu = describeExit(exit({ exitCode: null, signal: "SIGXCPU", timedOut: "cpu" }));
    expect(cpu.title).toContain("CPU time limit (10 s)");
    expect(cpu.detail).toContain("infinite loop");
    expect(cpu.short).toBe("CPU time limit");
    const wall = describeExit(exit({ exitCode: null, signal: "SIGKILL", timedOut: "wall", wallMs: 120_000 }));
    expect(wall.title).toContain("time limit (120 s)");
    expect(wall.detail).toContain("infinite loop");
    expect(wall.stats).toContain("2 min 0 s");
    const mem = describeExit(exit({ exitCode: 1, memoryExceeded: true }));
    expect(mem.title).toContain("memory limit (256 MB)");
    const cut = describeExit(exit({ exitCode: null, signal: "SIGKILL", truncated: true }));
    expect(cut.title).toContain("512 KiB");
    expect(cut.tone).toBe("warning");
  });

  test("stops, replaced runs and sandbox failures", () => {
    expect(describeExit(exit({ exitCode: null, cancelled: true, stopReason: "stopped" }))).toMatchObject({
      tone: "info",
      title: "Stopped",
      detail: null,
    });
    expect(describeExit(exit({ cancelled: true, stopReason: "replaced" })).detail).toContain("newer run");
    const failed = describeExit(
      exit({ exitCode: null, error: "The sandbox is unavailable.", errorKind: "unavailable" }),
    );
    expect(failed).toMatchObject({ tone: "error", detail: "The sandbox is unavailable." });
  });

  test("an idle shell's note names the configured idle time", () => {
    const idle = (idleMinutes?: number) =>
      describeExit(
        exit({ cancelled: true, stopReason: "idle", ...(idleMinutes === undefined ? {} : { idleMinutes }) }),
      ).detail;
    expect(idle(15)).toContain("after 15 minutes without input");
    expect(idle(1)).toContain("after 1 minute without input");
    expect(idle(0.5)).toContain("after 30 seconds without input");
    expect(idle()).toContain("after 5 minutes without input"); // a run that ended before the field existed
  });
});

describe("SSE reader", () => {
  function stream(chunks: string[]): ReadableStream<Uint8Array> {
    const enc = new TextEncoder();
    return new ReadableStream({
      start(c) {
        for (const ch of chunks) c.enqueue(enc.encode(ch));
        c.close();
      },
    });
  }

  test("events split anywhere across chunks, CRLF and LF, comments, multi-line data, ids", async () => {
    const text =
      ': ping\r\n\r\nevent: run\r\ndata: {"id":"x"}\r\n\r\nevent: stdout\ndata: "a\\n"\nid: 1.2\n\ndata: one\ndata: two\n\n';
    for (const size of [1, 2, 3, 7, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const got: SseEvent[] = [];
      await readSse(stream(chunks), (e) => got.push(e));
      expect(got).toEqual([
        { event: "run", data: '{"id":"x"}', id: "" },
        { event: "stdout", data: '"a\\n"', id: "1.2" },
        { event: "message", data: "one\ntwo", id: "1.2" },
      ]);
    }
  });

  test("multi-byte characters split between chunks survive", async () => {
    const bytes = new TextEncoder().encode('event: stdout\ndata: "héllo ✓"\n\n');
    const got: SseEvent[] = [];
    const s = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i++) c.enqueue(bytes.slice(i, i + 1));
        c.close();
      },
    });
    await readSse(s, (e) => got.push(e));
    expect(JSON.parse(got[0]!.data)).toBe("héllo ✓");
  });
});
