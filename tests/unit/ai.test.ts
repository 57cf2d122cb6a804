// Pure logic of AI help: badge colours of Big-O classes, the queue of the bounded client, the leak
// guard's decision and the code it finds in a reply, and the check of an analysis reply.
import { describe, expect, test } from "bun:test";
import { loadConfig } from "../../src/config.ts";
import { complexityTone } from "../../src/features/ai/badges.ts";
import { parseAnalysis } from "../../src/features/ai/complexity.ts";
import { Gate } from "../../src/features/ai/gate.ts";
import { codeCandidates, codeStartsAt, isLeak } from "../../src/features/ai/leak-guard.ts";
import { resolveSettings } from "../../src/features/ai/settings.ts";
import { encrypt } from "../../src/lib/secret-box.ts";

describe("badges", () => {
  test.each([
    ["O(1)", "o1"],
    ["O(log n)", "ologn"],
    ["O(n)", "on"],
    ["O(N log N)", "onlogn"],
    ["O(n log(n))", "onlogn"],
    ["O(n^2)", "on2"],
    ["O(n²)", "on2"],
    ["O(n**2)", "on2"],
    ["O(n * n)", "on2"],
    ["O(n³)", "on3"],
    ["O(2^n)", "o2n"],
    ["O(2ⁿ)", "o2n"],
    ["O(n + m)", "other"],
    ["linear", "other"],
  ])("%s is %s", (text, tone) => expect(complexityTone(text)).toBe(tone as never));
});

describe("gate", () => {
  test("at most the limit at once; waiters hear their place as it changes", async () => {
    const gate = new Gate(2);
    const heard: number[][] = [[], [], [], []];
    const releases = await Promise.all([gate.acquire(), gate.acquire()]);
    const waiting = [0, 1, 2].map((i) => gate.acquire({ onPosition: (p) => heard[i]!.push(p) }));
    expect(gate.running).toBe(2);
    expect(gate.waiting).toBe(3);
    expect(heard.slice(0, 3)).toEqual([[1], [2], [3]]);
    releases[0]!();
    const first = await waiting[0]!;
    expect(heard[1]).toEqual([2, 1]);
    expect(heard[2]).toEqual([3, 2]);
    first();
    releases[1]!();
    (await waiting[1]!)();
    (await waiting[2]!)();
    expect(gate.running).toBe(0);
  });

  test("a waiter that gives up leaves the queue", async () => {
    const gate = new Gate(1);
    const release = await gate.acquire();
    const abort = new AbortController();
    const gone = gate.acquire({}, abort.signal);
    const heard: number[] = [];
    const next = gate.acquire({ onPosition: (p) => heard.push(p) });
    abort.abort(new Error("left"));
    await expect(gone).rejects.toThrow("left");
    expect(heard).toEqual([2, 1]);
    release();
    (await next)();
  });
});

describe("leak guard", () => {
  test("a solution passes every test the student fails, or all tests", () => {
    const all = [1, 2, 3];
    expect(isLeak(all, new Set([1]), new Set([2, 3]))).toBe(true);
    expect(isLeak(all, new Set([1]), new Set([1, 2]))).toBe(false);
    expect(isLeak(all, new Set([1, 2, 3]), new Set([1, 2, 3]))).toBe(true);
    expect(isLeak(all, new Set([]), new Set([1]))).toBe(false);
    expect(isLeak([], new Set(), new Set())).toBe(false);
  });

  test("finds fenced and indented blocks, all blocks together, and inline code", () => {
    const reply = "Try\n\n```python\nx = 1\n```\n\nand\n\n    y = 2\n\nthen `print(x + y)`.";
    const found = codeCandidates(reply);
    expect(found).toContain("x = 1");
    expect(found).toContain("y = 2");
    expect(found).toContain("x = 1\n\ny = 2");
    expect(found).toContain("print(x + y)");
    expect(codeCandidates("No code here.")).toEqual([]);
  });

  test("the stream holds text back from the first code on", () => {
    expect(codeStartsAt("Look at line 3.")).toBe(-1);
    expect(codeStartsAt("Use `sum`")).toBe(4);
    expect(codeStartsAt("Like this:\n\n    x = 1")).toBe(11);
    // Every way Markdown or HTML makes code holds the stream back (it may over-hold, never under).
    for (const reply of [
      "Here:\n\n~~~\nx = 1\n~~~",
      "Here:\n   \n    x = 1",
      "Here:\r\n\r\n    x = 1",
      "1. Step:\n\n        x = 1",
      "-     x = 1",
      "Look:\n\n>     x = 1",
      "Here: <pre>x = 1</pre>",
    ]) {
      expect(codeStartsAt(reply)).toBeGreaterThan(-1);
      expect(codeCandidates(reply)).toEqual(["x = 1"]);
    }
    expect(codeStartsAt("Is a < b here?")).toBe(-1);
  });

  test("code in tables, raw HTML and after text is found, in reading order too", () => {
    expect(codeCandidates("| a |\n|---|\n| `x = 1` |\n| `y = 2` |")).toEqual(["x = 1\ny = 2"]);
    expect(codeCandidates("Write <code>x = 1</code>.")).toEqual(["x = 1"]);
    expect(codeCandidates("```\nx = 1\n```\n\nthen `y = 2`")).toContain("x = 1\ny = 2");
    expect(codeCandidates("In a list:\n\n1. step\n\n       x = 1\n       y = 2")).toEqual(["x = 1\ny = 2"]);
  });
});

describe("analysis replies", () => {
  test("JSON in a fence is accepted; a wrong shape names its field", () => {
    const ok = parseAnalysis(
      '```json\n{"time":"O(n)","space":"O(1)","explanation":"One loop.","findings":[{"line":2,"note":"loop"}]}\n```',
    );
    expect(ok.ok).toBe(true);
    const bad = parseAnalysis('{"time":"O(n)","space":"O(1)","findings":[]}');
    expect(bad).toEqual({ ok: false, problem: expect.stringContaining("explanation") });
    expect(parseAnalysis("O(n)")).toEqual({ ok: false, problem: expect.stringContaining("not valid JSON") });
  });
});

describe("settings", () => {
  const env = loadConfig({
    SLATE_AI_BASE_URL: "http://ollama:11434/v1/",
    SLATE_AI_MODEL: "llama3",
    SLATE_AI_TUTOR_TEMPERATURE: "0.2",
  }).ai;
  const secret = "s".repeat(40);

  test("the environment gives defaults; features inherit the model", () => {
    const s = resolveSettings(env, {}, secret);
    expect(s).toMatchObject({ configured: true, baseUrl: "http://ollama:11434/v1", keySource: "none" });
    expect(s.tutor).toMatchObject({ model: "llama3", temperature: 0.2 });
    expect(s.complexity.model).toBe("llama3");
  });

  test("the admin's values win; a key sealed with another secret counts as none", () => {
    const s = resolveSettings(
      env,
      { model: "other", tutor: { temperature: 0.9 }, apiKeySealed: encrypt(secret, "k") },
      secret,
    );
    expect(s).toMatchObject({ model: "other", apiKey: "k", keySource: "admin" });
    expect(s.tutor.temperature).toBe(0.9);
    const foreign = resolveSettings(env, { apiKeySealed: encrypt("t".repeat(40), "k") }, secret);
    expect(foreign.keySource).toBe("none");
  });

  test("without a base URL nothing shows", () => {
    expect(resolveSettings(loadConfig({}).ai, {}, secret).configured).toBe(false);
  });
});
