// "Preview as a student": the statement, the starter files and the visible tests' examples, exactly the
// data a student may see. Hidden tests appear only as a count: their data is never part of this page.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Problem, Task } from "../../../db/tables/problems.ts";
import { pythonArgs, pythonReprOfJson } from "../../../lib/format.ts";
import { Alert, Badge, Card, PageHeader } from "../../../ui/components.tsx";
import type { ProblemFile } from "../authoring-rules.ts";
import { ProblemBreadcrumb } from "./editor.tsx";

/** Only what a student may see of a visible test. */
export interface VisibleExample {
  name: string;
  input: string;
  expected: string;
}

export const StudentPreviewPage: FC<{
  section: Section;
  task: Task;
  problem: Problem;
  statementHtml: string;
  examples: VisibleExample[];
  hiddenCount: number;
}> = (p) => {
  const starter = JSON.parse(p.problem.starter_files) as ProblemFile[];
  const fn = p.problem.kind === "function";
  const signature = `${p.problem.function_name}(${(JSON.parse(p.problem.function_params) as string[]).join(", ")})`;
  return (
    <>
      <ProblemBreadcrumb section={p.section} task={p.task} problem={p.problem} last="Student preview" />
      <PageHeader
        title={p.problem.title}
        subtitle={fn ? `Write a function ${signature}` : "Read from input(), print the answer"}
        actions={
          <>
            <a class="btn btn-secondary" href={`/problems/${p.problem.id}`}>
              Open the student page
            </a>
            <a class="btn btn-primary" href={`/manage/problems/${p.problem.id}`}>
              Back to the editor
            </a>
          </>
        }
      />
      <Alert kind="info">
        A read-only preview of what students see. The reference solution and the data of hidden tests are not
        part of it.
      </Alert>
      <div class="preview-grid">
        <div class="stack">
          <Card title="Statement">
            {p.statementHtml.trim() ? (
              <div class="prose">{raw(p.statementHtml)}</div>
            ) : (
              <p class="muted">No statement yet.</p>
            )}
          </Card>
          <Card title="Tests">
            <p class="muted">
              {p.examples.length} visible test{p.examples.length === 1 ? "" : "s"}
              {p.hiddenCount > 0 ? `, ${p.hiddenCount} hidden (students see only pass or fail)` : ""}. Time
              limit {p.problem.time_limit_ms} ms per test, memory {p.problem.memory_mb} MB.
            </p>
            {p.examples.map((e) => (
              <div class="example">
                <p class="example-name">
                  <span class="test-name">{e.name}</span> <Badge tone="success">visible</Badge>
                </p>
                <div class="example-data">
                  <div>
                    <p class="label">{fn ? "Call" : "Input"}</p>
                    <pre>
                      {fn ? `${p.problem.function_name}(${pythonArgs(e.input)})` : e.input || "(none)"}
                    </pre>
                  </div>
                  <div>
                    <p class="label">{fn ? "Expected value" : "Expected output"}</p>
                    <pre>{fn ? pythonReprOfJson(e.expected) : e.expected || "(nothing)"}</pre>
                  </div>
                </div>
              </div>
            ))}
          </Card>
        </div>
        <Card title="Starter code">
          {starter.length === 0 ? (
            <p class="muted">Students start with an empty {p.problem.main_file}.</p>
          ) : (
            starter.map((f) => (
              <div class="code-file">
                <p class="code-file-name">
                  {f.name} {f.name === p.problem.main_file ? <Badge tone="accent">main</Badge> : null}
                </p>
                <pre class="code-view code-block">{f.content || " "}</pre>
              </div>
            ))
          )}
        </Card>
      </div>
    </>
  );
};
