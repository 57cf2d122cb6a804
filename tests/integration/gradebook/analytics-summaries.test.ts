// The summary tables behind the gradebook and dashboards (grade_cells, test_stats, activity_days,
// migrations/0006) stay equal to the same aggregates computed from submissions, through inserts,
// gradings, regrades, overrides and deletions, whichever code path writes them.
import { expect, test } from "bun:test";
import { DAY, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";

const { t, f } = useClassroom({ section: "Python A", fixture: {} });

const all = (sql: string) => t.ctx.sqlite.query(sql).all();

function expectInSync() {
  expect(
    all(
      "SELECT problem_id, user_id, attempts, best, pending, last_at, last_id FROM grade_cells ORDER BY 1, 2",
    ),
  ).toEqual(
    all(`SELECT problem_id, user_id, count(*) AS attempts,
           max(CASE WHEN status = 'graded' THEN coalesce(override_score, score) END) AS best,
           sum(status IN ('queued', 'running')) AS pending, max(submitted_at) AS last_at, max(id) AS last_id
         FROM submissions GROUP BY 1, 2 ORDER BY 1, 2`),
  );
  expect(
    all(
      "SELECT test_id, user_id, runs, failures, wrong, crashed, timed_out FROM test_stats WHERE runs > 0 ORDER BY 1, 2",
    ),
  ).toEqual(
    all(`SELECT j.value ->> '$.testId' AS test_id, s.user_id, count(*) AS runs,
           sum(j.value ->> '$.status' <> 'pass') AS failures, sum(j.value ->> '$.status' = 'fail') AS wrong,
           sum(j.value ->> '$.status' IN ('error', 'memory')) AS crashed, sum(j.value ->> '$.status' = 'timeout') AS timed_out
         FROM submissions s, json_each(s.results, '$.tests') j
         WHERE s.status = 'graded' AND j.value ->> '$.status' <> 'skipped' GROUP BY 1, 2 ORDER BY 1, 2`),
  );
  expect(
    all(
      "SELECT section_id, day, user_id, submissions FROM activity_days WHERE submissions > 0 ORDER BY 1, 2, 3",
    ),
  ).toEqual(
    all(`SELECT t.section_id, date(s.submitted_at / 1000, 'unixepoch', 'localtime') AS day, s.user_id, count(*) AS submissions
         FROM submissions s JOIN problems p ON p.id = s.problem_id JOIN tasks t ON t.id = p.task_id
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
  );
}

const results = (tests: { id: number; status: string; points: number }[]) =>
  JSON.stringify({
    check: null,
    rawScore: 0,
    maxScore: 0,
    tests: tests.map((x) => ({
      testId: x.id,
      status: x.status,
      points: x.points,
      maxPoints: x.points,
      actual: "",
      stderr: "",
      ms: 1,
    })),
  });

test("the summaries follow every write to submissions", async () => {
  expectInSync(); // after the fixture's inserts
  const db = t.ctx.db;
  // A queued submission is claimed, then graded (what the grading service does).
  const id = await insertSubmission(db, {
    problemId: f.problems.p1,
    userId: f.users.dan,
    at: t.clock.now() - 2 * DAY,
    status: "queued",
  });
  expectInSync();
  await db
    .updateTable("submissions")
    .set({ status: "running", claimed_at: t.clock.now() })
    .where("id", "=", id)
    .execute();
  expectInSync();
  await db
    .updateTable("submissions")
    .set({
      status: "graded",
      score: 1,
      raw_score: 1,
      max_score: 3,
      results: results([
        { id: f.tests.a, status: "pass", points: 1 },
        { id: f.tests.b, status: "error", points: 2 },
      ]),
    })
    .where("id", "=", id)
    .execute();
  expectInSync();
  // A regrade puts it back in the queue (its old results no longer count), then grades it again.
  await db.updateTable("submissions").set({ status: "queued" }).where("id", "=", id).execute();
  expectInSync();
  await db
    .updateTable("submissions")
    .set({
      status: "graded",
      score: 3,
      results: results([
        { id: f.tests.a, status: "pass", points: 1 },
        { id: f.tests.b, status: "pass", points: 2 },
      ]),
    })
    .where("id", "=", id)
    .execute();
  expectInSync();
  // A teacher's override, and its removal.
  await db.updateTable("submissions").set({ override_score: 0.5 }).where("id", "=", id).execute();
  expectInSync();
  await db.updateTable("submissions").set({ override_score: null }).where("id", "=", id).execute();
  expectInSync();
  // A grading error, a syntax error (skipped tests do not count as runs), a moved timestamp.
  await insertSubmission(db, {
    problemId: f.problems.p2,
    userId: f.users.eve,
    at: t.clock.now(),
    status: "error",
  });
  await insertSubmission(db, {
    problemId: f.problems.p1,
    userId: f.users.eve,
    at: t.clock.now(),
    tests: [
      { id: f.tests.a, points: 1, status: "skipped" },
      { id: f.tests.b, points: 2, status: "skipped" },
    ],
  });
  await db
    .updateTable("submissions")
    .set({ submitted_at: t.clock.now() - 5 * DAY })
    .where("id", "=", id)
    .execute();
  expectInSync();
  // Deletions: one submission, then a whole problem with everything in it.
  await db.deleteFrom("submissions").where("id", "=", id).execute();
  expectInSync();
  const before = all("SELECT count(*) AS n FROM grade_cells");
  await db.deleteFrom("problems").where("id", "=", f.problems.p2).execute();
  expect(all(`SELECT count(*) AS n FROM grade_cells WHERE problem_id = ${f.problems.p2}`)).toEqual([
    { n: 0 },
  ]);
  expect(all("SELECT count(*) AS n FROM grade_cells")).not.toEqual(before);
  // grade_cells and test_stats follow; activity_days keeps the deleted problem's history on purpose
  expect(all("SELECT problem_id, user_id FROM grade_cells ORDER BY 1, 2")).toEqual(
    all("SELECT DISTINCT problem_id, user_id FROM submissions ORDER BY 1, 2"),
  );
});
