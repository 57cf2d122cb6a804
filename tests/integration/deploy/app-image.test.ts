// The production image: `docker build .` works offline (it compiles with the Bun from node_modules),
// the container answers /healthz, and, given the Docker socket, runs its sandbox beside itself.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";

const root = join(import.meta.dir, "../../..");
const tag = "slate:test";
const name = `slate-image-test-${process.pid}`;

function docker(...args: string[]) {
  const r = Bun.spawnSync(["docker", ...args], { cwd: root, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

afterAll(() => {
  docker("rm", "-f", name);
});

async function waitFor<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < seconds * 2; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await Bun.sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("the image builds, starts, answers /healthz and runs its sandbox through the socket", async () => {
  const build = docker("build", "-q", "-t", tag, ".");
  if (build.code !== 0) throw new Error(`docker build failed:\n${build.err}`);

  const port = 20000 + Math.floor(Math.random() * 20000);
  const run = docker(
    "run",
    "-d",
    "--name",
    name,
    "-p",
    `127.0.0.1:${port}:3000`,
    "-v",
    "/var/run/docker.sock:/var/run/docker.sock",
    "-e",
    "SLATE_SANDBOX_MIN=1",
    "-e",
    "SLATE_SANDBOX_MAX=1",
    tag,
  );
  expect(run.code).toBe(0);

  const health = await waitFor("the sandbox in the container to be ready", 300, async () => {
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      status: string;
      database: string;
      sandbox: { state: string };
    };
    return body.sandbox.state === "ready" ? body : undefined;
  });
  expect(health).toMatchObject({ status: "ok", database: "ok", sandbox: { state: "ready" } });

  const home = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" });
  expect(home.headers.get("location")).toBe("/setup");
  const css = await fetch(`http://127.0.0.1:${port}/static/css/app.css`);
  expect(css.status).toBe(200);
  expect(docker("exec", name, "/app/slate", "--healthcheck").code).toBe(0);

  // Stopping drains: the container's own sandbox containers are removed with it.
  const instance = docker("exec", name, "cat", "/data/instance-id").out.trim();
  expect(docker("stop", "-t", "20", name).code).toBe(0);
  const left = docker("ps", "-aq", "--filter", `label=slate.instance=${instance}`).out.trim();
  expect(left).toBe("");
}, 600_000);
