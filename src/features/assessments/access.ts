// Who may see what: an assessment belongs to a section, so its teachers manage it (sectionToTeach) and
// its enrolled students take it once it is published (sectionToView). An attempt is its student's,
// and its section's teachers'. Anything else answers 404, like the section pages.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import type { Section } from "../../db/schema.ts";
import type { Assessment, Attempt, QuestionBank } from "../../db/tables/assessments.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { sectionToTeach, sectionToView } from "../../http/section-access.ts";
import { openToStudent } from "../targeting/assignees.ts";
import { selectAssessment, selectAttempt } from "./attempts.ts";
import { bankFor } from "./banks.ts";

const missing = (what: string) =>
  new HTTPException(404, { message: `There is no such ${what}, or it is not yours.` });

export async function assessmentToTeach(
  c: Context<AppEnv>,
  id: number,
): Promise<{ a: Assessment; section: Section }> {
  const a = await selectAssessment(c.var.ctx.db, id);
  if (!a) throw missing("assessment");
  try {
    return { a, section: await sectionToTeach(c, a.section_id) };
  } catch {
    throw missing("assessment");
  }
}

export async function assessmentToView(
  c: Context<AppEnv>,
  id: number,
): Promise<{ a: Assessment; section: Section; teaches: boolean }> {
  const a = await selectAssessment(c.var.ctx.db, id);
  if (!a) throw missing("assessment");
  let seen: { section: Section; teaches: boolean };
  try {
    seen = await sectionToView(c, a.section_id);
  } catch {
    throw missing("assessment");
  }
  if (!seen.teaches && !a.published) throw missing("assessment");
  // Remedial: students not assigned to it are told it does not exist.
  if (!seen.teaches && !(await openToStudent(c.var.ctx.db, "assessment", a, currentUser(c).id)))
    throw missing("assessment");
  return { a, ...seen };
}

/** The attempt and its assessment, for its student or a teacher of its section. */
export async function attemptFor(
  c: Context<AppEnv>,
  id: number,
): Promise<{ attempt: Attempt; a: Assessment; section: Section; teaches: boolean }> {
  const user = currentUser(c);
  const attempt = await selectAttempt(c.var.ctx.db, id);
  if (!attempt) throw missing("attempt");
  if (user.role === "student") {
    if (attempt.user_id !== user.id) throw missing("attempt");
    const { a, section } = await assessmentToView(c, attempt.assessment_id);
    return { attempt, a, section, teaches: false };
  }
  const { a, section } = await assessmentToTeach(c, attempt.assessment_id);
  return { attempt, a, section, teaches: true };
}

export async function bankToUse(c: Context<AppEnv>, id: number): Promise<QuestionBank> {
  const user = currentUser(c, "teacher", "admin");
  const bank = await bankFor(c.var.ctx.db, id, user);
  if (!bank) throw missing("question bank");
  return bank;
}
