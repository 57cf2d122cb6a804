// The Node.js version Slate asks for (package.json "engines", the README) is one every installed
// dependency accepts, so `npm install` on it prints no EBADENGINE warning (issue 10, item 16); and
// every install script of a dependency is reviewed in "allowScripts" (item 17), so npm 11 does not
// warn that one is "not covered".
import { expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "../..");
const modules = join(root, "node_modules");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

interface Installed {
  name: string;
  version: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
}

/** Every package directly under node_modules (and under @scope/), as its package.json says. */
function installed(): Installed[] {
  const dirs = readdirSync(modules).flatMap((d) =>
    d.startsWith("@") ? readdirSync(join(modules, d)).map((s) => join(d, s)) : d.startsWith(".") ? [] : [d],
  );
  return dirs
    .map((d) => join(modules, d, "package.json"))
    .filter((f) => existsSync(f))
    .map((f) => JSON.parse(readFileSync(f, "utf8")) as Installed);
}

const lowest = (range: string) => /(\d+\.\d+\.\d+)/.exec(range)?.[1] ?? "";

test("package.json names the Node.js version every dependency accepts", () => {
  const range: string = pkg.engines?.node ?? "";
  expect(range).toMatch(/^>=\d+\.\d+\.\d+$/);
  const refused = installed()
    .filter((p) => typeof p.engines?.node === "string")
    .filter((p) => !Bun.semver.satisfies(lowest(range), p.engines!.node!))
    .map((p) => `${p.name}@${p.version} wants node ${p.engines!.node}`);
  expect(refused).toEqual([]);
});

test("the README states the same Node.js version", () => {
  const [major, minor] = lowest(pkg.engines.node).split(".");
  const readme = readFileSync(join(root, "README.md"), "utf8");
  expect(readme).toContain(`Node.js ${major}.${minor} or newer`);
  expect(readme).not.toMatch(/Node\.js 20\+/);
});

test("every dependency's install script is allowed or denied in allowScripts", () => {
  const policy: Record<string, boolean> = pkg.allowScripts ?? {};
  const unreviewed = installed()
    .filter((p) => ["preinstall", "install", "postinstall"].some((s) => p.scripts?.[s]))
    .filter((p) => typeof policy[p.name] !== "boolean")
    .map((p) => p.name);
  expect(unreviewed).toEqual([]);
  expect(policy.bun).toBe(true); // its postinstall puts the real binary in place: npm start needs it
});
