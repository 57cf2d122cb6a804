// The execution image: tagged with a hash of its build context, built at startup when the tag is missing.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type Docker from "dockerode";
import type { SandboxLogger } from "./types.ts";

export const BASE_IMAGE = "debian:bookworm-slim";
export const defaultSandboxDir = resolve(import.meta.dir, "../../sandbox");

/** Files sent to `docker build`: everything in sandbox/ but docs and the base-image bootstrap script. */
export function buildContext(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.endsWith(".md") && !name.endsWith(".sh") && !name.startsWith("."))
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

/** slate-sandbox:<first 12 hex digits of a SHA-256 over the context's names and contents>. */
export function imageTag(dir: string): string {
  const hash = createHash("sha256");
  for (const name of buildContext(dir)) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(dir, name)));
    hash.update("\0");
  }
  return `slate-sandbox:${hash.digest("hex").slice(0, 12)}`;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Builds the image unless it exists, logging each build step. */
export async function ensureImage(
  docker: Docker,
  dir: string,
  tag: string,
  logger: SandboxLogger,
): Promise<void> {
  if (await imageExists(docker, tag)) return;
  if (!(await imageExists(docker, BASE_IMAGE))) {
    logger.warn(
      `sandbox: base image ${BASE_IMAGE} is missing; docker will try to pull it` +
        " (offline hosts: run sandbox/bootstrap-base.sh first)",
    );
  }
  logger.info({ image: tag }, "sandbox: building the execution image (first start; about a minute)");
  const started = Date.now();
  const output = await docker.buildImage(
    { context: dir, src: buildContext(dir) },
    { t: tag, rm: true, forcerm: true, labels: { "slate.role": "sandbox-image" } },
  );
  await new Promise<void>((resolvePromise, reject) => {
    docker.modem.followProgress(
      output,
      (error: Error | null) => (error ? reject(error) : resolvePromise()),
      (event: { stream?: string; error?: string }) => {
        if (event.error) reject(new Error(`image build failed: ${event.error.trim()}`));
        const line = event.stream?.trim();
        if (line?.startsWith("Step ")) logger.info({ image: tag }, `sandbox: build ${line}`);
      },
    );
  });
  if (!(await imageExists(docker, tag))) throw new Error("image build finished without producing the image");
  logger.info({ image: tag, seconds: Math.round((Date.now() - started) / 1000) }, "sandbox: image built");
}
