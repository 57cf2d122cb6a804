// Submitting a solution: every rule of the task is checked on the server (visibility, access code,
// due time and late policy, maximum submissions, lock after the first), then the submission is stored
// as "queued" BEFORE anything runs, so a crash cannot lose it, and the grading workers are woken.
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import type { Problem, Submission, Task } from "../../db/tables/problems.ts";
import { lateness } from "../../grading/late.ts";
import { taskVisibleToStudents } from "../../http/task-access.ts";
import { withLock } from "../../lib/lock.ts";
import { countUserSubmissions, insertSubmission } from "../../models/submission.ts";
import { isTaskUnlocked } from "../../models/task.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { attachRecording } from "../integrity/slots.tsx";

export type SubmitResult =
  | { ok: true; submission: Submission; late: boolean }
  | { ok: false; message: string };

export interface SubmissionRules {
  /** Why nothing can be submitted now, or null. */
  closedReason: string | null;
  used: number;
  max: number | null;
  locked: boolean;
}

/** What the student may do with this problem right now (the page shows it; submit enforces it). */
export async function submissionRules(
  ctx: AppContext,
  task: Task,
  problemId: number,
  user: User,
): Promise<SubmissionRules> {
  const now = ctx.clock.now();
  const used = await countUserSubmissions(ctx.db, problemId, user.id);
  const base = { used, max: task.max_submissions, locked: task.lock_after_first === 1 && used > 0 };
  if (!taskVisibleToStudents(task, now)) return { ...base, closedReason: "This task is not open." };
  if (task.access_code_enc && !(await isTaskUnlocked(ctx.db, task.id, user.id))) {
    return { ...base, closedReason: "Enter the task's access code first." };
  }
  const late = lateness(task, now);
  if (!late.accepted) return { ...base, closedReason: late.reason };
  if (base.locked) return { ...base, closedReason: "This problem is locked after your first submission." };
  if (task.max_submissions !== null && used >= task.max_submissions) {
    return {
      ...base,
      closedReason: `You have used all ${task.max_submissions} submissions for this problem.`,
    };
  }
  return { ...base, closedReason: null };
}

export function submit(
  ctx: AppContext,
  s: { user: User; task: Task; problem: Problem; files: JobFile[]; mainFile: string },
): Promise<SubmitResult> {
  // One at a time per student and problem, so two quick clicks cannot both pass the limits.
  return withLock(`submit:${s.user.id}:${s.problem.id}`, () => checkAndStore(ctx, s));
}

async function checkAndStore(
  ctx: AppContext,
  s: { user: User; task: Task; problem: Problem; files: JobFile[]; mainFile: string },
): Promise<SubmitResult> {
  const rules = await submissionRules(ctx, s.task, s.problem.id, s.user);
  if (rules.closedReason) return { ok: false, message: rules.closedReason };
  const now = ctx.clock.now();
  const late = lateness(s.task, now);
  const submission = await insertSubmission(ctx.db, {
    problemId: s.problem.id,
    userId: s.user.id,
    files: JSON.stringify(s.files),
    mainFile: s.mainFile,
    submittedAt: now,
    latePenaltyPct: late.accepted ? late.penaltyPct : 0,
  });
  await attachRecording(ctx, submission); // the editing sessions that led to it, and its risk score
  ctx.grading.notify();
  return { ok: true, submission, late: late.accepted && late.late };
}
