// Problem drafts: a student's unsubmitted code per problem (migrations/0007). Every query is keyed by
// the student's own id, so one student's draft is never found through another's.
import type { Db } from "../db/connection.ts";
import type { ProblemDraft } from "../db/tables/drafts.ts";
import type { Problem, Submission } from "../db/tables/problems.ts";
import type { JobFile } from "../sandbox/index.ts";

export function selectDraft(db: Db, problemId: number, userId: number): Promise<ProblemDraft | undefined> {
  return db
    .selectFrom("problem_drafts")
    .selectAll()
    .where("problem_id", "=", problemId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

/** Saves the draft, replacing the one before: a draft is the whole editor, not a change to it. */
export async function upsertDraft(
  db: Db,
  draft: { problemId: number; userId: number; files: JobFile[]; main: string; now: number },
): Promise<void> {
  const row = {
    problem_id: draft.problemId,
    user_id: draft.userId,
    files: JSON.stringify(draft.files),
    main_file: draft.main,
    updated_at: draft.now,
  };
  await db
    .insertInto("problem_drafts")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["problem_id", "user_id"]).doUpdateSet({
        files: row.files,
        main_file: row.main_file,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Which code the problem page opens with, and how the page says so. */
export type ShownCode =
  | { kind: "draft"; savedAt: number; submissions: number }
  | { kind: "submission"; number: number; submittedAt: number }
  | { kind: "starter" };

export interface StartingCode {
  files: JobFile[];
  main: string;
  shown: ShownCode;
  /** When the server's draft was saved (0: none): the browser's own copy wins only over older ones. */
  draftSavedAt: number;
}

/** The same files (in any order) with the same main file. */
function sameCode(a: { files: JobFile[]; main: string }, b: { files: JobFile[]; main: string }): boolean {
  const key = (x: { files: JobFile[]; main: string }) =>
    JSON.stringify([x.main, [...x.files].sort((p, q) => p.name.localeCompare(q.name))]);
  return key(a) === key(b);
}

/**
 * The newest of the student's draft and last submission (history is newest first); the starter
 * files when there is neither. A draft that is just the submitted code counts as the submission.
 */
export async function startingCode(
  db: Db,
  problem: Problem,
  userId: number,
  history: Submission[],
): Promise<StartingCode> {
  const row = await selectDraft(db, problem.id, userId);
  const last = history[0];
  const draft = row && { files: JSON.parse(row.files) as JobFile[], main: row.main_file };
  const submitted = last && { files: JSON.parse(last.files) as JobFile[], main: last.main_file };
  const draftSavedAt = row?.updated_at ?? 0;
  if (draft && (!last || !submitted || (row.updated_at > last.submitted_at && !sameCode(draft, submitted)))) {
    return {
      ...draft,
      draftSavedAt,
      shown: { kind: "draft", savedAt: row.updated_at, submissions: history.length },
    };
  }
  if (last && submitted) {
    return {
      ...submitted,
      draftSavedAt,
      shown: { kind: "submission", number: history.length, submittedAt: last.submitted_at },
    };
  }
  return {
    files: JSON.parse(problem.starter_files) as JobFile[],
    main: problem.main_file,
    draftSavedAt,
    shown: { kind: "starter" },
  };
}
