// Where Slate's own files (static/, sandbox/, migrations/) live. From source that is the repository;
// for the compiled binary (`dist/slate`, or /app/slate in the image) it is the folder beside it.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function findAppRoot(): string {
  if (process.env.SLATE_APP_ROOT) return resolve(process.env.SLATE_APP_ROOT);
  const fromSource = resolve(import.meta.dir, "../..");
  if (existsSync(join(fromSource, "migrations"))) return fromSource;
  const besideBinary = dirname(process.execPath);
  if (existsSync(join(besideBinary, "migrations"))) return besideBinary;
  return resolve(besideBinary, "..");
}

export const appRoot = findAppRoot();
export const staticDir = join(appRoot, "static");
export const migrationsDir = join(appRoot, "migrations");
export const sandboxDir = join(appRoot, "sandbox");
