import { describe, expect, test } from "bun:test";
import type { JobInput } from "../../../src/sandbox/types.ts";
import { defaultLimits, SandboxInputError, validateJob } from "../../../src/sandbox/validate.ts";

const bounds = { memoryMb: 256, tmpfsMb: 64 };
const ok: JobInput = { files: [{ name: "main.py", content: "print(1)" }], main: "main.py" };
const withFiles = (...names: string[]): JobInput => ({
  files: names.map((name) => ({ name, content: "x = 1" })),
  main: names[0] ?? "main.py",
});

function rejection(input: unknown): string {
  try {
    validateJob(input as JobInput, bounds);
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxInputError);
    return (error as Error).message;
  }
  throw new Error("expected a SandboxInputError");
}

describe("validateJob", () => {
  test("fills in defaults", () => {
    const job = validateJob(ok, bounds);
    expect(job.limits).toEqual(defaultLimits(bounds));
    expect(job.mode).toBe("run");
    expect(job.stdin).toBeNull();
    expect(job.userKey).toBeNull();
  });

  test("keeps given limits, stdin and user key", () => {
    const job = validateJob({ ...ok, stdin: "42\n", userKey: "u1", limits: { wallSeconds: 30 } }, bounds);
    expect(job.limits.wallSeconds).toBe(30);
    expect(job.limits.cpuSeconds).toBe(defaultLimits(bounds).cpuSeconds);
    expect(job.stdin).toBe("42\n");
    expect(job.userKey).toBe("u1");
  });

  test("accepts several files importing each other", () => {
    expect(validateJob(withFiles("main.py", "helper.py", "data.txt"), bounds).files).toHaveLength(3);
  });

  test("rejects code over 256 KiB in total (plus room for Slate's own harness)", () => {
    const harness = { name: "_slate_grader.py", content: "x".repeat(20 * 1024) };
    const full = { name: "a.py", content: "x".repeat(256 * 1024) };
    expect(() => validateJob({ files: [full, harness], main: "a.py" }, bounds)).not.toThrow();
    const big = "x".repeat(170 * 1024);
    const input = {
      files: [
        { name: "a.py", content: big },
        { name: "b.py", content: big },
      ],
      main: "a.py",
    };
    expect(rejection(input)).toContain("256 KiB");
  });

  test("counts bytes, not characters", () => {
    const content = "é".repeat(170 * 1024); // 2 bytes each
    expect(rejection({ files: [{ name: "a.py", content }], main: "a.py" })).toContain("256 KiB");
  });

  test("rejects text that is not valid UTF-8", () => {
    expect(rejection({ files: [{ name: "a.py", content: "x = '\ud800'" }], main: "a.py" })).toContain(
      "UTF-8",
    );
    expect(rejection({ ...ok, stdin: "\udc00" })).toContain("UTF-8");
  });

  test.each([
    ["", "empty"],
    ["a/b.py", "/"],
    ["..", ".."],
    ["a..py", ".."],
    [".hidden.py", "dot"],
    ["a\u0000.py", "NUL"],
    ["a\\b.py", "/"],
  ])("rejects the file name %p", (name, reason) => {
    expect(rejection({ files: [{ name, content: "" }], main: name })).toContain(reason);
  });

  test("rejects duplicate names", () => {
    expect(rejection(withFiles("main.py", "main.py"))).toContain("duplicate");
  });

  test("rejects more than 20 files (plus the grading harness) and no files", () => {
    const names = Array.from({ length: 22 }, (_, i) => `f${i}.py`);
    expect(rejection(withFiles(...names))).toContain("at most 20");
    expect(() => validateJob(withFiles(...names.slice(0, 21)) as JobInput, bounds)).not.toThrow(); // 20 and the harness
    expect(rejection({ files: [], main: "main.py" })).toContain("no files");
  });

  test("rejects a main file that is not among the files", () => {
    expect(rejection({ ...ok, main: "other.py" })).toContain("other.py");
  });

  test.each([
    [{ wallSeconds: 0 }, "wallSeconds"],
    [{ wallSeconds: 601 }, "wallSeconds"],
    [{ cpuSeconds: 1.5 }, "cpuSeconds"],
    [{ memoryMb: 512 }, "memoryMb"],
    [{ memoryMb: 16 }, "memoryMb"],
    [{ outputBytes: 10 }, "outputBytes"],
    [{ fileSizeKb: 65 * 1024 }, "fileSizeKb"],
  ])("rejects the limits %p", (limits, name) => {
    expect(rejection({ ...ok, limits })).toContain(name);
  });

  test("rejects unknown fields and modes", () => {
    expect(() => validateJob({ ...ok, limits: { wall: 3 } } as unknown as JobInput, bounds)).toThrow(
      SandboxInputError,
    );
    expect(() => validateJob({ ...ok, mode: "tests" } as unknown as JobInput, bounds)).toThrow(
      SandboxInputError,
    );
    expect(() => validateJob({ ...ok, mode: "debug" } as unknown as JobInput, bounds)).toThrow(
      SandboxInputError,
    );
  });

  test("rejects stdin over 1 MiB", () => {
    expect(rejection({ ...ok, stdin: "x".repeat(1024 * 1024 + 1) })).toContain("1 MiB");
  });
});
