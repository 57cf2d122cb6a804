import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { containerSpec, describeDockerError } from "../../../src/sandbox/docker.ts";
import { buildContext, imageTag } from "../../../src/sandbox/image.ts";

const settings = {
  image: "slate-sandbox:test",
  instanceId: "inst1",
  jobUid: 123456,
  memoryMb: 256,
  cpus: 1,
  pidsLimit: 128,
  tmpfsMb: 64,
  protectFromOom: true,
};

describe("containerSpec", () => {
  const spec = containerSpec(settings);
  const host = spec.HostConfig ?? {};

  test("has no network", () => {
    expect(host.NetworkMode).toBe("none");
    expect(spec.NetworkDisabled).toBe(true);
  });

  test("masks Docker's default paths and every machine-wide counter in /proc", () => {
    const masked = (host as { MaskedPaths?: string[] }).MaskedPaths ?? [];
    for (const path of [
      "/proc/kcore",
      "/proc/keys",
      "/sys/firmware",
      "/proc/loadavg",
      "/proc/stat",
      "/proc/meminfo",
    ])
      expect(masked).toContain(path);
    expect(masked.some((p) => p.startsWith("/proc/sysvipc") || p.includes("self"))).toBe(false); // the supervisor reads those
  });

  test("caps memory without swap, CPU and processes", () => {
    expect(host.Memory).toBe(256 * 1024 * 1024);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.NanoCpus).toBe(1e9);
    expect(host.PidsLimit).toBe(128);
  });

  test("drops privileges and writes only to small tmpfs mounts", () => {
    expect(host.CapDrop).toEqual(["ALL"]);
    expect(host.CapAdd).toEqual(["SETUID", "SETGID"]);
    expect(host.SecurityOpt).toContain("no-new-privileges");
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Tmpfs?.["/tmp"]).toContain("size=64m");
    // /work belongs to the data files' owner and is sticky: the job (uid 123456 here) makes and removes
    // its own files there but cannot replace a problem's read-only data files.
    expect(host.Tmpfs?.["/work"]).toContain("uid=65530");
    expect(host.Tmpfs?.["/work"]).toContain("mode=1777");
    expect(host.Tmpfs?.["/work"]).not.toContain("uid=123456");
    expect(host.Tmpfs?.["/work"]).toContain("noexec");
    expect(host.ShmSize).toBe(64 * 1024 * 1024);
    expect(host.Ulimits).toContainEqual({ Name: "core", Soft: 0, Hard: 0 });
    expect(host.Sysctls?.["kernel.shmmni"]).toBe("0");
  });

  test("logs nothing, removes itself and is labelled for orphan cleanup", () => {
    expect(host.LogConfig?.Type).toBe("none");
    expect(host.AutoRemove).toBe(true);
    expect(spec.StdinOnce).toBe(true);
    expect(spec.Labels).toEqual({ "slate.instance": "inst1", "slate.role": "sandbox" });
    expect(spec.Env).toEqual(["SLATE_JOB_UID=123456"]);
  });

  test("asks for OOM protection only when the engine allows it", () => {
    expect(host.OomScoreAdj).toBe(-1000);
    expect(containerSpec({ ...settings, protectFromOom: false }).HostConfig?.OomScoreAdj).toBeUndefined();
  });
});

describe("image tag", () => {
  test("hashes the build context, ignoring docs and scripts", () => {
    const dir = mkdtempSync(join(tmpdir(), "slate-ctx-"));
    try {
      writeFileSync(join(dir, "Dockerfile"), "FROM debian:bookworm-slim\n");
      writeFileSync(join(dir, "supervisor.py"), "print(1)\n");
      writeFileSync(join(dir, "README.md"), "docs\n");
      writeFileSync(join(dir, "bootstrap-base.sh"), "#!/bin/sh\n");
      expect(buildContext(dir)).toEqual(["Dockerfile", "supervisor.py"]);
      const first = imageTag(dir);
      expect(first).toMatch(/^slate-sandbox:[0-9a-f]{12}$/);
      writeFileSync(join(dir, "README.md"), "other docs\n");
      expect(imageTag(dir)).toBe(first);
      writeFileSync(join(dir, "supervisor.py"), "print(2)\n");
      expect(imageTag(dir)).not.toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("describeDockerError", () => {
  test("names an unreachable engine", () => {
    const error = Object.assign(new Error("connect ENOENT /x.sock"), {
      code: "ENOENT",
      syscall: "connect",
      address: "/x.sock",
    });
    expect(describeDockerError(error)).toBe("the Docker engine is unreachable at /x.sock (ENOENT)");
  });

  test("prefers the engine's own message", () => {
    const error = Object.assign(new Error("HTTP 500"), { json: { message: "no such image" } });
    expect(describeDockerError(error)).toBe("no such image");
  });
});
