// Review 15: a student who is not assigned to remedial work must not learn that it exists, not even
// from the wording of a 404. A problem of a hidden task, and a submission of such a problem, answer
// exactly like an id that does not exist (before the fix: "There is no such task" for the problem and
// for the submission, "There is no such problem" / "There is no such submission" for a missing id).
import { expect, test } from "bun:test";
import { insertProblemRow, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, ORIGIN, registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom({ perTest: true });

const idOf = (name: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id;

/** The error page's message (the rest of the page, e.g. a flash toast, is not the point). */
async function refusal(c: Client, path: string) {
  const res = await c.get(path);
  const html = await res.text();
  return {
    status: res.status,
    message: /<div class="error-page">[\s\S]*?<p class="muted">([^<]*)<\/p>/.exec(html)?.[1],
  };
}

test("a remedial task's problem and submission answer like ids that do not exist", async () => {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const { client: sam } = await registerStudent(t, section.code, "sam");
  const res = await rita.request("/", {}); // rita's welcome flash out of the way
  expect(res.status).toBe(200);
  const made = await teacher.request(`/manage/sections/${section.id}/tasks/new`, {
    method: "POST",
    body: new URLSearchParams([
      ["title", "Remedial ZQX"],
      ["late_policy", "none"],
      ["published", "on"],
      ["remedial", "on"],
      ["assignees", String(idOf("rita"))],
    ]),
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
  });
  expect(made.status).toBe(303);
  const taskId = Number(made.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(t.ctx.db, taskId, "Sum", [{ name: "a", points: 3 }], t.clock.now());
  const sub = await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: idOf("rita"),
    at: t.clock.now(),
    tests: [{ id: problem.testIds[0]!, points: 3, status: "pass" }],
  });
  await sam.get("/"); // sam's welcome flash
  const pairs: [string, string][] = [
    [`/problems/${problem.id}`, "/problems/987654"],
    [`/problems/${problem.id}/discussion`, "/problems/987654/discussion"],
    [`/submissions/${sub}`, "/submissions/987654"],
    [`/tasks/${taskId}`, "/tasks/987654"],
  ];
  for (const [hidden, missing] of pairs) {
    const a = await refusal(sam, hidden);
    const b = await refusal(sam, missing);
    expect({ hidden, ...a }).toEqual({ hidden, ...b });
    expect(a.status).toBe(404);
  }
  // The assigned student still gets through.
  expect((await rita.get(`/problems/${problem.id}`)).status).toBe(200);
  expect((await rita.get(`/submissions/${sub}`)).status).toBe(200);
});
