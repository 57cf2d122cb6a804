// Visualizer benchmark, in real Chromium against the app served in this process with a real sandbox.
// The program runs 10,000 steps over a 200-element list:
//   trace_ms        from the click on Visualize (the HTTP request) until the decoded trace is drawn
//                   at its first step in the browser (median of 5, after one warm-up);
//   transfer_bytes  the compressed response body as the browser received it (encodedBodySize);
//   render_p95_ms   p95 of drawing one step (HTML, layout, SVG arrows) while scrubbing through all.
// Beside them: the naive transfer (Python Tutor's full trace as JSON, plain and gzip-compressed) and
// the render p95 of a trace whose steps show 200 heap objects (200 instances in a list, 200 arrows).
// Prints figures; asserts nothing. The last line is the summary line the issue asks for.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "../src/app.tsx";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { decodeTrace } from "../src/features/visualizer/codec.ts";
import { traceProgram } from "../src/features/visualizer/trace-job.ts";
import { randomToken, sha256 } from "../src/lib/tokens.ts";
import { insertSession } from "../src/models/session.ts";
import { insertUser } from "../src/models/user.ts";
import { percentile } from "../src/sandbox/metrics.ts";
import { launchBrowser } from "../tests/helpers/browser.ts";

const LIST_PROGRAM = [
  "data = list(range(200))",
  "for r in range(100):",
  "    for i in range(200):",
  "        data[i] = (data[i] * 7 + r) % 1000",
].join("\n");
const OBJECTS_PROGRAM = [
  "class Point:",
  "    def __init__(self, x):",
  "        self.x = x",
  "points = [Point(i) for i in range(200)]",
  "for r in range(5):",
  "    for p in points:",
  "        p.x = p.x + 1",
].join("\n");
const RUNS = 5;

Bun.spawnSync([process.execPath, "scripts/build-client.ts"], { cwd: join(import.meta.dir, "..") }); // the page's bundles
console.log("bench: client built; starting the app and the sandbox");
const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-visualizer-"));
const config = loadConfig({
  ...process.env,
  SLATE_DATA_DIR: dataDir,
  SLATE_SANDBOX: "true",
  SLATE_LOG_LEVEL: "silent",
  SLATE_RUNS_PER_MINUTE: "10000",
});
const ctx = createContext(config, pino({ level: "silent" }));
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createApp(ctx).fetch, idleTimeout: 60 });
const base = `http://127.0.0.1:${server.port}`;
const browser = await launchBrowser();

async function finish(code: number): Promise<never> {
  await browser.close();
  await ctx.sandbox?.stop();
  server.stop(true);
  ctx.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

async function sessionToken(): Promise<string> {
  const now = Date.now();
  const user = await insertUser(ctx.db, {
    username: "bench",
    display_name: "Bench",
    email: null,
    password_hash: "not-a-hash",
    role: "admin",
    created_at: now,
  });
  const token = randomToken();
  await insertSession(ctx.db, { idHash: sha256(token), userId: user.id, now, expiresAt: now + 86_400_000 });
  return token;
}

type Viz = { index: number; renderTimes: number[]; trace: { trace: unknown[] } | null; go(i: number): void };

try {
  await ctx.sandbox?.start();
  if (ctx.sandbox?.status().state !== "ready") throw new Error(`sandbox: ${ctx.sandbox?.status().reason}`);
  const token = await sessionToken();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addCookies([{ name: "slate_session", value: token, url: base }]);
  const page = await context.newPage();
  page.on("crash", () => console.error("the page crashed"));
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${base}/playground`);
  await page.locator(".cm-content").first().waitFor();

  async function visualize(code: string): Promise<{ ms: number; bytes: number; steps: number }> {
    await page.evaluate(() => {
      document.querySelector<HTMLDialogElement>("dialog.viz")?.close();
      performance.clearResourceTimings();
    });
    await page.locator("[data-workspace] .cm-content").click();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(code);
    return page.evaluate(async () => {
      const started = performance.now();
      const counter = () => document.querySelector("dialog.viz [data-counter]")?.textContent ?? "";
      const before = (window as never as { __slateVisualizer?: Viz }).__slateVisualizer?.trace;
      (document.querySelector("[data-visualize]") as HTMLButtonElement).click();
      await new Promise<void>((resolve) => {
        const check = () => {
          const viz = (window as never as { __slateVisualizer?: Viz }).__slateVisualizer;
          if (viz?.trace && viz.trace !== before && counter().startsWith("Step 1 /")) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      const ms = performance.now() - started;
      const entry = performance
        .getEntriesByType("resource")
        .find((e) => e.name.endsWith("/visualizer/trace")) as PerformanceResourceTiming;
      const viz = (window as never as { __slateVisualizer: Viz }).__slateVisualizer;
      return { ms, bytes: entry.encodedBodySize, steps: viz.trace!.trace.length };
    });
  }

  async function scrub(): Promise<number> {
    return page.evaluate(() => {
      const viz = (window as never as { __slateVisualizer: Viz }).__slateVisualizer;
      viz.renderTimes.length = 0;
      const n = viz.trace!.trace.length;
      for (let i = 0; i < n; i++) viz.go(i);
      const sorted = [...viz.renderTimes].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
    });
  }

  await visualize(LIST_PROGRAM); // warm-up: the container, the page's code paths
  const runs: { ms: number; bytes: number; steps: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await visualize(LIST_PROGRAM));
  const traceMs = percentile(
    runs.map((r) => r.ms),
    50,
  );
  const { bytes, steps } = runs.at(-1)!;
  const renderP95 = await scrub();

  // The naive transfer: Python Tutor's documented trace, every point in full.
  const compact = await traceProgram(ctx.sandbox, {
    files: [{ name: "main.py", content: LIST_PROGRAM }],
    main: "main.py",
    maxSteps: config.traceMaxSteps,
  });
  const full = JSON.stringify(decodeTrace(compact));
  const fullGzip = Bun.gzipSync(full).byteLength;
  const compactRaw = JSON.stringify(compact).length;
  console.log(
    `naive: full trace JSON ${full.length} bytes (${Math.round(full.length / steps)}/step), gzip ${fullGzip} bytes (${Math.round(fullGzip / steps)}/step)`,
  );
  console.log(
    `compact: ${compactRaw} bytes before compression (${Math.round(compactRaw / steps)}/step), ${bytes} over the wire`,
  );
  console.log(`trace_ms per run: ${runs.map((r) => Math.round(r.ms)).join(", ")}`);

  const objects = await visualize(OBJECTS_PROGRAM);
  const objectsP95 = await scrub();
  const shown = await page.evaluate(
    () => document.querySelectorAll("dialog.viz [data-objects] .viz-obj").length,
  );
  const arrows = await page.evaluate(() =>
    Number(document.querySelector("dialog.viz svg.viz-arrows")?.getAttribute("data-count")),
  );
  console.log(
    `200 heap objects: ${objects.steps} steps, ${shown} objects and ${arrows} arrows drawn per step, render_p95_ms=${objectsP95.toFixed(2)}`,
  );
  console.log(
    `visualizer steps=${steps} trace_ms=${Math.round(traceMs)} transfer_bytes=${bytes} bytes_per_step=${Math.round(bytes / steps)} render_p95_ms=${Math.round(renderP95 * 10) / 10}`,
  );
  await finish(0);
} catch (error) {
  console.error(error);
  await finish(1);
}
