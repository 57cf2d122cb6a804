// The adversarial suite: each attack runs in a real hardened container and must end in a clear result;
// a probe job then runs in the SAME container and must find it clean (see PROBE). The pool would
// replace a container after most of these anyway; this checks the supervisor's own cleanup.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type Docker from "dockerode";
import type { SandboxContainer } from "../../../src/sandbox/container.ts";
import { listInstanceContainers, removeContainer } from "../../../src/sandbox/docker.ts";
import {
  PROBE,
  PROBE_EXPECTED,
  type Ran,
  requireDocker,
  runCode,
  sandboxImage,
  startContainer,
  testLogger,
  uniqueInstanceId,
} from "./helpers.ts";

setDefaultTimeout(60_000);
const logger = testLogger();
const instanceId = uniqueInstanceId("adversarial");
let docker: Docker;
let image: string;
let current: SandboxContainer | undefined;

beforeAll(async () => {
  docker = await requireDocker();
  image = await sandboxImage(docker, logger);
}, 600_000);

afterAll(async () => {
  await current?.destroy();
  for (const id of await listInstanceContainers(docker, instanceId)) await removeContainer(docker, id);
});

/** The shared container; a new one only if an earlier test broke it (that test has failed already). */
async function container(): Promise<SandboxContainer> {
  if (!current?.isAlive || current.isBusy) {
    await current?.destroy();
    current = await startContainer(docker, image, instanceId, logger);
  }
  return current;
}

/** Runs the attack, then the probe in the same container, and checks the probe's findings. */
async function attack(code: string, options: Parameters<typeof runCode>[2] = {}): Promise<Ran> {
  const c = await container();
  const ran = await runCode(c, code, options);
  expect(c.isAlive).toBe(true);
  const probe = await runCode(c, PROBE);
  expect(probe.stderr).toBe("");
  expect(JSON.parse(probe.stdout)).toEqual(PROBE_EXPECTED);
  expect(probe.result.exitCode).toBe(0);
  expect(probe.result.clean).toBe(true);
  expect(c.isAlive).toBe(true);
  return ran;
}

/** Python: the pids of root's processes. One may exit between listdir and stat (the zygote's
 * short-lived middle child does), so a vanished pid is skipped rather than failing the probe. */
const ROOT_PIDS_PY = `
def list_root_pids():
    pids = []
    for p in os.listdir("/proc"):
        try:
            if p.isdigit() and os.stat(f"/proc/{p}").st_uid == 0:
                pids.append(p)
        except FileNotFoundError:
            pass
    return pids
`;

function json(ran: Ran): Record<string, unknown> {
  try {
    return JSON.parse(ran.stdout.trim().split("\n").pop() ?? "");
  } catch {
    throw new Error(`no JSON in stdout: ${ran.stdout.slice(0, 200)} / stderr: ${ran.stderr.slice(0, 500)}`);
  }
}

describe("adversarial jobs are contained and leave nothing behind", () => {
  test("a normal job works and imports its other files", async () => {
    const ran = await attack("import helper\nprint(helper.greet(input()))", {
      stdin: "Ada\n",
      files: [{ name: "helper.py", content: "def greet(n):\n    return f'hello {n}'\n" }],
    });
    expect(ran.stdout).toBe("hello Ada\n");
    expect(ran.result).toMatchObject({ exitCode: 0, signal: null, timedOut: null, clean: true });
  });

  test("fork bomb", async () => {
    const ran = await attack(
      "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
      { limits: { wallSeconds: 3, cpuSeconds: 2 } },
    );
    expect(ran.result.timedOut).not.toBeNull();
    expect(ran.result.exitCode).toBeNull();
  });

  test("memory bomb in one process", async () => {
    const ran = await attack("x = []\nwhile True:\n    x.append(bytearray(10_000_000))\n");
    expect(ran.result.memoryExceeded).toBe(true);
    expect(ran.result.exitCode === 0).toBe(false);
  });

  test("memory bomb across processes (container OOM)", async () => {
    const code = `
import os, time
for _ in range(4):
    if os.fork() == 0:
        x = bytearray(150 * 1024 * 1024)
        time.sleep(5)
        os._exit(0)
for _ in range(4):
    os.wait()
`;
    const ran = await attack(code, { limits: { wallSeconds: 8 } });
    expect(ran.result.memoryExceeded).toBe(true);
  });

  test("CPU-bound infinite loop", async () => {
    const ran = await attack("while True:\n    pass\n", { limits: { cpuSeconds: 1, wallSeconds: 10 } });
    expect(ran.result.timedOut).toBe("cpu");
    expect(ran.result.signal).toBe("SIGXCPU");
    expect(ran.result.cpuMs).toBeGreaterThanOrEqual(900);
  });

  test("time.sleep forever", async () => {
    const ran = await attack("import time\nprint('sleeping', flush=True)\ntime.sleep(10**6)\n", {
      limits: { wallSeconds: 1 },
    });
    expect(ran.result.timedOut).toBe("wall");
    expect(ran.result.signal).toBe("SIGKILL");
    expect(ran.stdout).toBe("sleeping\n");
  });

  test("100 MB of output", async () => {
    const ran = await attack(
      "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(100):\n    sys.stdout.write(chunk)\n",
    );
    expect(ran.result.truncated).toBe(true);
    expect(ran.stdout.length).toBe(1 << 20);
  });

  test("a huge single line without newline", async () => {
    const ran = await attack("import sys\nsys.stdout.write('y' * 50_000_000)\n", {
      limits: { outputBytes: 4 << 20 },
    });
    expect(ran.result.truncated).toBe(true);
    expect(ran.stdout.length).toBe(4 << 20);
    expect(ran.stdoutChunks).toBeGreaterThan(1); // streamed in pieces, not buffered whole
  });

  test("invalid UTF-8 output", async () => {
    const ran = await attack("import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe bad \\xc3(\\n')\n");
    expect(ran.stdout).toBe("ok \ufffd\ufffd bad \ufffd(\n");
    expect(ran.result.exitCode).toBe(0);
  });

  test("filling /tmp and /dev/shm", async () => {
    const code = `
import errno, json
result = {}
for d in ("/tmp", "/dev/shm"):
    total, error = 0, None
    try:
        for i in range(1000):
            with open(f"{d}/fill{i}", "wb") as f:
                for _ in range(8):
                    f.write(b"z" * (1 << 20))
                    total += 1
    except OSError as e:
        error = errno.errorcode[e.errno]
    result[d] = [error, total]
print(json.dumps(result))
`;
    const found = json(await attack(code, { limits: { wallSeconds: 20 } }));
    for (const d of ["/tmp", "/dev/shm"]) {
      const [error, mb] = found[d] as [string, number];
      expect(error).toBe("ENOSPC");
      expect(mb).toBeLessThanOrEqual(64);
    }
  });

  test("writing outside the working directory", async () => {
    const code = `
import json, os
paths = ["/etc/passwd", "/opt/slate/supervisor.py", "/newfile", "/usr/lib/x", "/var/tmp/x", "/root/x",
         "/dev/x", "/sys/fs/cgroup/x", "/proc/sys/kernel/hostname", "/proc/1/oom_score_adj"]
result = {}
for p in paths:
    try:
        with open(p, "a") as f:
            f.write("x")
        result[p] = "written"
    except OSError as e:
        result[p] = type(e).__name__
print(json.dumps(result))
`;
    const found = json(await attack(code));
    expect(Object.keys(found)).toHaveLength(10);
    for (const [path, outcome] of Object.entries(found))
      expect(`${path}: ${outcome}`).not.toEndWith("written");
  });

  test("a socket to an outside address and a DNS lookup", async () => {
    const code = `
import json, socket
result = {}
try:
    socket.create_connection(("203.0.113.7", 80), timeout=2)  # TEST-NET-3: never a real host
    result["tcp"] = "connected"
except OSError as e:
    result["tcp"] = type(e).__name__
try:
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("203.0.113.7", 53))
    result["udp"] = "sent"
except OSError as e:
    result["udp"] = type(e).__name__
try:
    socket.getaddrinfo("example.com", 80)
    result["dns"] = "resolved"
except OSError as e:
    result["dns"] = type(e).__name__
print(json.dumps(result))
`;
    const found = json(await attack(code, { limits: { wallSeconds: 15 } }));
    expect(found.tcp).not.toBe("connected");
    expect(found.udp).not.toBe("sent");
    expect(found.dns).not.toBe("resolved");
  });

  test("reading the environment and /proc of other processes", async () => {
    const code = `
import json, os
${ROOT_PIDS_PY}
result = {"env": sorted(os.environ)}
root_pids = list_root_pids()
for pid in root_pids:
    for what in ("environ", "mem", "maps", "fd", "cwd/", "root/etc"):
        path = f"/proc/{pid}/{what}"
        try:
            if what in ("fd", "cwd/", "root/etc"):
                data = os.listdir(path)
            else:
                data = open(path, "rb").read(64)
            # A process that is exiting (e.g. the zygote's short-lived middle child) has no memory
            # left to check permissions against: reading succeeds and yields nothing.
            result[path] = "read" if data else "empty"
        except OSError as e:
            result[path] = type(e).__name__
result["root_pids"] = root_pids
print(json.dumps(result))
`;
    const found = json(await attack(code));
    expect(found.env).toEqual(PROBE_EXPECTED.env);
    expect(found.root_pids as string[]).toContain("1");
    for (const [path, outcome] of Object.entries(found)) {
      if (path.startsWith("/proc/")) expect(`${path}: ${outcome}`).not.toEndWith("read");
    }
  });

  test("signalling the supervisor: pid 1, the parent and every root process", async () => {
    const code = `
import json, os, signal
${ROOT_PIDS_PY}
result = {"ppid": os.getppid()}
targets = {1, os.getppid()}
targets |= {int(p) for p in list_root_pids()}
for pid in sorted(targets):
    for sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGTERM, signal.SIGINT):
        try:
            os.kill(pid, sig)
            result[f"{pid}/{sig.name}"] = "sent"
        except OSError as e:
            result[f"{pid}/{sig.name}"] = type(e).__name__
os.kill(-1, signal.SIGKILL)  # every process it may signal: only its own uid, so none but itself (excluded)
print(json.dumps(result))
`;
    const found = json(await attack(code));
    expect(Object.keys(found).length).toBeGreaterThan(4);
    for (const [key, outcome] of Object.entries(found)) {
      if (key !== "ppid") expect(`${key}: ${outcome}`).toEndWith("PermissionError");
    }
  });

  test("a double-forked setsid process that outlives its job and hunts for the next job's files", async () => {
    const code = `
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                secret = open("/work/secret.txt").read()
                for d in ("/tmp", "/dev/shm", "/work"):
                    open(f"{d}/stolen.txt", "w").write(secret)
            except OSError:
                pass
            time.sleep(0.01)
    os._exit(0)
print("main done")
`;
    const ran = await attack(code);
    expect(ran.stdout).toBe("main done\n");
    expect(ran.result.exitCode).toBe(0);
    // Reported so that the pool replaces the container, though the probe shows the survivor is gone.
    expect(ran.result.anomalies).toContain("processes outlived the job");
  });

  test("a ctypes segfault", async () => {
    const ran = await attack("import ctypes\nctypes.string_at(0)\n");
    expect(ran.result.signal).toBe("SIGSEGV");
    expect(ran.result.exitCode).toBeNull();
  });

  test("recursion 10^6 deep", async () => {
    const code = `
import sys
sys.setrecursionlimit(10**6 + 100)
def f(n):
    return 0 if n == 0 else 1 + f(n - 1)
print(f(10**6))
`;
    const ran = await attack(code);
    // It may finish, run out of memory or overflow the C stack; it must just end with a result.
    expect(ran.result.exitCode !== null || ran.result.signal !== null).toBe(true);
  });

  test("recursion past the default limit gives a normal traceback", async () => {
    const ran = await attack("def f(n):\n    return f(n + 1)\nf(0)\n");
    expect(ran.result.exitCode).toBe(1);
    expect(ran.stderr).toContain("RecursionError");
    expect(ran.stderr).toContain('File "/work/main.py"');
    expect(ran.stderr).not.toContain("supervisor.py");
  });

  test("SysV IPC and POSIX message queues are unavailable", async () => {
    const code = `
import ctypes, json
libc = ctypes.CDLL(None, use_errno=True)
result = {
    "shmget": libc.shmget(1234, 4096, 0o1666),
    "msgget": libc.msgget(1234, 0o1666),
    "semget": libc.semget(1234, 1, 0o1666),
    "mq_open": libc.mq_open(b"/slate", 0o102, 0o666, None),
}
print(json.dumps(result))
`;
    const found = json(await attack(code));
    expect(found).toEqual({ shmget: -1, msgget: -1, semget: -1, mq_open: -1 });
  });
});
