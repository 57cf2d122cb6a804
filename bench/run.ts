// `npm run bench -- NAME` runs bench/NAME.ts; with no name it lists the benchmarks.
import { readdirSync } from "node:fs";
import { join } from "node:path";

const names = readdirSync(import.meta.dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3));
const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.log(`usage: npm run bench -- <name>\navailable: ${names.join(", ")}`);
  process.exit(0);
}
for (const name of wanted) {
  if (!names.includes(name)) {
    console.error(`unknown benchmark "${name}" (available: ${names.join(", ")})`);
    process.exit(2);
  }
  await import(join(import.meta.dir, `${name}.ts`));
}
