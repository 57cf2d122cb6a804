// The outcome of running the reference solution against every test: a one-line verdict naming the
// tests that fail, then each test with expected and actual output (views/problems/results.tsx).
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Task } from "../../../db/tables/problems.ts";
import type { ResultView } from "../../../grading/present.ts";
import { Alert, PageHeader } from "../../../ui/components.tsx";
import { ResultsPanel } from "../../../ui/results.tsx";
import { ProblemBreadcrumb, ReferenceCard } from "./editor.tsx";

export const ReferenceResult: FC<{ view?: ResultView; error?: string }> = ({ view, error }) => {
  if (error || !view)
    return <Alert kind="error">{error ?? "The reference solution could not be run."}</Alert>;
  const failing = view.tests.filter((t) => t.status !== "pass");
  return (
    <div class="stack reference-outcome">
      {view.check ? (
        <Alert kind="error">
          The reference solution does not pass the checks that run before the tests; students would see the
          same message.
        </Alert>
      ) : failing.length === 0 ? (
        <Alert kind="success">
          {view.tests.length === 1 ? "The test passes" : `All ${view.tests.length} tests pass`} with the
          reference solution ({view.rawScore}/{view.maxScore} points).
        </Alert>
      ) : (
        <Alert kind="warning">
          {failing.length} of {view.tests.length} test{view.tests.length === 1 ? "" : "s"} fail with the
          reference solution: {failing.map((t) => t.name).join(", ")}. Check the expected values, or the
          solution.
        </Alert>
      )}
      <ResultsPanel result={view} title="Reference solution" />
    </div>
  );
};

export const ReferencePage: FC<{
  section: Section;
  task: Task;
  problem: Problem;
  testCount: number;
  result?: unknown;
}> = (p) => (
  <>
    <ProblemBreadcrumb section={p.section} task={p.task} problem={p.problem} last="Reference solution" />
    <PageHeader title="Run the reference solution" subtitle={p.problem.title} />
    <ReferenceCard problem={p.problem} testCount={p.testCount} result={p.result} />
  </>
);
