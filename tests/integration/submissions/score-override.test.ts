// Score overrides take decimals like test points do (2.5 of 3): the form's number input accepts them
// (it had the browser's default step of 1, so 2.5 could not be sent) and the server keeps them.
import { expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";

const {
  t,
  teacher,
  f: fx,
} = useClassroom({ perTest: true, teacher: "alice", section: "Python A", fixture: {} });

/** Ben's last submission to P1 (graded 3 of 3). */
const bensSubmission = () =>
  t.ctx.sqlite
    .query<{ id: number }, [number, number]>(
      "SELECT id FROM submissions WHERE user_id = ? AND problem_id = ? ORDER BY id DESC LIMIT 1",
    )
    .get(fx.users.ben, fx.problems.p1)!.id;

const overrideOf = (id: number) =>
  t.ctx.sqlite
    .query<{ override_score: number | null }, [number]>("SELECT override_score FROM submissions WHERE id = ?")
    .get(id)!.override_score;

test("the override form's score field accepts decimals", async () => {
  const html = await (await teacher.get(`/submissions/${bensSubmission()}`)).text();
  const input = html.match(/<input[^>]*name="score"[^>]*>/)?.[0] ?? "";
  expect(input).toContain('step="any"');
  expect(input).toContain('min="0"');
  expect(input).toContain('max="3"');
});

test("a decimal override is stored and shown as given", async () => {
  const id = bensSubmission();
  const res = await teacher.post(`/manage/submissions/${id}/override`, { score: "2.5", comment: "" });
  expect(res.status).toBe(303);
  expect(overrideOf(id)).toBe(2.5);
  const table = await (await teacher.get(`/manage/tasks/${fx.tasks.t1}/submissions`)).text();
  expect(table).toContain("2.5/3");
});

test("an override outside 0 to the maximum is refused and changes nothing", async () => {
  const id = bensSubmission();
  const res = await teacher.post(`/manage/submissions/${id}/override`, { score: "3.5", comment: "" });
  expect(res.status).toBe(422);
  expect(await res.text()).toContain("The score must be between 0 and 3.");
  expect(overrideOf(id)).toBeNull();
});

test("the submissions table filters by decimal scores too", async () => {
  const html = await (await teacher.get(`/manage/tasks/${fx.tasks.t1}/submissions?min=0.5&max=2.5`)).text();
  for (const name of ["min", "max"]) {
    expect(html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0]).toContain('step="any"');
  }
});
