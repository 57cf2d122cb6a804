// Auto-submit (issue 15): when a problem has no hidden tests and "Run tests" passes every test, the
// student is offered the submission ("All tests pass — submit now?"), or it is made for them when the
// teacher turned auto_submit on for the problem. With hidden tests, never: passing the visible tests
// says nothing about the hidden ones. Teachers' previews are never submitted. The offer carries the
// very code that was run (hidden fields), so what is submitted is what passed; it works without JS
// (a plain form post) and with it (htmx swaps the grading box into #results).
import type { Child } from "hono/jsx";
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import type { Problem, Task, TestCase } from "../../db/tables/problems.ts";
import type { GradeResult } from "../../grading/job.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { submit } from "../solve/submit.ts";
import { GradingBox } from "../solve/views/submission.tsx";

/** Whether a run of the visible tests qualifies: every test of the problem visible, and all passed. */
export function allTestsPassed(result: GradeResult, all: readonly TestCase[]): boolean {
  if (all.length === 0 || all.some((t) => t.hidden === 1)) return false;
  if (result.check) return false;
  return result.tests.length === all.length && result.tests.every((t) => t.status === "pass");
}

/** What follows a passing run: the offer, the automatic submission, or nothing. */
export async function afterPassingRun(
  ctx: AppContext,
  s: { user: User; task: Task; problem: Problem; files: JobFile[]; mainFile: string; teaches: boolean },
): Promise<Child> {
  if (s.teaches) return null;
  if (s.problem.auto_submit === 1) {
    const made = await submit(ctx, s);
    if (!made.ok)
      return <p class="alert alert-warning">All tests pass, but it could not be submitted: {made.message}</p>;
    return (
      <div class="auto-submit">
        <p class="alert alert-success" role="status">
          All tests pass — submitted automatically.
        </p>
        <GradingBox submissionId={made.submission.id} />
      </div>
    );
  }
  return <SubmitOffer problemId={s.problem.id} files={s.files} mainFile={s.mainFile} />;
}

const SubmitOffer = (p: { problemId: number; files: JobFile[]; mainFile: string }) => (
  <form
    method="post"
    action={`/problems/${p.problemId}/submit`}
    class="auto-submit-offer"
    hx-post={`/problems/${p.problemId}/submit`}
    hx-target="#results"
    hx-swap="innerHTML"
  >
    <input type="hidden" name="main" value={p.mainFile} />
    {p.files.map((f) => (
      <>
        <input type="hidden" name="names[]" value={f.name} />
        <input type="hidden" name="contents[]" value={f.content} />
      </>
    ))}
    <p>
      <strong>All tests pass.</strong> This problem has no hidden tests, so this is your score if you submit.
    </p>
    <button type="submit" class="btn btn-primary">
      All tests pass — submit now?
    </button>
  </form>
);
