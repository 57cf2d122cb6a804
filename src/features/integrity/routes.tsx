// Academic integrity: similarity of submissions (runs in the background, pairs, clusters, side by side),
// editor integrity settings per problem, recording batches from the student's editor (HMAC-tokened,
// capped), the session replay and its data, and purging a section's recordings. Every teacher route
// checks that the viewer teaches the section; the student routes check the student may see the problem.
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Problem, Task } from "../../db/tables/problems.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { limit } from "../../http/rate-limit.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { sse } from "../../http/sse.ts";
import { problemToTeach, problemToView, taskToTeach } from "../../http/task-access.ts";
import { firstMessage, idParam, validated } from "../../http/validation.ts";
import { selectOptionalProblem, selectProblems } from "../../models/problem.ts";
import { selectOptionalSubmission, submissionNumber } from "../../models/submission.ts";
import { selectOptionalTask } from "../../models/task.ts";
import { selectOptionalUser } from "../../models/user.ts";
import { acceptBatch, CAPS, loadRecording, purgeSection, sectionRecordingSummary } from "./recording.ts";
import { recordingBatch } from "./recording-format.ts";
import { selectRisk } from "./risk-store.ts";
import { saveIntegritySettings, selectIntegritySettings } from "./settings.ts";
import { documentOfJson } from "./similarity/document.ts";
import { matchingFragments } from "./similarity/fragments.ts";
import { clustersOf, selectPair, selectPairs } from "./similarity/results.ts";
import {
  isCurrent,
  latestRun,
  onRunProgress,
  type RunScope,
  selectLiveRun,
  startRun,
} from "./similarity/runs.ts";
import { issueSessionToken } from "./token.ts";
import { PairPage } from "./views/pair.tsx";
import { ReplayPage } from "./views/replay.tsx";
import { SectionRecordingsPage } from "./views/settings.tsx";
import { RunStatus, SimilarityPage } from "./views/similarity.tsx";

const similarityQuery = z.object({
  min: z.coerce
    .number({ error: "The threshold must be a number." })
    .int()
    .min(0)
    .max(100)
    .optional()
    .default(50),
  history: z.literal("1").optional(),
});
const startForm = z.object({ history: z.literal("1").optional() });
const settingsForm = z.object({
  paste: z.enum(["allowed", "blocked"], { error: "Choose whether copy and paste is allowed." }),
  recording: z.literal("1").optional(),
});
const pairParam = idParam.extend({ a: idParam.shape.id, b: idParam.shape.id });

const historyAccess = (c: Context<AppEnv>) => {
  const user = currentUser(c);
  return { teacherId: user.id, isAdmin: user.role === "admin" };
};

/** The problem or task a similarity page is about, checked: the viewer teaches its section. */
async function scopeOf(c: Context<AppEnv>, scope: "problem" | "task", id: number) {
  if (scope === "problem") {
    const { problem, task, section } = await problemToTeach(c, id);
    const run: RunScope = { sectionId: section.id, scope, scopeId: problem.id, problems: [problem] };
    return { task, section, problemTitle: problem.title as string | null, run };
  }
  const { task, section } = await taskToTeach(c, id);
  const problems = await selectProblems(c.var.ctx.db, task.id);
  return {
    task,
    section,
    problemTitle: null,
    run: { sectionId: section.id, scope, scopeId: task.id, problems },
  };
}

const scopePath = (scope: "problem" | "task", id: number) => `/manage/integrity/${scope}s/${id}/similarity`;

type SimilarityQuery = z.infer<typeof similarityQuery>;

async function similarityPage(c: Context<AppEnv>, scope: "problem" | "task", id: number, q: SimilarityQuery) {
  const at = await scopeOf(c, scope, id);
  const includeHistory = q.history === "1";
  const { db } = c.var.ctx;
  const latest = await latestRun(db, scope, id, includeHistory);
  const run = latest ? ((await selectLiveRun(c.var.ctx, latest.id)) ?? null) : null;
  const min = q.min / 100;
  const done = run?.status === "done";
  const { rows, total } = done
    ? await selectPairs(db, run.id, min, historyAccess(c))
    : { rows: [], total: 0 };
  const page = (
    <SimilarityPage
      section={at.section}
      task={at.task}
      problemTitle={at.problemTitle}
      problemColumn={at.run.problems.length > 1}
      startUrl={scopePath(scope, id)}
      pageUrl={scopePath(scope, id)}
      run={run}
      current={run ? await isCurrent(db, run, at.run.problems, historyAccess(c)) : false}
      min={min}
      pairs={rows}
      totalPairs={total}
      clusters={clustersOf(rows)}
      includeHistory={includeHistory}
    />
  );
  return c.render(page, { title: `Similarity · ${at.problemTitle ?? at.task.title}` });
}

async function startSimilarity(
  c: Context<AppEnv>,
  scope: "problem" | "task",
  id: number,
  includeHistory: boolean,
) {
  const at = await scopeOf(c, scope, id);
  const { reused } = await startRun(c.var.ctx, at.run, historyAccess(c), includeHistory);
  const to = `${scopePath(scope, id)}${includeHistory ? "?history=1" : ""}`;
  return redirectWith(
    c,
    to,
    reused ? "Nothing changed since the last comparison: its results are shown." : "Comparison started.",
    "info",
  );
}

/** A run the viewer may see: they teach the run's section (and the scope still exists). */
async function runToTeach(c: Context<AppEnv>, id: number) {
  const run = await selectLiveRun(c.var.ctx, id);
  if (!run) throw new HTTPException(404, { message: "There is no such comparison." });
  await sectionToTeach(c, run.section_id);
  return run;
}

/** The task of a run's scope, for breadcrumbs. */
async function runTask(c: Context<AppEnv>, scope: "problem" | "task", scopeId: number): Promise<Task> {
  const { db } = c.var.ctx;
  const problem: Problem | undefined =
    scope === "problem" ? await selectOptionalProblem(db, scopeId) : undefined;
  const taskId = problem ? problem.task_id : scopeId;
  const task = taskId === null ? undefined : await selectOptionalTask(db, taskId);
  if (!task) throw new HTTPException(404, { message: "There is no such comparison." });
  return task;
}

/** A submission of a section the viewer teaches. */
async function submissionToTeach(c: Context<AppEnv>, id: number) {
  const sub = await selectOptionalSubmission(c.var.ctx.db, id);
  if (!sub) throw new HTTPException(404, { message: "There is no such submission." });
  return { sub, ...(await problemToTeach(c, sub.problem_id)) };
}

const similarityRoutes = new Hono<AppEnv>()
  .get("/problems/:id/similarity", validated("param", idParam), validated("query", similarityQuery), (c) =>
    similarityPage(c, "problem", c.req.valid("param").id, c.req.valid("query")),
  )
  .post("/problems/:id/similarity", validated("param", idParam), validated("form", startForm), (c) =>
    startSimilarity(c, "problem", c.req.valid("param").id, c.req.valid("form").history === "1"),
  )
  .get("/tasks/:id/similarity", validated("param", idParam), validated("query", similarityQuery), (c) =>
    similarityPage(c, "task", c.req.valid("param").id, c.req.valid("query")),
  )
  .post("/tasks/:id/similarity", validated("param", idParam), validated("form", startForm), (c) =>
    startSimilarity(c, "task", c.req.valid("param").id, c.req.valid("form").history === "1"),
  )
  .get("/runs/:id/events", validated("param", idParam), async (c) => {
    const first = await runToTeach(c, c.req.valid("param").id); // the same check as the page
    const ctx = c.var.ctx;
    return sse(
      c,
      async (stream) => {
        stream.defer(onRunProgress(ctx, first.id, () => stream.wake()));
        while (stream.open) {
          const run = await selectLiveRun(ctx, first.id);
          if (!run) return;
          await stream.send("progress", String(await (<RunStatus run={run} />)));
          if (run.status === "done" || run.status === "error") return stream.send("done", "");
          await stream.idle();
        }
      },
      { lifetimeMs: 30 * 60_000 },
    );
  })
  .get("/runs/:id/pairs/:a/:b", validated("param", pairParam), async (c) => {
    const { id, a, b } = c.req.valid("param");
    const run = await runToTeach(c, id);
    const { db } = c.var.ctx;
    const pair = await selectPair(db, run.id, a, b);
    if (!pair)
      throw new HTTPException(404, { message: "These two submissions were not compared in this run." });
    const left = await submissionToTeach(c, pair.a_submission_id);
    // An earlier term's submission: only for a teacher of that section too.
    const right = await submissionToTeach(c, pair.b_submission_id).catch(() => {
      throw new HTTPException(404, { message: "There is no such submission, or you cannot see it." });
    });
    const starter = documentOfJson(left.problem.starter_files);
    const texts = { left: documentOfJson(left.sub.files), right: documentOfJson(right.sub.files) };
    const marks = matchingFragments(texts.left, texts.right, starter);
    const task = await runTask(c, run.scope, run.scope_id);
    const page = (
      <PairPage
        section={left.section}
        task={task}
        backUrl={`${scopePath(run.scope, run.scope_id)}${run.include_history ? "?history=1" : ""}`}
        pair={pair}
        left={{ text: texts.left, marks: marks.left }}
        right={{ text: texts.right, marks: marks.right }}
        nonce={c.get("secureHeadersNonce")}
      />
    );
    return c.render(page, { title: `${pair.a_name} and ${pair.b_name}` });
  });

const teacherRoutes = new Hono<AppEnv>()
  .route("/", similarityRoutes)
  .post("/problems/:id/settings", validated("param", idParam), async (c) => {
    const { problem } = await problemToTeach(c, c.req.valid("param").id);
    const parsed = settingsForm.safeParse(await c.req.parseBody());
    const back = `/manage/problems/${problem.id}`;
    if (!parsed.success) return redirectWith(c, back, firstMessage(parsed.error), "error");
    const settings = { paste: parsed.data.paste, recording: parsed.data.recording === "1" };
    await saveIntegritySettings(c.var.ctx.db, problem.id, settings, c.var.ctx.clock.now());
    return redirectWith(c, back, "Integrity settings saved.");
  })
  .get("/submissions/:id/replay", validated("param", idParam), async (c) => {
    const { sub, problem, task, section } = await submissionToTeach(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    const owner = await selectOptionalUser(db, sub.user_id);
    const page = (
      <ReplayPage
        section={section}
        task={task}
        problem={problem}
        submissionId={sub.id}
        number={await submissionNumber(db, sub)}
        owner={owner?.display_name ?? "Unknown"}
        risk={await selectRisk(db, sub.id)}
        recordingUrl={`/manage/integrity/submissions/${sub.id}/recording.json`}
        nonce={c.get("secureHeadersNonce")}
      />
    );
    return c.render(page, { title: `Replay · ${owner?.display_name ?? ""}` });
  })
  .get("/submissions/:id/recording.json", validated("param", idParam), async (c) => {
    const { sub } = await submissionToTeach(c, c.req.valid("param").id);
    c.header("Cache-Control", "no-store");
    return c.json({ submittedAt: sub.submitted_at, sessions: await loadRecording(c.var.ctx.db, sub.id) });
  })
  .get("/sections/:id", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const summary = await sectionRecordingSummary(c.var.ctx.db, section.id);
    return c.render(<SectionRecordingsPage section={section} {...summary} />, { title: "Recordings" });
  })
  .post("/sections/:id/purge", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const n = await purgeSection(c.var.ctx.db, section.id);
    return redirectWith(
      c,
      `/manage/integrity/sections/${section.id}`,
      `Deleted ${n} recorded session${n === 1 ? "" : "s"}.`,
    );
  });

/** The student's problem, with recording on (a teacher's preview records nothing). */
async function recordedProblem(c: Context<AppEnv>, id: number) {
  const { problem, teaches } = await problemToView(c, id);
  if (teaches) throw new HTTPException(403, { message: "A teacher's preview is not recorded." });
  const settings = await selectIntegritySettings(c.var.ctx.db, problem.id);
  if (!settings.recording) throw new HTTPException(409, { message: "Recording is off for this problem." });
  return problem;
}

const studentRoutes = new Hono<AppEnv>()
  .post(
    "/:id/integrity/batches",
    // The recorder sends one batch every few seconds; far more is not a browser at work.
    limit({
      max: 120,
      key: (c) => `integrity-batch:${c.var.user?.id}`,
      message: "Too many recording batches. Wait a minute.",
    }),
    bodyLimit({
      maxSize: CAPS.batchBytes,
      onError: (c) => c.json({ error: `A batch may hold at most ${CAPS.batchBytes / 1024} KiB.` }, 413),
    }),
    validated("param", idParam),
    async (c) => {
      const problem = await recordedProblem(c, c.req.valid("param").id);
      const body = await c.req.json().catch(() => null);
      const parsed = recordingBatch.safeParse(body);
      if (!parsed.success)
        return c.json({ error: `The batch is not valid: ${firstMessage(parsed.error)}` }, 400);
      const user = currentUser(c);
      const token = c.req.header("x-integrity-token");
      const outcome = await acceptBatch(
        c.var.ctx,
        { problemId: problem.id, userId: user.id },
        token,
        parsed.data,
      );
      if (!outcome.ok) return c.json({ error: outcome.message }, outcome.status);
      return c.json({ ok: true, duplicate: outcome.duplicate });
    },
  )
  .post("/:id/integrity/sessions", validated("param", idParam), async (c) => {
    const problem = await recordedProblem(c, c.req.valid("param").id);
    const { ctx } = c.var;
    const { token } = issueSessionToken(ctx.secret, {
      problemId: problem.id,
      userId: currentUser(c).id,
      now: ctx.clock.now(),
    });
    return c.json({ token });
  });

export const integrityRoutes = new Hono<AppEnv>()
  .route("/manage/integrity", teacherRoutes)
  .route("/problems", studentRoutes);
