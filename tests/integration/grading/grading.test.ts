// The grading queue against the real Docker sandbox: scores, hidden tests, late penalties, the
// submission rules, and a crash in the middle of a grading.
import { describe, expect, test } from "bun:test";
import type { Problem, Submission, Task } from "../../../src/db/tables/problems.ts";
import { submit } from "../../../src/features/solve/submit.ts";
import { GradingService } from "../../../src/grading/service.ts";
import { selectOptionalSubmission } from "../../../src/models/submission.ts";
import { insertTaskUnlock } from "../../../src/models/task.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";
import { SUM_RIGHT, SUM_WRONG, seedSumProblem, seedTask } from "../../helpers/problems.ts";

// useClassroom expects the sandbox's state to be "ready" before any test runs.
const { t, section } = useClassroom({ sandbox: { max: 2, grading: true } });
let userCount = 0;

async function student() {
  const username = `stud${++userCount}`;
  await registerStudent(t, section.code, username);
  return t.ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
}

async function graded(id: number, timeoutMs = 60_000): Promise<Submission> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await selectOptionalSubmission(t.ctx.db, id);
    if (s && (s.status === "graded" || s.status === "error")) return s;
    await Bun.sleep(25);
  }
  throw new Error(`submission ${id} was not graded in time`);
}

const main = (content: string) => [{ name: "main.py", content }];
/** Submits `content` as the one file main.py, as the solve page does. */
const submitMain = (
  user: Parameters<typeof submit>[1]["user"],
  task: Task,
  problem: Problem,
  content: string,
) => submit(t.ctx, { user, task, problem, files: main(content), mainFile: "main.py" });

describe("grading", () => {
  test("a right solution scores full marks; a wrong one fails the hidden test", async () => {
    const task = await seedTask(t, section.id);
    const problem = await seedSumProblem(t, task.id);
    const user = await student();
    const right = await submit(t.ctx, { user, task, problem, files: main(SUM_RIGHT), mainFile: "main.py" });
    const wrong = await submit(t.ctx, { user, task, problem, files: main(SUM_WRONG), mainFile: "main.py" });
    if (!right.ok || !wrong.ok) throw new Error("not accepted");
    expect(right.submission.status).toBe("queued"); // stored before anything ran

    const r = await graded(right.submission.id);
    expect([r.raw_score, r.max_score, r.score]).toEqual([3, 3, 3]);
    const w = await graded(wrong.submission.id);
    expect([w.raw_score, w.score]).toEqual([1, 1]);
    const results = JSON.parse(w.results!);
    expect(results.tests.map((x: { status: string }) => x.status)).toEqual(["pass", "fail"]);
  });

  test("a submission with the most files a student may send is graded (the harness is one more)", async () => {
    const task = await seedTask(t, section.id);
    const problem = await seedSumProblem(t, task.id);
    const files = [
      { name: "main.py", content: "from helper0 import add\nprint(add(*map(int, input().split())))\n" },
      ...Array.from({ length: 19 }, (_, i) => ({
        name: `helper${i}.py`,
        content: "def add(a, b):\n    return a + b\n",
      })),
    ];
    const res = await submit(t.ctx, { user: await student(), task, problem, files, mainFile: "main.py" });
    if (!res.ok) throw new Error(res.message);
    const s = await graded(res.submission.id);
    expect([s.status, s.score]).toEqual(["graded", 3]);
  });

  test("all tests of a submission run in one sandbox job", async () => {
    const task = await seedTask(t, section.id);
    const tests = Array.from({ length: 10 }, (_, i) => ({
      name: `n${i}`,
      input: `${i} ${i}\n`,
      expected: `${2 * i}\n`,
    }));
    const problem = await seedSumProblem(t, task.id, tests);
    const before = t.ctx.sandbox!.status().metrics.done;
    const res = await submitMain(await student(), task, problem, SUM_RIGHT);
    if (!res.ok) throw new Error(res.message);
    expect((await graded(res.submission.id)).score).toBe(10);
    expect(t.ctx.sandbox!.status().metrics.done - before).toBe(1);
  });

  test("runtime errors, timeouts and function signatures are reported per test", async () => {
    const task = await seedTask(t, section.id);
    const problem = await seedSumProblem(t, task.id, [{ name: "p", input: "[2, 3]", expected: "5" }], {
      kind: "function",
      function_name: "add",
      function_params: JSON.stringify(["a", "b"]),
      time_limit_ms: 500,
    });
    const user = await student();
    const wrongSig = await submit(t.ctx, {
      user,
      task,
      problem,
      files: main("def add(a):\n    return a\n"),
      mainFile: "main.py",
    });
    const loop = await submit(t.ctx, {
      user,
      task,
      problem,
      files: main("def add(a, b):\n    while True: pass\n"),
      mainFile: "main.py",
    });
    const ok = await submit(t.ctx, {
      user,
      task,
      problem,
      files: main("def helper(x):\n    return x\n\ndef add(a, b):\n    return helper(a) + b\n"),
      mainFile: "main.py",
    });
    if (!wrongSig.ok || !loop.ok || !ok.ok) throw new Error("not accepted");
    const sig = JSON.parse((await graded(wrongSig.submission.id)).results!);
    expect(sig.check.kind).toBe("signature");
    expect(sig.check.message).toContain("add must take exactly (a, b)");
    expect(JSON.parse((await graded(loop.submission.id)).results!).tests[0].status).toBe("timeout");
    expect((await graded(ok.submission.id)).score).toBe(1);
  });

  test("a late submission is graded with the penalty of its time", async () => {
    const now = t.clock.now();
    const task = await seedTask(t, section.id, {
      due_at: now - 30 * 3_600_000, // 30 hours ago: two started 24 h intervals
      late_policy: "penalty",
      late_penalty_pct: 15,
      late_interval_hours: 24,
      late_cap_pct: 25,
    });
    const problem = await seedSumProblem(t, task.id);
    const res = await submitMain(await student(), task, problem, SUM_RIGHT);
    if (!res.ok) throw new Error(res.message);
    expect(res.late).toBe(true);
    const s = await graded(res.submission.id);
    expect(s.late_penalty_pct).toBe(25); // 2 x 15 %, capped at 25 %
    expect([s.raw_score, s.score]).toEqual([3, 2.25]);
  });
});

describe("submission rules", () => {
  test("the maximum number of submissions holds, even for simultaneous clicks", async () => {
    const task = await seedTask(t, section.id, { max_submissions: 2 });
    const problem = await seedSumProblem(t, task.id);
    const user = await student();
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () =>
        submit(t.ctx, { user, task, problem, files: main(SUM_RIGHT), mainFile: "main.py" }),
      ),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(2);
    const refused = attempts.find((a) => !a.ok);
    expect(refused && !refused.ok && refused.message).toContain("all 2 submissions");
  });

  test("lock after the first submission", async () => {
    const task = await seedTask(t, section.id, { lock_after_first: 1 });
    const problem = await seedSumProblem(t, task.id);
    const user = await student();
    expect(
      (await submit(t.ctx, { user, task, problem, files: main(SUM_WRONG), mainFile: "main.py" })).ok,
    ).toBe(true);
    const second = await submit(t.ctx, { user, task, problem, files: main(SUM_RIGHT), mainFile: "main.py" });
    expect(second.ok).toBe(false);
  });

  test("the access code must be entered first; draft, unstarted and closed tasks refuse", async () => {
    const user = await student();
    const coded = await seedTask(t, section.id, { access_code_enc: "x" });
    const p1 = await seedSumProblem(t, coded.id);
    expect(
      await submit(t.ctx, { user, task: coded, problem: p1, files: main(SUM_RIGHT), mainFile: "main.py" }),
    ).toMatchObject({
      ok: false,
      message: "Enter the task's access code first.",
    });
    await insertTaskUnlock(t.ctx.db, coded.id, user.id, t.clock.now());
    expect(
      (await submit(t.ctx, { user, task: coded, problem: p1, files: main(SUM_RIGHT), mainFile: "main.py" }))
        .ok,
    ).toBe(true);

    for (const over of [
      { published: 0 },
      { starts_at: t.clock.now() + 60_000 },
      { due_at: t.clock.now() - 1, late_policy: "none" as const },
    ]) {
      const task = await seedTask(t, section.id, over);
      const problem = await seedSumProblem(t, task.id);
      expect(
        (await submit(t.ctx, { user, task, problem, files: main(SUM_RIGHT), mainFile: "main.py" })).ok,
      ).toBe(false);
    }
  });
});

describe("durability", () => {
  test("a grading interrupted by a crash resumes at the next start and is written exactly once", async () => {
    const task = await seedTask(t, section.id);
    const problem = await seedSumProblem(t, task.id);
    const slow = "import time\ntime.sleep(1.5)\na, b = map(int, input().split())\nprint(a + b)\n";
    const graded: number[] = [];
    const off = t.ctx.events.on("submission:graded", (e) => graded.push(e.submissionId));

    // The worker of the "old process" claims the submission and dies in the middle of it.
    await t.ctx.grading.stop();
    const old = new GradingService(
      { db: t.ctx.db, sandbox: t.ctx.sandbox, logger: t.ctx.logger, clock: t.clock, events: t.ctx.events },
      1,
    );
    await old.start();
    const res = await submit(t.ctx, {
      user: await student(),
      task,
      problem,
      files: main(slow),
      mainFile: "main.py",
    });
    if (!res.ok) throw new Error(res.message);
    old.notify();
    while ((await selectOptionalSubmission(t.ctx.db, res.submission.id))?.status !== "running")
      await Bun.sleep(20);
    await old.stop();
    expect((await selectOptionalSubmission(t.ctx.db, res.submission.id))?.status).toBe("running");

    // The next start finds it, grades it, and the score is written once.
    const next = new GradingService(
      { db: t.ctx.db, sandbox: t.ctx.sandbox, logger: t.ctx.logger, clock: t.clock, events: t.ctx.events },
      1,
    );
    await next.start();
    const done = await (async () => {
      for (;;) {
        const s = await selectOptionalSubmission(t.ctx.db, res.submission.id);
        if (s?.status === "graded") return s;
        await Bun.sleep(25);
      }
    })();
    expect(done.score).toBe(3);
    expect(done.grading_round).toBe(2);
    await Bun.sleep(300);
    expect(graded.filter((id) => id === res.submission.id)).toEqual([res.submission.id]);
    await next.stop();
    off();
    await t.ctx.grading.start();
  }, 60_000);
});
