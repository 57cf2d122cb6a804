// The README and docs/architecture.md point only at things a clone of the repository has (issue 10,
// item 19: the README sent readers to ../shared/DESIGN.md, which exists only on the team's machine).
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(import.meta.dir, "../..");
const DOCS = ["README.md", "docs/architecture.md"];
const read = (file: string) => readFileSync(join(root, file), "utf8");

test("the README links the architecture document and nothing outside the repository", () => {
  const readme = read("README.md");
  expect(readme).toContain("(docs/architecture.md)");
  expect(readme).not.toContain("../");
});

test("every relative link in the docs leads to a file of the repository", () => {
  const missing: string[] = [];
  for (const file of DOCS) {
    for (const [, target] of read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (!target || /^[a-z]+:/.test(target)) continue; // https:, mailto:
      if (!existsSync(join(root, dirname(file), target))) missing.push(`${file}: ${target}`);
    }
  }
  expect(missing).toEqual([]);
});

test("every path the architecture document names exists", () => {
  const named = [
    ...read("docs/architecture.md").matchAll(
      /`((?:src|views|tests|sandbox|migrations|static|scripts|docs)\/[^`\s*]*)`/g,
    ),
  ]
    .map(([, path]) => path!)
    .filter((path) => !/000N|<\w+>/.test(path)); // placeholders: a new migration, an area, a bundle
  expect(named.length).toBeGreaterThan(20);
  expect(named.filter((path) => !existsSync(join(root, path)))).toEqual([]);
});
