// Review 15: a hidden test's time and memory are never shown to a student, not even folded into the
// whole submission's figure. Before the fix the problem page's history showed every test's time added
// up and the job's peak memory: with one visible test (whose own figure the submission page shows),
// "total minus visible" was the hidden test's time, a channel to read hidden inputs out (sleep for
// ord(input()[k]) ms, allocate that many MB). Students now see the visible tests' figures only;
// teachers still see everything on their pages.
import { expect, test } from "bun:test";
import { insertProblemRow, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom({ perTest: true });

test("the submission history shows the visible tests' time and memory only", async () => {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const ritaId = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'rita'")
    .get()!.id;
  const made = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
    title: "Loops",
    late_policy: "none",
    published: "on",
  });
  const taskId = Number(made.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(
    t.ctx.db,
    taskId,
    "Sum",
    [
      { name: "shown", points: 1 },
      { name: "secret", points: 1 },
    ],
    t.clock.now(),
  );
  const [shown, secret] = problem.testIds as [number, number];
  t.ctx.sqlite.run("UPDATE test_cases SET hidden = 1 WHERE id = ?", [secret]);
  const sub = await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: ritaId,
    at: t.clock.now(),
    tests: [
      { id: shown, points: 1, status: "pass" },
      { id: secret, points: 1, status: "pass" },
    ],
  });
  // What the grader stores: each test's ms and peak KiB, and the job's peak.
  const results = JSON.parse(
    t.ctx.sqlite
      .query<{ results: string }, [number]>("SELECT results FROM submissions WHERE id = ?")
      .get(sub)!.results,
  );
  results.tests[0].ms = 12;
  results.tests[0].kb = 2048;
  results.tests[1].ms = 765;
  results.tests[1].kb = 97_000;
  results.peakMemoryKb = 97_000;
  t.ctx.sqlite.run("UPDATE submissions SET results = ? WHERE id = ?", [JSON.stringify(results), sub]);

  const page = await (await rita.get(`/problems/${problem.id}`)).text();
  expect(page).toContain("Time · memory");
  expect(page).toContain("12 ms · 2.0 MB");
  expect(page).not.toContain("777 ms");
  expect(page).not.toContain("94.7 MB");
  expect(page).not.toContain("765 ms");
  const detail = await (await rita.get(`/submissions/${sub}`)).text();
  expect(detail).not.toContain("765 ms");
  expect(detail).not.toContain("94.7 MB");
});
