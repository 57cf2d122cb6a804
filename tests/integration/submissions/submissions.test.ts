// The teacher's side of submissions with the real sandbox: table and filters, regrading after a test
// changed (with live progress and a summary), overrides, and the leaderboard.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Problem, Task } from "../../../src/db/tables/problems.ts";
import { submit } from "../../../src/features/solve/submit.ts";
import { regradeProgress } from "../../../src/features/submissions/regrade.ts";
import { selectOptionalSubmission } from "../../../src/models/submission.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { SUM_RIGHT, SUM_WRONG, seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, teacher, section } = useClassroom({ sandbox: { max: 2, grading: true } });
let alice: Client;
let task: Task;
let problem: Problem;
const ids: number[] = [];

async function user(username: string) {
  return t.ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
}

async function allGraded() {
  for (;;) {
    const pending = t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM submissions WHERE status IN ('queued', 'running')")
      .get()!.n;
    if (pending === 0) return;
    await Bun.sleep(25);
  }
}

beforeAll(async () => {
  alice = (await registerStudent(t, section.code, "alice")).client;
  await registerStudent(t, section.code, "bob");
  task = await seedTask(t, section.id);
  problem = await seedSumProblem(t, task.id);
  for (const [name, code] of [
    ["alice", SUM_RIGHT],
    ["bob", SUM_WRONG],
  ] as const) {
    const r = await submit(t.ctx, {
      user: await user(name),
      task,
      problem,
      files: [{ name: "main.py", content: code }],
      mainFile: "main.py",
    });
    if (!r.ok) throw new Error(r.message);
    ids.push(r.submission.id);
  }
  await allGraded();
}, 300_000);

const table = (query = "") =>
  teacher.get(`/manage/tasks/${task.id}/submissions${query}`).then((r) => r.text());

describe("submissions table", () => {
  test("lists submissions and filters by student, status and score", async () => {
    const all = await table();
    expect(all).toContain("Student alice");
    expect(all).toContain("Student bob");
    expect(all).toContain("3/3");
    expect(all).toContain("1/3");
    const onlyBob = await table("?student=BOB");
    expect(onlyBob).not.toContain("Student alice");
    expect(onlyBob).toContain("Student bob");
    const high = await table("?min=2");
    expect(high).toContain("Student alice");
    expect(high).not.toContain("Student bob");
    expect(await table("?status=queued")).toContain("No submissions match");
    expect((await teacher.get(`/manage/tasks/${task.id}/submissions?min=abc`)).status).toBe(400);
  });

  test("students cannot reach it (404, as if it did not exist)", async () => {
    expect((await alice.get(`/manage/tasks/${task.id}/submissions`)).status).toBe(404);
  });
});

describe("regrade", () => {
  test("after a test changes, a regrade rescores everything and summarizes what changed", async () => {
    // The hidden test now expects what bob's program prints for it, and alice's no longer matches.
    t.ctx.sqlite
      .query("UPDATE test_cases SET expected = '0' WHERE problem_id = ? AND hidden = 1")
      .run(problem.id);
    const res = await teacher.post(`/manage/tasks/${task.id}/regrade`, { all: "1" });
    expect(res.status).toBe(303);
    const regradeId = Number(res.headers.get("location")?.split("/").pop());
    const events = await (await teacher.get(`/manage/regrades/${regradeId}/events`)).text();
    expect(events).toContain("event: progress");
    expect(events).toContain("Done.");
    expect(await regradeProgress(t.ctx, regradeId)).toEqual({
      total: 2,
      done: 2,
      errors: 0,
      up: 1,
      down: 1,
      same: 0,
    });
    expect((await selectOptionalSubmission(t.ctx.db, ids[0]!))?.score).toBe(1);
    expect((await selectOptionalSubmission(t.ctx.db, ids[1]!))?.score).toBe(3);
    expect((await alice.get(`/manage/regrades/${regradeId}/events`)).status).toBe(404);
  });

  test("regrading selected rows only touches those", async () => {
    const res = await teacher.post(`/manage/tasks/${task.id}/regrade`, { "ids[]": String(ids[0]) });
    const regradeId = Number(res.headers.get("location")?.split("/").pop());
    await allGraded();
    expect((await regradeProgress(t.ctx, regradeId)).total).toBe(1);
  });
});

describe("override and leaderboard", () => {
  test("a teacher overrides a score with a comment; out-of-range scores are refused", async () => {
    const id = ids[0]!;
    expect(
      (await teacher.post(`/manage/submissions/${id}/override`, { score: "7", comment: "" })).status,
    ).toBe(422);
    expect((await alice.post(`/manage/submissions/${id}/override`, { score: "3", comment: "" })).status).toBe(
      404,
    );
    expect(
      (await teacher.post(`/manage/submissions/${id}/override`, { score: "2.5", comment: "Nice idea." }))
        .status,
    ).toBe(303);
    const page = await (await alice.get(`/submissions/${id}`)).text();
    expect(page).toContain("Score set by the teacher");
    expect(page).toContain("Nice idea.");
  });

  test("the leaderboard ranks by score, hides other students' names, and can be switched off", async () => {
    const page = await (await alice.get(`/tasks/${task.id}/leaderboard`)).text();
    const board = page.slice(page.indexOf("<table"));
    expect(board).toContain("Student alice"); // her own name
    expect(board).not.toContain("Student bob");
    const first = board.indexOf("Student 1");
    expect(first).toBeGreaterThan(-1); // bob (3 points) is first, shown anonymously
    expect(first).toBeLessThan(board.indexOf("Student alice"));
    expect(await (await teacher.get(`/tasks/${task.id}/leaderboard`)).text()).toContain("Student bob");

    await teacher.post(`/manage/tasks/${task.id}/leaderboard`);
    expect((await alice.get(`/tasks/${task.id}/leaderboard`)).status).toBe(404);
  });
});
