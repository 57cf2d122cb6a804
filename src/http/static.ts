// Serves static/ (css, vendored htmx, bundled client code). Files are addressed with a ?v= asset
// version, so they can be cached for a long time and still change on every restart or deploy.
import { resolve, sep } from "node:path";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.ts";
import { staticDir } from "../lib/paths.ts";
import { version } from "../lib/version.ts";

const root = resolve(staticDir);

/** Changes with every release and every start, so browsers fetch fresh assets after a deploy. */
export const assetVersion = `${version}-${Date.now().toString(36)}`;

export const asset = (path: string) => `/static/${path}?v=${assetVersion}`;

export function serveStatic(): MiddlewareHandler<AppEnv> {
  return async (c) => {
    const rel = c.req.path.slice("/static/".length); // Hono has already percent-decoded the path
    const path = resolve(root, rel);
    if (!path.startsWith(root + sep) || rel.includes("\0")) return c.notFound();
    const file = Bun.file(path);
    if (!(await file.exists())) return c.notFound();
    c.header("Content-Type", file.type);
    c.header(
      "Cache-Control",
      c.req.query("v") ? "public, max-age=31536000, immutable" : "public, max-age=300",
    );
    return c.body(file.stream());
  };
}
