// The code Slate already has of a student, for an AI form sent without the editor's script: the
// draft (or last submission, or starter files) of a problem, the saved files of the playground.
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { startingCode } from "../../models/problem-draft.ts";
import { selectUserSubmissions } from "../../models/submission.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { listFiles } from "../playground/files.ts";
import type { AiPlace } from "./access.ts";

export async function savedCode(
  ctx: AppContext,
  user: User,
  place: AiPlace,
): Promise<{ files: JobFile[]; main: string }> {
  if (place.kind === "problem") {
    const history = await selectUserSubmissions(ctx.db, place.problem.id, user.id);
    const code = await startingCode(ctx.db, place.problem, user.id, history);
    return { files: code.files, main: code.main };
  }
  const files = await listFiles(ctx, user.id);
  return {
    files: files.map((f) => ({ name: f.name, content: f.content })),
    main: files.find((f) => f.is_main)?.name ?? files[0]?.name ?? "main.py",
  };
}

/** The same code as the editor's form fields. */
export function asFormFields(code: { files: JobFile[]; main: string }): Record<string, string | string[]> {
  return {
    "names[]": code.files.map((f) => f.name),
    "contents[]": code.files.map((f) => f.content),
    main: code.main,
  };
}
