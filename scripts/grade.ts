// npm run grade -- PROBLEM.md SOLUTION.py [MORE_FILES...]
//
// Grades files against the problem(s) of a Markdown file in Slate's format, through the real sandbox
// (the Docker engine; the image is built when missing), as a submission would be graded. Prints one
// JSON line per test and the score; exits 0 when every test passed, 1 when a test did not, 2 for a
// bad command line or problem file, 3 when the sandbox could not run it. SOLUTION.py is sent under the
// problem's main file name; MORE_FILES keep their own names.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadConfig } from "../src/config.ts";
import type { Problem, TestCase } from "../src/db/tables/problems.ts";
import { typedColumns } from "../src/features/execution/python-values.ts";
import { problemColumns, testColumns } from "../src/features/problems/authoring-rules.ts";
import { type ProblemDoc, parseProblems } from "../src/features/problems/problem-markdown.ts";
import { runTests, SandboxUnavailableError } from "../src/grading/service.ts";
import { dataJobFile } from "../src/models/problem-data-files.ts";
import { createSandbox, type Sandbox } from "../src/sandbox/index.ts";

const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

function usage(message: string): never {
  warn(`${message}\nUsage: npm run grade -- PROBLEM.md SOLUTION.py [MORE_FILES...]`);
  process.exit(2);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    usage(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

/** A problem and its tests as rows, without a database (ids are positions). */
async function rowsOf(
  sandbox: Sandbox,
  doc: ProblemDoc,
  id: number,
): Promise<{ problem: Problem; tests: TestCase[] }> {
  const typed = await typedColumns(sandbox, doc.tests);
  if (!typed.ok) usage(`Problem "${doc.problem.title}": ${typed.message}`);
  const problem = {
    ...problemColumns(doc.problem),
    id,
    task_id: 0,
    position: 0,
    created_at: 0,
    updated_at: 0,
  };
  const tests = doc.tests.map((t, i) => ({
    ...testColumns(t),
    ...typed.typed[i],
    id: i + 1,
    problem_id: id,
    position: i,
  }));
  return { problem: problem as Problem, tests: tests as TestCase[] };
}

async function main(): Promise<number> {
  const [problemPath, solutionPath, ...more] = process.argv.slice(2);
  if (!problemPath || !solutionPath) usage("Give a problem file and a solution file.");
  const parsed = parseProblems(readText(problemPath));
  if (!parsed.ok) {
    for (const e of parsed.errors) warn(`${problemPath}:${e.line}: ${e.message}`);
    return 2;
  }
  const config = loadConfig();
  const quiet = {
    info: () => {},
    warn: (o: unknown, m?: string) => warn(m ?? String(o)),
    error: (o: unknown, m?: string) => warn(m ?? JSON.stringify(o)),
  };
  const sandbox = createSandbox({
    instanceId: `slate-grade-cli-${process.pid}`,
    logger: quiet,
    min: 1,
    max: 1,
    memoryMb: config.sandbox.memoryMb,
    cpus: config.sandbox.cpus,
  });
  await sandbox.start();
  const status = sandbox.status();
  if (status.state !== "ready") {
    warn(`The sandbox is not available: ${status.reason ?? status.state}`);
    await sandbox.stop();
    return 3;
  }
  try {
    let failed = false;
    for (const [i, doc] of parsed.docs.entries()) {
      const { problem, tests } = await rowsOf(sandbox, doc, i + 1);
      const files = [
        { name: problem.main_file, content: readText(solutionPath) },
        ...more.map((path) => ({ name: basename(path), content: readText(path) })),
      ];
      // The problem's data files go in as the grader sends them: read-only, beside the solution.
      const dataFiles = doc.dataFiles.map(dataJobFile);
      const result = await runTests(sandbox, problem, tests, files, problem.main_file, { dataFiles });
      if (result.check) {
        say(JSON.stringify({ problem: problem.title, check: result.check }));
        failed = true;
      }
      for (const o of result.tests) {
        const test = tests.find((t) => t.id === o.testId)!;
        say(
          JSON.stringify({
            problem: problem.title,
            test: test.name,
            status: o.status,
            points: o.points,
            maxPoints: o.maxPoints,
            ms: o.ms,
            ...(o.parts ? { parts: o.parts } : {}),
            ...(o.status === "pass" ? {} : { actual: o.actual, stderr: o.stderr }),
          }),
        );
        if (o.status !== "pass") failed = true;
      }
      say(`score ${problem.title}: ${result.rawScore}/${result.maxScore}`);
    }
    return failed ? 1 : 0;
  } catch (err) {
    if (err instanceof SandboxUnavailableError) {
      warn(`The sandbox could not run the tests: ${err.message}`);
      return 3;
    }
    throw err;
  } finally {
    await sandbox.stop();
  }
}

process.exit(await main());
