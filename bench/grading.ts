// Grading benchmark: 30 submissions x 10 stdin tests graded end to end through the durable queue
// (stored, claimed, one sandbox job per submission, scores written), next to the naive design that
// starts one `docker run --rm` per test case; then 30 submissions x 10 Python test-code tests (issue 18:
// two processes per test, the program's and the test's). Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createContext } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { submit } from "../src/features/solve/submit.ts";
import { insertProblem, insertTest } from "../src/models/problem.ts";
import { insertSection } from "../src/models/section.ts";
import { insertTask } from "../src/models/task.ts";
import { insertUser } from "../src/models/user.ts";
import { percentile } from "../src/sandbox/metrics.ts";

const SUBMISSIONS = 30;
const TESTS = 10;
const NAIVE_RUNS = 20; // docker runs actually timed for the naive design; the total is extrapolated
// SLATE_BENCH_SKIP_NAIVE=1 skips the naive baseline (about two minutes) while iterating; a run whose
// figures are reported must include it.
const SKIP_NAIVE = process.env.SLATE_BENCH_SKIP_NAIVE === "1";
/** Containers the pool replaced so far (after an anomaly such as a process that outlived its job). */
const replaced = () => ctx.sandbox!.status().metrics.recycled;

const solution = "a, b = map(int, input().split())\nprint(a + b)\n";
const codeSolution = "def add(a, b):\n    return a + b\n";
const dataDir = mkdtempSync(join(tmpdir(), "slate-bench-grading-"));
const config = loadConfig({ ...process.env, SLATE_DATA_DIR: dataDir, SLATE_LOG_LEVEL: "warn" });
const ctx = createContext(config, pino({ level: "warn" }));

async function seed() {
  const now = Date.now();
  const user = (username: string, role: "teacher" | "student") =>
    insertUser(ctx.db, {
      username,
      display_name: username,
      email: null,
      password_hash: "x",
      role,
      created_at: now,
    });
  const teacher = await user("teacher", "teacher");
  const section = await insertSection(
    ctx.db,
    {
      name: "Bench",
      enroll_code: "benchbench",
      created_by: teacher.id,
      created_at: now,
      updated_at: now,
      archived_at: null,
    },
    teacher.id,
    now,
  );
  const task = await insertTask(ctx.db, {
    section_id: section.id,
    title: "Bench",
    starts_at: null,
    due_at: null,
    access_code_enc: null,
    max_submissions: null,
    published: 1,
    created_at: now,
    updated_at: now,
  });
  const problem = await insertProblem(ctx.db, {
    task_id: task.id,
    title: "Sum",
    function_name: null,
    created_at: now,
    updated_at: now,
  });
  for (let i = 0; i < TESTS; i++) {
    await insertTest(ctx.db, {
      problem_id: problem.id,
      name: `t${i}`,
      position: i,
      input: `${i} ${i * 7}\n`,
      expected: `${i * 8}\n`,
      tolerance: null,
    });
  }
  const codeProblem = await insertProblem(ctx.db, {
    task_id: task.id,
    title: "Add (test code)",
    function_name: null,
    created_at: now,
    updated_at: now,
  });
  for (let i = 0; i < TESTS; i++) {
    await insertTest(ctx.db, {
      problem_id: codeProblem.id,
      name: `c${i}`,
      position: i,
      kind: "code",
      input: `assert add(${i}, ${i * 7}) == ${i * 8}\nassert add(-${i}, ${i}) == 0\n`,
      expected: "",
      tolerance: null,
    });
  }
  const students = [];
  for (let i = 0; i < SUBMISSIONS + 1; i++) students.push(await user(`s${i}`, "student"));
  return { task, problem, codeProblem, students };
}

function waitForGraded(count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = ctx.events.on("submission:graded", () => {
      if (++seen === count) {
        off();
        resolve();
      }
    });
  });
}

async function gradeAll(
  s: Awaited<ReturnType<typeof seed>>,
  students: typeof s.students,
  problem = s.problem,
  code = solution,
): Promise<number> {
  const done = waitForGraded(students.length);
  const started = performance.now();
  for (const user of students) {
    const r = await submit(ctx, {
      user,
      task: s.task,
      problem,
      files: [{ name: "main.py", content: code }],
      mainFile: "main.py",
    });
    if (!r.ok) throw new Error(r.message);
  }
  await done;
  return performance.now() - started;
}

async function naivePerTest(image: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < NAIVE_RUNS + 1; i++) {
    const started = performance.now();
    const proc = Bun.spawn(
      ["docker", "run", "--rm", "-i", "--network", "none", "--entrypoint", "python3", image, "-c", solution],
      { stdin: new TextEncoder().encode("3 4\n"), stdout: "pipe", stderr: "pipe" },
    );
    const out = await new Response(proc.stdout).text();
    if ((await proc.exited) !== 0 || out.trim() !== "7") throw new Error("naive run failed");
    if (i > 0) times.push(performance.now() - started); // the first one warms up
  }
  return times;
}

try {
  console.log(`grading: starting the sandbox (min ${config.sandbox.min}, max ${config.sandbox.max})`);
  await ctx.sandbox!.start();
  if (ctx.sandbox!.status().state !== "ready") throw new Error(`sandbox: ${ctx.sandbox!.status().reason}`);
  await ctx.grading.start();
  const s = await seed();
  await gradeAll(s, s.students.slice(0, 1)); // warm-up
  const replacedBefore = replaced();
  const totalMs = await gradeAll(s, s.students.slice(1));
  const replacedStdin = replaced() - replacedBefore;
  const graded = ctx.sqlite
    .query<{ n: number; full: number }, []>(
      "SELECT count(*) AS n, sum(score = max_score) AS full FROM submissions WHERE status = 'graded'",
    )
    .get()!;
  console.log(
    `queue: ${SUBMISSIONS} submissions x ${TESTS} tests in ${(totalMs / 1000).toFixed(2)} s (${graded.full}/${graded.n} full marks, ${replacedStdin} containers replaced)`,
  );

  const naive = SKIP_NAIVE ? [Number.NaN] : await naivePerTest(ctx.sandbox!.status().image);
  const naivePerTestMs = percentile(naive, 50);
  const naiveTotalS = (naivePerTestMs * SUBMISSIONS * TESTS) / 1000;
  console.log(
    `naive: docker run per test p50 ${Math.round(naivePerTestMs)} ms (${NAIVE_RUNS} runs), ` +
      `x ${SUBMISSIONS * TESTS} tests = ${naiveTotalS.toFixed(1)} s`,
  );
  const totalS = totalMs / 1000;
  console.log(
    `grading total_s=${totalS.toFixed(2)} tests_per_s=${Math.round((SUBMISSIONS * TESTS) / totalS)} ` +
      `naive_total_s=${naiveTotalS.toFixed(1)} speedup=${Math.round(naiveTotalS / totalS)}`,
  );

  await gradeAll(s, s.students.slice(0, 1), s.codeProblem, codeSolution); // warm-up
  const replacedBeforeCode = replaced();
  const codeMs = await gradeAll(s, s.students.slice(1), s.codeProblem, codeSolution);
  const replacedCode = replaced() - replacedBeforeCode;
  const codeGraded = ctx.sqlite
    .query<{ n: number; full: number }, [number]>(
      "SELECT count(*) AS n, sum(score = max_score) AS full FROM submissions WHERE status = 'graded' AND problem_id = ?",
    )
    .get(s.codeProblem.id)!;
  console.log(
    `code tests: ${codeGraded.full}/${codeGraded.n} full marks, ${replacedCode} containers replaced`,
  );
  const codeS = codeMs / 1000;
  console.log(
    `grading_code total_s=${codeS.toFixed(2)} tests_per_s=${Math.round((SUBMISSIONS * TESTS) / codeS)}`,
  );
} finally {
  await ctx.grading.stop();
  await ctx.sandbox?.stop();
  ctx.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
