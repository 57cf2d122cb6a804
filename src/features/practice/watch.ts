// Points and achievements follow gradings: the grading queue announces each finished grading on the
// event bus, and this gives a catalog problem's points at its first full solve and unlocks what was
// earned. One user at a time, so two gradings finishing together cannot both give the same points.
import type { AppContext } from "../../context.ts";
import { withLock } from "../../lib/lock.ts";
import { selectOptionalSubmission } from "../../models/submission.ts";
import { checkAchievements } from "./achievements.ts";
import { selectCatalogEntry } from "./catalog.ts";
import { recordSolve } from "./points.ts";

const watched = new WeakSet<AppContext>();

/** Starts following gradings (once per app context). */
export function watchGradings(ctx: AppContext): void {
  if (watched.has(ctx)) return;
  watched.add(ctx);
  const fail = (err: unknown) => ctx.logger.error({ err }, "practice: awarding points failed");
  ctx.events.on("practice:graded", (e) => {
    withLock(`practice:${e.userId}`, () => scoreCatalogSubmission(ctx, e.submissionId)).catch(fail);
  });
  ctx.events.on("submission:graded", (e) => {
    withLock(`practice:${e.userId}`, () => checkAchievements(ctx, e.userId, e.sectionId)).catch(fail);
  });
}

export async function scoreCatalogSubmission(ctx: AppContext, submissionId: number): Promise<void> {
  const sub = await selectOptionalSubmission(ctx.db, submissionId);
  if (!sub) return;
  const entry = await selectCatalogEntry(ctx.db, sub.problem_id);
  if (entry) await recordSolve(ctx.db, sub, entry.points);
  await checkAchievements(ctx, sub.user_id);
  ctx.events.emit("practice:scored", { submissionId, problemId: sub.problem_id, userId: sub.user_id });
}
