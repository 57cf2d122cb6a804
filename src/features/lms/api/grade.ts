// Grading code for an API client: the problem's tests run in the sandbox like a submission's (one job,
// hidden tests included), and the answer holds what a student would see: the score, whether all tests
// passed, and per test the visible data only (presentResult's student view, the one place that decides
// what hidden tests reveal). Kept in api_gradings; a webhook to the client follows when it has one.
import { z } from "zod";
import type { AppContext } from "../../../context.ts";
import type { ApiClient } from "../../../db/tables/lms.ts";
import { presentResult } from "../../../grading/present.ts";
import { runTests } from "../../../grading/service.ts";
import { selectOptionalProblem, selectTests } from "../../../models/problem.ts";
import type { JobFile } from "../../../sandbox/index.ts";

const file = z.object({ name: z.string().min(1).max(100), content: z.string().max(200_000) });

export const gradeRequest = z
  .object({
    requestId: z.string().min(1).max(100),
    studentId: z.string().min(1).max(200),
    problemId: z.number().int().positive(),
    code: z.string().max(200_000).optional(),
    files: z.array(file).min(1).max(20).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.files === undefined), "Send either code or files.");

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

export class ApiInputError extends Error {}

export async function gradeForClient(
  ctx: AppContext,
  client: ApiClient,
  req: GradeRequest,
): Promise<GradeAnswer> {
  const problem = await selectOptionalProblem(ctx.db, req.problemId);
  if (!problem) throw new ApiInputError("There is no such problem.");
  const tests = await selectTests(ctx.db, problem.id);
  const files: JobFile[] = req.files ?? [{ name: problem.main_file, content: req.code ?? "" }];
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
