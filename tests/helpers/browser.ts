// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, against a real Slate server
// started from src/main.ts on a free port with a fresh data dir. Missing Chromium is a failure.
import { afterAll, beforeAll } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { auditPage, axeFailure } from "./axe.ts";
import { lateBound } from "./late.ts";

export const CHROMIUM = process.env.SLATE_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(import.meta.dir, "../.artifacts/screenshots");
const root = join(import.meta.dir, "../..");

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for the whole test process (bun runs every test file in one process), launched when a
 * file first needs it and again if it went away. Each file gets its own contexts, closed after the
 * file (useBrowserServer), so nothing carries over; playwright ends the browser when the process exits.
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser().then((browser) => {
    browser.on("disconnected", () => {
      shared = undefined;
    });
    return browser;
  });
  shared.catch(() => {
    shared = undefined; // a later file tries again and fails with the same clear message
  });
  return shared;
}

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A port the kernel just handed out, so two servers started at once do not pick the same one. */
function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  return port as number;
}

/** Starts Slate on a fresh data dir; tries another port if the chosen one was taken meanwhile. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "slate-browser-"));
  for (let attempt = 1; ; attempt++) {
    const port = freePort();
    const proc = Bun.spawn([process.execPath, "src/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "test", // the test cost of argon2id (src/lib/passwords.ts), as in this process
        SLATE_DATA_DIR: dataDir,
        SLATE_PORT: String(port),
        SLATE_HOST: "127.0.0.1",
        SLATE_SANDBOX: "false",
        SLATE_LOG_LEVEL: "warn",
        ...env,
      },
      stdout: "inherit",
      stderr: "inherit",
    });
    const url = `http://127.0.0.1:${port}`;
    if (await healthy(url, proc)) {
      return {
        url,
        dataDir,
        async stop() {
          proc.kill("SIGTERM");
          await proc.exited;
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    }
    proc.kill("SIGKILL");
    if (attempt === 3) throw new Error("Slate did not start within 15 s");
  }
}

export interface BrowserServer {
  server: RunningServer;
  browser: Browser;
}

/**
 * One Slate server for the test file, on a fresh data dir, and the process's Chromium (sharedBrowser):
 * started in beforeAll (with a real sandbox of one warm container when `sandbox` is set); in afterAll
 * the file's browser contexts are closed and the server stopped. The two are stand-ins
 * until beforeAll has run (tests/helpers/late.ts). Later beforeAll hooks of the file run after this one.
 */
export function useBrowserServer(
  options: { sandbox?: boolean; env?: Record<string, string> } = {},
): BrowserServer {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const sandbox: Record<string, string> = options.sandbox
    ? { SLATE_SANDBOX: "true", SLATE_SANDBOX_MIN: "1" }
    : {};
  beforeAll(
    async () => {
      // Both at once; whichever started is kept for afterAll even when the other failed.
      const [started, launched] = await Promise.allSettled([
        startServer({ ...sandbox, ...options.env }),
        sharedBrowser(),
      ]);
      if (started.status === "fulfilled") server = started.value;
      if (launched.status === "fulfilled") browser = launched.value;
      for (const r of [started, launched]) if (r.status === "rejected") throw r.reason;
    },
    options.sandbox ? 300_000 : 120_000, // the first sandbox start may build its image
  );
  afterAll(async () => {
    // This file's pages go; the browser stays for the next file (sharedBrowser).
    await Promise.all((browser?.contexts() ?? []).map((c) => c.close()));
    await server?.stop(); // the server drains its sandbox pool on SIGTERM: allow for it
  }, 60_000);
  return {
    server: lateBound("the server", () => server),
    browser: lateBound("the browser", () => browser),
  };
}

/** Waits up to 15 s for /healthz; false at once when the process exited (e.g. the port was taken). */
async function healthy(url: string, proc: Bun.Subprocess): Promise<boolean> {
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) return false;
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await Bun.sleep(100);
  }
  return false;
}

/** Saves a full-page screenshot under tests/.artifacts/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: a full-page capture keeps the current scroll, which puts the sticky sidebar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Screenshots NAME-light and NAME-dark and audits the page's accessibility in each theme (axe-core,
 * WCAG 2.1 A/AA: tests/helpers/axe.ts), then leaves the page light. Fails on any violation, after both
 * screenshots exist, naming the theme, the rule and the elements.
 */
export async function screenshotThemes(page: Page, name: string): Promise<void> {
  const violations: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await themeApplied(page);
    await screenshot(page, `${name}-${scheme}`);
    const width = page.viewportSize()?.width ?? 0;
    for (const v of await auditPage(page)) violations.push(`${name}, ${scheme}, ${width} px wide: ${v}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (violations.length > 0) throw new Error(axeFailure([page.url(), ...violations]));
}

/**
 * Waits until the page shows the scheme just emulated, without a fixed pause: two frames let the
 * page's `change` listeners run (the charts redraw, the editor switches theme), then the colour
 * transitions that the switch started are finished at once, as a reader sees them a moment later,
 * and charts redrawn for a new viewport size are waited for.
 * Other finite animations (a row's flash) are left to the audit's own wait (tests/helpers/axe.ts).
 */
async function themeApplied(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // A page that draws no frames (none should in headless) still goes on after 100 ms.
    const frame = () =>
      new Promise((r) => {
        requestAnimationFrame(() => r(undefined));
        setTimeout(r, 100);
      });
    await frame();
    await frame();
    for (const a of document.getAnimations()) if (a instanceof CSSTransition) a.finish();
    await frame();
    // After a resize the charts redraw at their new width a little later (src/client/charts.ts
    // debounces): wait (at most 2 s) until each fits its box again, by the same 8 px rule.
    const unfit = () =>
      [...document.querySelectorAll<HTMLElement>("[data-chart]")].some((el) => {
        const wrap = el.querySelector<HTMLElement>(".u-wrap");
        if (wrap === null || el.clientWidth === 0) return false; // not drawn, or hidden
        return Math.abs(wrap.offsetWidth - Math.max(220, el.clientWidth)) > 8;
      });
    for (const until = Date.now() + 2000; unfit() && Date.now() < until; ) await frame();
  });
}

/** screenshotThemes at the page's own size (NAME-desktop) and at phone size (NAME-phone), then back. */
export async function screenshotSizes(page: Page, name: string): Promise<void> {
  const desktop = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const [form, size] of [
    ["desktop", desktop],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await screenshotThemes(page, `${name}-${form}`);
  }
  await page.setViewportSize(desktop);
}

/** Records every URL the page requests, to prove Slate loads nothing from elsewhere. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  return urls;
}
