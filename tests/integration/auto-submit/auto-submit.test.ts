// Auto-submit and per-test usage over the real app with the real Docker sandbox: a passing "Run
// tests" on a problem without hidden tests offers the submission (or makes it when the teacher turned
// auto_submit on); with a hidden test, never; a failing run offers nothing. Visible tests show the
// time and memory they used; hidden tests' figures are never shown to students.
import { expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { SUM_RIGHT, SUM_WRONG, seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, section } = useClassroom({ sandbox: { max: 2, grading: true } });
let n = 0;
const student = async (): Promise<Client> => (await registerStudent(t, section.code, `auto${++n}`)).client;
const submissions = () =>
  (t.ctx.sqlite.query("SELECT count(*) AS n FROM submissions").get() as { n: number }).n;

const VISIBLE_ONLY = [
  { name: "small", input: "1 2\n", expected: "3\n" },
  { name: "big", input: "40 2\n", expected: "42\n" },
];

test("all visible tests pass on a problem without hidden tests: the submission is offered, with usage", async () => {
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(t, task.id, VISIBLE_ONLY);
  const s = await student();
  const before = submissions();
  const res = await s.post(`/problems/${problem.id}/run-tests`, codeForm(SUM_RIGHT), {
    "hx-request": "true",
  });
  const html = await res.text();
  expect(res.status).toBe(200);
  expect(html).toContain("All tests pass — submit now?");
  expect(html).toContain(`hx-post="/problems/${problem.id}/submit"`);
  expect(html).toMatch(/class="test-usage muted">\d+ ms · [\d.]+ (MB|KB)</);
  expect(submissions()).toBe(before); // offered, not made
  // Taking the offer submits the code that ran; the history shows what it used once graded.
  const take = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
  expect(take.status).toBe(303);
  const id = Number(take.headers.get("location")!.split("/").pop());
  await (await s.get(`/submissions/${id}/events`)).text();
  const page = await (await s.get(`/problems/${problem.id}`)).text();
  expect(page).toContain("Time · memory");
  expect(page).toMatch(/<td class="muted">\d+ ms · [\d.]+ (MB|KB)<\/td>/);

  const fail = await (await s.post(`/problems/${problem.id}/run-tests`, codeForm(SUM_WRONG))).text();
  expect(fail).not.toContain("submit now?");
}, 120_000);

test("with auto_submit on, a passing run submits by itself", async () => {
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(t, task.id, VISIBLE_ONLY, { auto_submit: 1 });
  const s = await student();
  const before = submissions();
  const html = await (await s.post(`/problems/${problem.id}/run-tests`, codeForm(SUM_RIGHT))).text();
  expect(html).toContain("All tests pass — submitted automatically.");
  expect(html).toContain('sse-connect="/submissions/');
  expect(submissions()).toBe(before + 1);
}, 120_000);

test("with a hidden test, never: no offer, no automatic submission, no hidden usage", async () => {
  const task = await seedTask(t, section.id);
  const problem = await seedSumProblem(t, task.id, undefined, { auto_submit: 1 }); // one visible, one hidden
  const s = await student();
  const before = submissions();
  const html = await (await s.post(`/problems/${problem.id}/run-tests`, codeForm(SUM_RIGHT))).text();
  expect(html).toContain("passed");
  expect(html).not.toContain("submit now?");
  expect(html).not.toContain("submitted automatically");
  expect(submissions()).toBe(before);
  // Graded with the hidden test: the student sees usage for the visible test only.
  const sub = await s.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
  const id = Number(sub.headers.get("location")!.split("/").pop());
  await (await s.get(`/submissions/${id}/events`)).text();
  const page = await (await s.get(`/submissions/${id}`)).text();
  expect(page.match(/class="test-usage/g)?.length).toBe(1);
}, 120_000);
