// `npm run trace -- FILE [--stdin TEXT] [--heap-primitives]`: traces FILE (whatever its extension) as
// main.py in the real sandbox and prints only the trace, in Python Tutor's documented format, on
// stdout. For debugging the tracer and comparing it with other tools. Needs the Docker engine.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadConfig } from "../../config.ts";
import { createSandbox } from "../../sandbox/index.ts";
import { decodeTrace } from "./codec.ts";
import { traceProgram } from "./trace-job.ts";

function parseArgs(argv: string[]): { file: string; stdin: string; heapPrimitives: boolean } {
  let file: string | undefined;
  let stdin = "";
  let heapPrimitives = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--stdin") stdin = argv[++i] ?? "";
    else if (arg === "--heap-primitives") heapPrimitives = true;
    else if (!file) file = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!file) throw new Error("usage: npm run trace -- FILE [--stdin TEXT] [--heap-primitives]");
  return { file, stdin, heapPrimitives };
}

const quiet = { info() {}, warn() {}, error: (o: object | string) => console.error(o) };

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const content = readFileSync(args.file, "utf8");
  const config = loadConfig();
  const sandbox = createSandbox({
    instanceId: `trace-cli-${randomUUID().slice(0, 8)}`,
    logger: quiet,
    min: 1,
    max: 1,
  });
  try {
    await sandbox.start();
    const compact = await traceProgram(sandbox, {
      files: [{ name: "main.py", content }],
      main: "main.py",
      stdin: args.stdin,
      maxSteps: config.traceMaxSteps,
      heapPrimitives: args.heapPrimitives,
    });
    process.stdout.write(`${JSON.stringify(decodeTrace(compact), null, 2)}\n`);
    return 0;
  } finally {
    await sandbox.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`trace: ${(error as Error).message}`);
    process.exit(1);
  },
);
