// After a teacher changes a test (or its points, or how the problem is graded), the problem editor
// says that existing scores may be out of date, with a Regrade button right there.
import { beforeEach, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createTeacher, registerStudent } from "../../helpers/client.ts";

const {
  t,
  admin,
  teacher,
  section,
  f: fx,
} = useClassroom({ perTest: true, teacher: "alice", section: "Python A", fixture: { queued: false } });
let other: Client;

beforeEach(async () => {
  other = await createTeacher(t, admin, "bob");
});

const TEST_FORM = {
  name: "a",
  points: "1",
  input: "1\n",
  expected: "1\n",
  compare: "trim",
  tolerance: "",
  message: "",
};

async function editTest(testId: number, over: Record<string, string>, problemId = fx.problems.p1) {
  const res = await teacher.post(`/manage/problems/${problemId}/tests/${testId}`, { ...TEST_FORM, ...over });
  expect(res.status).toBe(303);
  return res.headers.get("location") ?? "";
}

const editor = async (path: string) => (await teacher.get(path)).text();
const statusCounts = (problemId: number) =>
  t.ctx.sqlite
    .query<{ status: string; n: number }, [number]>(
      "SELECT status, count(*) AS n FROM submissions WHERE problem_id = ? GROUP BY status",
    )
    .all(problemId);

test("changing a test's points leads to the notice with a Regrade button", async () => {
  // The fixture's test rows have empty data: give test "a" its data first, then change only its points.
  await editTest(fx.tests.a, {});
  const to = await editTest(fx.tests.a, { points: "2" });
  expect(to).toBe(`/manage/problems/${fx.problems.p1}?changed=tests#regrade-notice`);
  const html = await editor(to);
  expect(html).toContain('id="regrade-notice"');
  expect(html).toContain("You changed the tests.");
  expect(html).toContain("5 submissions graded before may be out of date");
  expect(html).toMatch(
    new RegExp(
      `action="/manage/problems/${fx.problems.p1}/regrade"[^>]*>\\s*<button[^>]*>\\s*Regrade 5 submissions`,
    ),
  );
});

test("the notice stays while scores were graded with other points, and goes once regraded", async () => {
  await editTest(fx.tests.a, { points: "2" });
  const html = await editor(`/manage/problems/${fx.problems.p1}`);
  expect(html).toContain("5 submissions of this problem were graded with other tests or points");

  const res = await teacher.post(`/manage/problems/${fx.problems.p1}/regrade`);
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toMatch(/^\/manage\/regrades\/\d+$/);
  expect(statusCounts(fx.problems.p1)).toEqual([{ status: "queued", n: 5 }]);
  expect(await editor(`/manage/problems/${fx.problems.p1}`)).not.toContain('id="regrade-notice"');
  // Only this problem's submissions were regraded.
  expect(statusCounts(fx.problems.p2)).toEqual([{ status: "graded", n: 2 }]);
});

test("adding or deleting a test flags the scores; renaming one does not", async () => {
  const p2 = fx.problems.p2;
  const renamed = await editTest(fx.tests.c, { name: "c2", points: "2", input: "", expected: "" }, p2);
  expect(renamed).toBe(`/manage/problems/${p2}#tests`);
  expect(await editor(`/manage/problems/${p2}`)).not.toContain('id="regrade-notice"');

  const added = await teacher.post(`/manage/problems/${p2}/tests/new`, { ...TEST_FORM, name: "extra" });
  expect(added.headers.get("location")).toBe(`/manage/problems/${p2}?changed=tests#regrade-notice`);
  expect(await editor(`/manage/problems/${p2}`)).toContain("2 submissions of this problem were graded");

  const extra = t.ctx.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ? AND name = 'extra'")
    .get(p2)!.id;
  const deleted = await teacher.post(`/manage/problems/${p2}/tests/${extra}/delete`);
  expect(deleted.headers.get("location")).toBe(`/manage/problems/${p2}?changed=tests#regrade-notice`);
});

test("a problem without graded submissions shows no notice", async () => {
  const p3 = fx.problems.p3; // only Ann's graded submission: regrade it first, so none is finished
  await teacher.post(`/manage/problems/${p3}/regrade`);
  const to = await editTest(fx.tests.d, { name: "d", points: "4" }, p3);
  expect(to).toBe(`/manage/problems/${p3}#tests`);
  expect(await editor(`/manage/problems/${p3}?changed=tests`)).not.toContain('id="regrade-notice"');
  const res = await teacher.post(`/manage/problems/${p3}/regrade`);
  expect(res.headers.get("location")).toBe(`/manage/problems/${p3}#tests`);
});

test("only the section's teachers may regrade a problem", async () => {
  const { client: student } = await registerStudent(t, section.code, "sam");
  expect((await other.post(`/manage/problems/${fx.problems.p1}/regrade`)).status).toBe(404);
  expect((await student.post(`/manage/problems/${fx.problems.p1}/regrade`)).status).toBe(404);
  expect(statusCounts(fx.problems.p1)).toEqual([{ status: "graded", n: 5 }]);
});
