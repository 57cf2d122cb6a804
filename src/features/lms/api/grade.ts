// Grading code for an API client: the problem's tests run in the sandbox like a submission's (one job,
// hidden tests included), and the answer holds what a student would see: the score, whether all tests
// passed, and per test the visible data only (presentResult's student view, the one place that decides
// what hidden tests reveal). Kept in api_gradings; a webhook to the client follows when it has one.
import { z } from "zod";
import type { AppContext } from "../../../context.ts";
import type { ApiClient } from "../../../db/tables/lms.ts";
import { presentResult } from "../../../grading/present.ts";
import { runTests } from "../../../grading/service.ts";
import { fileName } from "../../../http/code-form.ts";
import { selectOptionalProblem, selectTests } from "../../../models/problem.ts";
import type { JobFile } from "../../../sandbox/index.ts";
import { MAX_CODE_BYTES, MAX_FILES } from "../../../sandbox/validate.ts";

// The same file rules as the editor's form (src/http/code-form.ts): safe names, the grader's own file
// name reserved (a file of that name would replace the harness and could forge the score), bounded.
const file = z.object({ name: fileName, content: z.string() });

export const gradeRequest = z
  .object({
    requestId: z.string().min(1).max(100),
    studentId: z.string().min(1).max(200),
    problemId: z.number().int().positive(),
    code: z.string().optional(),
    files: z.array(file).min(1).max(MAX_FILES).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.files === undefined), "Send either code or files.")
  .refine(
    (b) => !b.files || new Set(b.files.map((f) => f.name)).size === b.files.length,
    "Two files have the same name.",
  )
  .refine(
    (b) =>
      Buffer.byteLength(b.code ?? "", "utf8") +
        (b.files ?? []).reduce((n, f) => n + Buffer.byteLength(f.content, "utf8"), 0) <=
      MAX_CODE_BYTES,
    `The code is too large (at most ${MAX_CODE_BYTES / 1024} KiB in all).`,
  );

export type GradeRequest = z.infer<typeof gradeRequest>;

export interface GradeAnswer {
  id: number;
  requestId: string;
  studentId: string;
  problemId: number;
  score: number;
  maxScore: number;
  passed: boolean;
  feedback: {
    check: { kind: string; message: string; line?: number } | null;
    tests: {
      name: string;
      hidden: boolean;
      status: string;
      points: number;
      maxPoints: number;
      message: string;
      input?: string;
      expected?: string;
      actual?: string;
    }[];
  };
}

/** Input Slate cannot grade: no such problem (404), files without the main file (422). */
export class ApiInputError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 422 = 404,
  ) {
    super(message);
  }
}

export async function gradeForClient(
  ctx: AppContext,
  client: ApiClient,
  req: GradeRequest,
): Promise<GradeAnswer> {
  const problem = await selectOptionalProblem(ctx.db, req.problemId);
  if (!problem) throw new ApiInputError("There is no such problem.");
  const tests = await selectTests(ctx.db, problem.id);
  const files: JobFile[] = req.files ?? [{ name: problem.main_file, content: req.code ?? "" }];
  if (!files.some((f) => f.name === problem.main_file)) {
    throw new ApiInputError(`The files must include the problem's main file ${problem.main_file}.`, 422);
  }
  const result = await runTests(ctx.sandbox, problem, tests, files, problem.main_file, {
    userKey: `api:${client.id}:${req.studentId}`,
  });
  const view = presentResult(result, tests, "student", problem.kind);
  const answerBody = {
    requestId: req.requestId,
    studentId: req.studentId,
    problemId: problem.id,
    score: view.rawScore,
    maxScore: view.maxScore,
    passed: view.tests.length > 0 && view.passed === view.tests.length,
    feedback: {
      check: view.check,
      tests: view.tests.map((t) => ({
        name: t.name,
        hidden: t.hidden,
        status: t.status,
        points: t.points,
        maxPoints: t.maxPoints,
        message: t.message,
        ...(t.data && !t.hidden
          ? { input: t.data.input, expected: t.data.expected, actual: t.data.actual }
          : {}),
      })),
    },
  };
  const row = await ctx.db
    .insertInto("api_gradings")
    .values({
      client_id: client.id,
      request_id: req.requestId,
      student_id: req.studentId,
      problem_id: problem.id,
      status: "graded",
      answer: JSON.stringify(answerBody),
      created_at: ctx.clock.now(),
      webhook_status: client.webhook_url ? "pending" : null,
      webhook_attempts: 0,
      webhook_next_at: client.webhook_url ? ctx.clock.now() : null,
      webhook_error: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, ...answerBody };
}
