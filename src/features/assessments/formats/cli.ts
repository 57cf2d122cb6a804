// `npm run gift -- parse FILE` and `npm run aiken -- parse FILE`: prints the parsed questions as JSON
// with Moodle's field names (see types.ts); `$CATEGORY:` lines appear as {qtype: "category"} items in
// file order, as Moodle's importer yields them. Errors go to stderr, one a line with its line number,
// and the exit code is 1.
import { readFileSync } from "node:fs";
import { parseAiken } from "./aiken.ts";
import { parseGift } from "./gift.ts";

const PARSERS = { gift: parseGift, aiken: parseAiken } as const;

function main(argv: string[]): number {
  const [format, command, file] = argv;
  const parse = PARSERS[format as keyof typeof PARSERS];
  if (!parse || command !== "parse" || !file) {
    process.stderr.write(`usage: npm run ${format ?? "gift"} -- parse FILE\n`);
    return 2;
  }
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const result = parse(source);
  if (result.errors.length > 0) {
    for (const e of result.errors) process.stderr.write(`${file}:${e.line}: ${e.message}\n`);
    return 1;
  }
  process.stdout.write(
    `${JSON.stringify(
      result.items.map((i) => i.item),
      null,
      2,
    )}\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
