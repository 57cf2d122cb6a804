import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("config", () => {
  test("has defaults for an empty environment", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe("./data");
    expect(c.baseUrl).toBeUndefined();
    expect(c.sandbox.min).toBeLessThanOrEqual(c.sandbox.max);
  });

  test("reads and normalizes values", () => {
    const c = loadConfig({
      SLATE_PORT: "8080",
      SLATE_BASE_URL: "https://slate.school.org/",
      SLATE_TRUST_PROXY: "yes",
    });
    expect(c.port).toBe(8080);
    expect(c.baseUrl).toBe("https://slate.school.org");
    expect(c.trustProxy).toBe(true);
  });

  test.each([
    ["SLATE_PORT", "abc"],
    ["SLATE_PORT", "70000"],
    ["SLATE_BASE_URL", "ftp://x"],
    ["SLATE_SECRET", "short"],
    ["SLATE_LOG_LEVEL", "loud"],
    ["SLATE_TRUST_PROXY", "maybe"],
  ])("a bad %s (%s) is one clear message naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as Error).message.startsWith(`${name}: `)).toBe(true);
      expect((err as Error).message).not.toContain("\n");
    }
  });

  test("min above max is refused", () => {
    expect(() => loadConfig({ SLATE_SANDBOX_MIN: "5", SLATE_SANDBOX_MAX: "2" })).toThrow("SLATE_SANDBOX_MIN");
  });

  test("every SLATE_* setting is in the README's configuration table", () => {
    const root = join(import.meta.dir, "../..");
    const source = readFileSync(join(root, "src/config.ts"), "utf8");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const settings = [...source.matchAll(/^\s+(SLATE_[A-Z_]+):/gm)].map((m) => m[1]!);
    expect(settings.length).toBeGreaterThan(15);
    expect(settings.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
