// Review 15: the auto-submit path (the offer's button and the teacher's "submit by itself") goes
// through the same rules as any submission: lock after the first, the maximum number of submissions
// and the due time cannot be bypassed by a passing "Run tests". Real Docker sandbox.
import { expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { SUM_RIGHT, seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, section } = useClassroom({ sandbox: { max: 2, grading: false } });
let n = 0;
const student = async (): Promise<Client> => (await registerStudent(t, section.code, `rules${++n}`)).client;
const count = (problemId: number) =>
  (
    t.ctx.sqlite.query("SELECT count(*) AS n FROM submissions WHERE problem_id = ?").get(problemId) as {
      n: number;
    }
  ).n;
const VISIBLE_ONLY = [{ name: "small", input: "1 2\n", expected: "3\n" }];

test("auto-submit respects lock after first and the maximum of submissions", async () => {
  const locked = await seedTask(t, section.id, { lock_after_first: 1 });
  const p1 = await seedSumProblem(t, locked.id, VISIBLE_ONLY, { auto_submit: 1 });
  const s = await student();
  expect(await (await s.post(`/problems/${p1.id}/run-tests`, codeForm(SUM_RIGHT))).text()).toContain(
    "submitted automatically",
  );
  const again = await (await s.post(`/problems/${p1.id}/run-tests`, codeForm(SUM_RIGHT))).text();
  expect(again).toContain("could not be submitted");
  expect(again).toContain("locked after your first submission");
  // The offer's own form (what the button posts) is refused the same way.
  expect((await s.post(`/problems/${p1.id}/submit`, codeForm(SUM_RIGHT))).status).toBe(422);
  expect(count(p1.id)).toBe(1);

  const capped = await seedTask(t, section.id, { max_submissions: 1 });
  const p2 = await seedSumProblem(t, capped.id, VISIBLE_ONLY);
  expect((await s.post(`/problems/${p2.id}/submit`, codeForm(SUM_RIGHT))).status).toBe(303);
  const offer = await (await s.post(`/problems/${p2.id}/run-tests`, codeForm(SUM_RIGHT))).text();
  expect(offer).toContain("submit now?");
  expect((await s.post(`/problems/${p2.id}/submit`, codeForm(SUM_RIGHT))).status).toBe(422);
  expect(count(p2.id)).toBe(1);

  const past = await seedTask(t, section.id, { due_at: t.clock.now() - 60_000, late_policy: "none" });
  const p3 = await seedSumProblem(t, past.id, VISIBLE_ONLY, { auto_submit: 1 });
  const late = await (await s.post(`/problems/${p3.id}/run-tests`, codeForm(SUM_RIGHT))).text();
  expect(late).toContain("could not be submitted");
  expect(count(p3.id)).toBe(0);
}, 180_000);
