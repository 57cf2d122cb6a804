// Teachers' view of submissions (under /manage): the filterable table of a task, regrading with
// live progress, and score overrides. Every route checks that the viewer teaches the section.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { liveStream, toHtml } from "../../http/live.tsx";
import { sse } from "../../http/sse.ts";
import { problemToTeach, taskToTeach } from "../../http/task-access.ts";
import { idParam, optionalText, validated } from "../../http/validation.ts";
import { selectProblems } from "../../models/problem.ts";
import { selectOptionalSubmission } from "../../models/submission.ts";
import { hintUsage } from "../hints/hints.ts";
import { selectRisks } from "../integrity/slots.tsx";
import { regradeProgress, selectOptionalRegrade, startRegrade } from "./regrade.ts";
import {
  rowMatches,
  type SubmissionFilter,
  selectSubmissionRow,
  selectSubmissionTable,
} from "./submission-table.ts";
import {
  NewRowPatch,
  RegradePage,
  RegradeStatus,
  ScoreCellPatch,
  SubmissionTablePage,
} from "./views/table.tsx";

const PAGE_SIZE = 100;
const optionalNumber = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : Number(v)))
  .pipe(z.number({ error: "Not a number." }).finite().optional());

const tableQuery = z.object({
  problem: optionalNumber.pipe(z.number().int().positive().optional()),
  student: z.string().max(80).optional().default(""),
  status: z.enum(["", "queued", "running", "graded", "error"]).optional().default(""),
  min: optionalNumber,
  max: optionalNumber,
  risk: optionalNumber.pipe(z.number().int().min(0).max(100).optional()),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});

const regradeForm = z.object({
  "ids[]": z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number))
    .pipe(z.array(z.number().int().positive()).max(10_000)),
  all: z.literal("1").optional(),
});

const overrideForm = z.object({ score: optionalNumber, comment: optionalText("Comment", 2000) });

function filterOf(q: z.infer<typeof tableQuery>): SubmissionFilter {
  return {
    problemId: q.problem,
    student: q.student.trim() || undefined,
    status: q.status || undefined,
    minScore: q.min,
    maxScore: q.max,
    minRisk: q.risk,
    limit: PAGE_SIZE,
    offset: (q.page - 1) * PAGE_SIZE,
  };
}

export const submissionRoutes = new Hono<AppEnv>()
  .get("/tasks/:id/submissions", validated("param", idParam), validated("query", tableQuery), async (c) => {
    const { task, section } = await taskToTeach(c, c.req.valid("param").id);
    const q = c.req.valid("query");
    const { db } = c.var.ctx;
    const { rows, total } = await selectSubmissionTable(db, task.id, filterOf(q));
    c.set("liveUrl", `/manage/tasks/${task.id}/submissions/live${new URL(c.req.url).search}`);
    const page = (
      <SubmissionTablePage
        section={section}
        task={task}
        problems={await selectProblems(db, task.id)}
        rows={rows}
        risks={
          await selectRisks(
            db,
            rows.map((r) => r.id),
          )
        }
        hints={await hintUsage(db, [...new Set(rows.map((r) => r.problem_id))])}
        total={total}
        query={q}
        pageSize={PAGE_SIZE}
      />
    );
    return c.render(page, { title: `Submissions · ${task.title}` });
  })
  .get(
    "/tasks/:id/submissions/live",
    validated("param", idParam),
    validated("query", tableQuery),
    async (c) => {
      // The same checks and filters as the table page.
      const { task } = await taskToTeach(c, c.req.valid("param").id);
      const filter = filterOf(c.req.valid("query"));
      const { db, events } = c.var.ctx;
      return liveStream(c, currentUser(c), async (live) => {
        const shown = new Set((await selectSubmissionTable(db, task.id, filter)).rows.map((r) => r.id));
        const firstPage = filter.offset === 0;
        return events.on("submission:graded", (e) => {
          if (e.taskId !== task.id) return;
          live.coalesce(`sub-${e.submissionId}`, 100, async () => {
            const row = await selectSubmissionRow(db, task.id, e.submissionId);
            if (!row) return null;
            if (shown.has(row.id)) return toHtml(<ScoreCellPatch row={row} />);
            if (!firstPage || !rowMatches(row, filter)) return null;
            const first = shown.size === 0; // the page shows "no submissions match" until now
            shown.add(row.id);
            return toHtml(<NewRowPatch row={row} first={first} />);
          });
        });
      });
    },
  )
  .post("/tasks/:id/regrade", validated("param", idParam), validated("form", regradeForm), async (c) => {
    const { task } = await taskToTeach(c, c.req.valid("param").id);
    const form = c.req.valid("form");
    let ids = form["ids[]"];
    if (form.all) {
      const { rows } = await selectSubmissionTable(c.var.ctx.db, task.id, { limit: 100_000, offset: 0 });
      ids = rows.map((r) => r.id);
    }
    if (ids.length === 0) {
      return redirectWith(
        c,
        `/manage/tasks/${task.id}/submissions`,
        "Select submissions to regrade first.",
        "info",
      );
    }
    const regradeId = await startRegrade(c.var.ctx, task.id, currentUser(c).id, ids);
    return c.redirect(`/manage/regrades/${regradeId}`, 303);
  })
  .get("/regrades/:id", validated("param", idParam), async (c) => {
    const regrade = await selectOptionalRegrade(c.var.ctx.db, c.req.valid("param").id);
    if (!regrade) throw new HTTPException(404, { message: "There is no such regrade." });
    const { task, section } = await taskToTeach(c, regrade.task_id);
    const progress = await regradeProgress(c.var.ctx, regrade.id);
    return c.render(
      <RegradePage section={section} task={task} regradeId={regrade.id} progress={progress} />,
      {
        title: "Regrade",
      },
    );
  })
  .get("/regrades/:id/events", validated("param", idParam), async (c) => {
    const regrade = await selectOptionalRegrade(c.var.ctx.db, c.req.valid("param").id);
    if (!regrade) throw new HTTPException(404, { message: "There is no such regrade." });
    await taskToTeach(c, regrade.task_id); // the same check as the page
    const ctx = c.var.ctx;
    return sse(
      c,
      async (stream) => {
        stream.defer(
          ctx.events.on("submission:graded", (e) => e.taskId === regrade.task_id && stream.wake()),
        );
        while (stream.open) {
          const progress = await regradeProgress(ctx, regrade.id);
          await stream.send("progress", String(await (<RegradeStatus progress={progress} />)));
          if (progress.done >= progress.total) return stream.send("done", "");
          await stream.idle(); // the next grading of this task, or a heartbeat
        }
      },
      { lifetimeMs: 30 * 60_000 },
    );
  })
  .post("/tasks/:id/leaderboard", validated("param", idParam), async (c) => {
    const { task } = await taskToTeach(c, c.req.valid("param").id);
    const on = task.leaderboard ? 0 : 1;
    await c.var.ctx.db.updateTable("tasks").set({ leaderboard: on }).where("id", "=", task.id).execute();
    return redirectWith(
      c,
      `/tasks/${task.id}/leaderboard`,
      on ? "Students can see the leaderboard." : "The leaderboard is hidden from students.",
    );
  })
  .post(
    "/submissions/:id/override",
    validated("param", idParam),
    validated("form", overrideForm),
    async (c) => {
      const sub = await selectOptionalSubmission(c.var.ctx.db, c.req.valid("param").id);
      if (!sub) throw new HTTPException(404, { message: "There is no such submission." });
      const { task } = await problemToTeach(c, sub.problem_id);
      const { score, comment } = c.req.valid("form");
      if (score !== undefined && (score < 0 || (sub.max_score !== null && score > sub.max_score))) {
        throw new HTTPException(422, {
          message: `The score must be between 0 and ${sub.max_score ?? "the maximum"}.`,
        });
      }
      await c.var.ctx.db
        .updateTable("submissions")
        .set({
          override_score: score ?? null,
          override_comment: score === undefined ? null : comment || null,
          override_by: score === undefined ? null : currentUser(c).id,
          override_at: score === undefined ? null : c.var.ctx.clock.now(),
        })
        .where("id", "=", sub.id)
        .execute();
      // Open gradebooks, dashboards and submission tables show the new score at once.
      c.var.ctx.events.emit("submission:graded", {
        submissionId: sub.id,
        problemId: sub.problem_id,
        taskId: task.id,
        sectionId: task.section_id,
        userId: sub.user_id,
      });
      const message = score === undefined ? "Override removed." : `Score set to ${score}.`;
      return redirectWith(c, `/submissions/${sub.id}`, message);
    },
  );
