// Bundles the browser TypeScript in src/client/ into static/dist/ (one file per entry point).
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const clientDir = join(root, "src/client");
const entrypoints = readdirSync(clientDir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("_"))
  .map((f) => join(clientDir, f));

const result = await Bun.build({
  entrypoints,
  outdir: join(root, "static/dist"),
  // Bundles are named after their entry point in src/client/, even when one imports a module from a
  // feature folder (the visualizer's codec): without a root, Bun would mirror src/client/ in the output.
  root: clientDir,
  target: "browser",
  // The pages load the bundles as classic <script> tags, where top-level names of every bundle share
  // one global scope: minified, two bundles both declare `n` and the later one replaces the earlier's
  // (the phone menu broke that way). Each bundle is wrapped in its own function scope instead.
  format: "iife",
  minify: true,
  sourcemap: "linked",
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(
  `client: built ${result.outputs.filter((o) => o.kind === "entry-point").length} bundles into static/dist`,
);
