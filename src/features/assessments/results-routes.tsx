// The teacher's results of an assessment: the tabs (grades, distribution, item analysis, manual
// grading), their live stream, the exports, manual marks and the regrade.
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Assessment } from "../../db/tables/assessments.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { liveStream, toHtml } from "../../http/live.tsx";
import { idParam, validated } from "../../http/validation.ts";
import { slug } from "../../lib/csv.ts";
import { safeNext } from "../../lib/safe-next.ts";
import { assessmentToTeach } from "./access.ts";
import { AttemptRefused, markItem, regradeAssessment, selectAssessment } from "./attempts.ts";
import { distribution, essayResponses, gradesReport, itemAnalysis } from "./results.ts";
import { gradesCsv, gradesXlsx } from "./results-export.ts";
import { ResultsBody, type ResultsData, ResultsPage, type ResultsTab } from "./views/results.tsx";

const resultsQuery = z.object({
  tab: z.enum(["grades", "distribution", "items", "grading"]).optional(),
  question: z.coerce.number().int().positive().optional(),
  attempt: z.coerce.number().int().positive().optional(),
  attempts: z.enum(["all", "first"], { error: "Choose all attempts or first attempts." }).optional(),
});

async function resultsData(
  c: Context<AppEnv>,
  a: Assessment,
  tab: ResultsTab,
  filter: ResultsData["filter"],
) {
  const db = c.var.ctx.db;
  const rows = await gradesReport(db, a);
  const attempts = await db
    .selectFrom("assessment_attempts")
    .select(["id", "user_id", "number", "pending_manual"])
    .where("assessment_id", "=", a.id)
    .where("state", "=", "submitted")
    .orderBy("number")
    .execute();
  const attemptsByUser = new Map<number, { id: number; number: number; pending: number }[]>();
  for (const t of attempts) {
    const list = attemptsByUser.get(t.user_id) ?? [];
    list.push({ id: t.id, number: t.number, pending: t.pending_manual });
    attemptsByUser.set(t.user_id, list);
  }
  const essays = tab === "grading" ? await essayResponses(db, a, filter) : [];
  const allEssays = tab === "grading" ? await essayResponses(db, a, {}) : [];
  const essayQuestions = [...new Map(allEssays.map((e) => [e.question_id, e.question_name]))].map(
    ([id, name]) => ({
      id,
      name,
      pending: allEssays.filter((e) => e.question_id === id && e.fraction === null).length,
    }),
  );
  return {
    rows,
    bins: distribution(rows),
    items: tab === "items" ? await itemAnalysis(db, a, filter.itemAttempts) : [],
    essays,
    pendingEssays: attempts.reduce((s, t) => s + t.pending_manual, 0),
    essayQuestions,
    filter,
    attemptsByUser,
  } satisfies ResultsData;
}

export const resultsRoutes = new Hono<AppEnv>()
  .get(
    "/assessments/:id/results",
    validated("param", idParam),
    validated("query", resultsQuery),
    async (c) => {
      const { a, section } = await assessmentToTeach(c, c.req.valid("param").id);
      const q = c.req.valid("query");
      const tab = q.tab ?? "grades";
      const filter = { questionId: q.question, attemptId: q.attempt, itemAttempts: q.attempts ?? "all" };
      const back = `/assessments/${a.id}/results${new URL(c.req.url).search}`;
      c.set("liveUrl", `/assessments/${a.id}/results/live${new URL(c.req.url).search}`);
      const d = await resultsData(c, a, tab, filter);
      return c.render(<ResultsPage section={section} a={a} tab={tab} d={d} back={back} />, {
        title: `Results · ${a.title}`,
      });
    },
  )
  .get(
    "/assessments/:id/results/live",
    validated("param", idParam),
    validated("query", resultsQuery),
    async (c) => {
      const { a } = await assessmentToTeach(c, c.req.valid("param").id);
      const q = c.req.valid("query");
      const tab = q.tab ?? "grades";
      const filter = { questionId: q.question, attemptId: q.attempt, itemAttempts: q.attempts ?? "all" };
      const back = `/assessments/${a.id}/results${new URL(c.req.url).search}`;
      return liveStream(c, currentUser(c), (live) =>
        c.var.ctx.events.on("assessment:changed", (e) => {
          if (e.assessmentId !== a.id) return;
          live.coalesce("results", 300, async () => {
            // Access is checked again for every update: a teacher removed from the section stops receiving.
            try {
              await assessmentToTeach(c, a.id);
            } catch {
              live.close();
              return null;
            }
            const fresh = (await selectAssessment(c.var.ctx.db, a.id)) ?? a;
            return toHtml(
              <ResultsBody a={fresh} tab={tab} d={await resultsData(c, fresh, tab, filter)} back={back} />,
            );
          });
        }),
      );
    },
  )
  .get(
    "/assessments/:id/export/:format",
    validated("param", z.object({ id: idParam.shape.id, format: z.enum(["csv", "xlsx"]) })),
    async (c) => {
      const { id, format } = c.req.valid("param");
      const { a } = await assessmentToTeach(c, id);
      const rows = await gradesReport(c.var.ctx.db, a);
      const name = `${slug(a.title) || "assessment"}-grades.${format}`;
      c.header("Content-Disposition", `attachment; filename="${name}"`);
      if (format === "csv") {
        c.header("Content-Type", "text/csv; charset=utf-8");
        return c.body(gradesCsv(a, rows));
      }
      c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      return c.body(new Uint8Array(await gradesXlsx(a, rows)));
    },
  )
  .post("/assessments/:id/grading", validated("param", idParam), async (c) => {
    const { a } = await assessmentToTeach(c, c.req.valid("param").id);
    const body = await c.req.parseBody();
    const itemId = Number(body.item_id);
    const mark = Number(String(body.mark ?? "").replace(",", "."));
    const feedback = String(body.feedback ?? "").slice(0, 5000);
    const item = await c.var.ctx.db
      .selectFrom("attempt_items as i")
      .innerJoin("assessment_attempts as t", "t.id", "i.attempt_id")
      .select("i.id")
      .where("i.id", "=", Number.isInteger(itemId) ? itemId : -1)
      .where("t.assessment_id", "=", a.id)
      .executeTakeFirst();
    if (!item) throw new HTTPException(404, { message: "There is no such response in this assessment." });
    if (String(body.mark ?? "").trim() === "" || !Number.isFinite(mark)) {
      throw new HTTPException(422, { message: "The mark must be a number." });
    }
    try {
      await markItem(c.var.ctx, item.id, mark, feedback, currentUser(c).id);
    } catch (err) {
      if (err instanceof AttemptRefused) throw new HTTPException(err.status, { message: err.message });
      throw err;
    }
    const back = safeNext(String(body.back ?? ""));
    return redirectWith(
      c,
      back.startsWith(`/assessments/${a.id}/`) ? back : `/assessments/${a.id}/results?tab=grading`,
      "Mark saved.",
    );
  })
  .post("/assessments/:id/regrade", validated("param", idParam), async (c) => {
    const { a } = await assessmentToTeach(c, c.req.valid("param").id);
    const n = await regradeAssessment(c.var.ctx, a);
    return redirectWith(
      c,
      `/assessments/${a.id}/results`,
      `Regraded: ${n} answer${n === 1 ? "" : "s"} changed.`,
    );
  });
