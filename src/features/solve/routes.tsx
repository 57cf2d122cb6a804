// The student side of tasks and problems: a task's problems, the problem page with "Run tests"
// (visible tests, nothing recorded) and "Submit" (all tests, recorded), and submissions with a live
// result. Teachers get the same pages read-only where it makes sense (preview).

import { timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Problem, Submission, TestCase } from "../../db/tables/problems.ts";
import type { GradeResult } from "../../grading/job.ts";
import { presentResult } from "../../grading/present.ts";
import { runTests, SandboxUnavailableError } from "../../grading/service.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { codeForm } from "../../http/code-form.ts";
import { redirectWith } from "../../http/flash.ts";
import { awaitGraded } from "../../http/graded-submission.ts";
import { limit, runLimit } from "../../http/rate-limit.ts";
import { sse } from "../../http/sse.ts";
import { isLockedFor, problemToView, taskToView } from "../../http/task-access.ts";
import { formValidator, idParam, validated } from "../../http/validation.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { decrypt } from "../../lib/secret-box.ts";
import { selectLeaderboard } from "../../models/leaderboard.ts";
import { selectProblems, selectTests } from "../../models/problem.ts";
import { selectDataJobFiles } from "../../models/problem-data-files.ts";
import { startingCode } from "../../models/problem-draft.ts";
import {
  selectOptionalSubmission,
  selectProgress,
  selectUserSubmissions,
  submissionNumber,
} from "../../models/submission.ts";
import { insertTaskUnlock } from "../../models/task.ts";
import { selectOptionalUser } from "../../models/user.ts";
import { SandboxInputError } from "../../sandbox/index.ts";
import { OverrideForm } from "../../ui/override-form.tsx";
import { ResultsPanel } from "../../ui/results.tsx";
import { StudentTaskPage } from "../../ui/student-task.tsx";
import { recordVisibleRun } from "../ai/conversations.ts";
import { aiPanelFor } from "../ai/panel.tsx";
import { afterPassingRun, allTestsPassed } from "../auto-submit/after-run.tsx";
import { countCodeComments } from "../community/code-comments/comment-model.ts";
import { annotatedCode } from "../community/code-comments/routes.tsx";
import { studentHintsCard } from "../hints/slots.tsx";
import { editorIntegrity, submissionIntegrity } from "../integrity/slots.tsx";
import { lmsDelivery } from "../lms/delivery.tsx";
import { draftRoutes } from "./draft-routes.tsx";
import { liveListRoutes } from "./live-routes.tsx";
import { submissionRules, submit } from "./submit.ts";
import { LeaderboardPage } from "./views/leaderboard.tsx";
import { StudentProblemPage } from "./views/problem.tsx";
import { GradingBox, SubmissionPage } from "./views/submission.tsx";

/** The results a viewer may see of a graded submission (hidden test data only for teachers). */
function resultsFor(sub: Submission, number: number, problem: Problem, tests: TestCase[], teaches: boolean) {
  if (sub.status === "queued" || sub.status === "running") return <GradingBox submissionId={sub.id} />;
  if (sub.status === "error" || !sub.results) {
    return (
      <p class="alert alert-error">This submission could not be graded: {sub.error ?? "unknown error"}</p>
    );
  }
  const viewer = teaches ? "teacher" : "student";
  const view = presentResult(JSON.parse(sub.results) as GradeResult, tests, viewer, problem.kind);
  const score = sub.override_score ?? sub.score;
  return (
    <ResultsPanel
      result={view}
      title={`Submission ${number}`}
      score={score}
      penaltyPct={sub.late_penalty_pct}
    />
  );
}

/** A submission the viewer may see: their own, or any in a section they teach. */
async function submissionToView(c: Context<AppEnv>, id: number) {
  const user = currentUser(c);
  const sub = await selectOptionalSubmission(c.var.ctx.db, id);
  const missing = () => new HTTPException(404, { message: "There is no such submission." });
  if (!sub) throw missing();
  // Refused like a missing one: a different message would say the id is a hidden problem's.
  const found = await problemToView(c, sub.problem_id).catch((e: unknown) => {
    throw e instanceof HTTPException && e.status === 404 ? missing() : e;
  });
  if (!found.teaches && sub.user_id !== user.id) throw missing();
  return { sub, ...found };
}

function codeError(c: Context<AppEnv>, message: string) {
  c.status(422);
  return c.html(
    <p class="alert alert-error" role="alert">
      {message}
    </p>,
  );
}

const UNLOCKS_PER_HOUR = 30;

const pageRoutes = new Hono<AppEnv>()
  .get("/tasks/:id", validated("param", idParam), async (c) => {
    const { task, section, teaches } = await taskToView(c, c.req.valid("param").id, { allowLocked: true });
    if (teaches) return c.redirect(`/manage/tasks/${task.id}`, 303);
    const user = currentUser(c);
    const { db, clock } = c.var.ctx;
    const problems = await selectProblems(db, task.id);
    const locked = await isLockedFor(c, task, teaches);
    const page = (
      <StudentTaskPage
        section={section}
        task={task}
        descriptionHtml={renderMarkdown(task.description)}
        problems={problems}
        progress={
          await selectProgress(
            db,
            user.id,
            problems.map((p) => p.id),
          )
        }
        locked={locked}
        now={clock.now()}
      />
    );
    c.set("liveUrl", `/tasks/${task.id}/live`); // the due time, as it changes
    return c.render(page, { title: task.title });
  })
  .post(
    "/tasks/:id/unlock",
    limit({
      max: 10,
      key: (c) => `unlock:${c.var.user?.id}`,
      message: "Too many attempts. Wait a minute.",
    }),
    // Guessing a task's code slowly: each account gets a few dozen tries per task an hour.
    limit({
      max: UNLOCKS_PER_HOUR,
      per: "hour",
      key: (c) => `unlock-task:${c.var.user?.id}:${c.req.param("id")}`,
      message: "Too many wrong access codes for this task. Ask your teacher for the code.",
    }),
    validated("param", idParam),
    validated("form", z.object({ code: z.string().max(100) })),
    async (c) => {
      const { task } = await taskToView(c, c.req.valid("param").id, { allowLocked: true });
      const user = currentUser(c);
      if (!task.access_code_enc) return c.redirect(`/tasks/${task.id}`, 303);
      const given = Buffer.from(c.req.valid("form").code.trim());
      const wanted = Buffer.from(decrypt(c.var.ctx.secret, task.access_code_enc));
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        return redirectWith(c, `/tasks/${task.id}`, "That access code is not right.", "error");
      }
      await insertTaskUnlock(c.var.ctx.db, task.id, user.id, c.var.ctx.clock.now());
      return redirectWith(c, `/tasks/${task.id}`, "Task unlocked. Good luck!");
    },
  )
  .get("/tasks/:id/leaderboard", validated("param", idParam), async (c) => {
    const { task, section, teaches } = await taskToView(c, c.req.valid("param").id);
    if (!teaches && !task.leaderboard)
      throw new HTTPException(404, { message: "This task has no leaderboard." });
    const rows = await selectLeaderboard(c.var.ctx.db, task.id);
    c.set("liveUrl", `/tasks/${task.id}/leaderboard/live`); // new scores, as they are graded
    const page = (
      <LeaderboardPage
        section={section}
        task={task}
        rows={rows}
        viewerId={currentUser(c).id}
        teaches={teaches}
      />
    );
    return c.render(page, { title: `Leaderboard · ${task.title}` });
  })
  .get("/problems/:id", validated("param", idParam), async (c) => {
    const { problem, task, section, teaches } = await problemToView(c, c.req.valid("param").id, {
      allowLocked: true,
    });
    const user = currentUser(c);
    const { db, clock } = c.var.ctx;
    if (await isLockedFor(c, task, teaches)) return c.redirect(`/tasks/${task.id}`, 303);
    const history = teaches ? [] : await selectUserSubmissions(db, problem.id, user.id);
    const code = await startingCode(db, problem, user.id, history); // the newest of draft and submission
    const tests = history[0] ? await selectTests(db, problem.id) : [];
    const page = (
      <StudentProblemPage
        section={section}
        task={task}
        problem={problem}
        statementHtml={renderMarkdown(problem.statement)}
        files={code.files}
        mainFile={code.main}
        shown={code.shown}
        draftSavedAt={code.draftSavedAt}
        rules={await submissionRules(c.var.ctx, task, problem.id, user)}
        history={history}
        latest={history[0] ? resultsFor(history[0], history.length, problem, tests, false) : null}
        now={clock.now()}
        preview={teaches}
        nonce={c.get("secureHeadersNonce")}
        sandboxOff={c.var.ctx.sandbox === null}
        userId={user.id}
        aiPanel={await aiPanelFor(c, { kind: "problem", problem, task, section, teaches }, code.main)}
        integrity={await editorIntegrity(c.var.ctx, problem, user.id, teaches)}
        hints={await studentHintsCard(db, problem, user.id, teaches)}
        visibleTestIds={new Set(tests.filter((t) => t.hidden === 0).map((t) => t.id))}
        commentCounts={
          await countCodeComments(
            db,
            history.map((s) => s.id),
          )
        }
      />
    );
    c.set("liveUrl", `/tasks/${task.id}/live`); // the due time, as it changes
    return c.render(page, { title: problem.title });
  })
  .post(
    "/problems/:id/run-tests",
    runLimit,
    validated("param", idParam),
    formValidator(codeForm, codeError),
    async (c) => {
      const { problem, task, teaches } = await problemToView(c, c.req.valid("param").id);
      const { files, main } = c.req.valid("form");
      const allTests = await selectTests(c.var.ctx.db, problem.id);
      const visible = allTests.filter((t) => t.hidden === 0);
      if (visible.length === 0)
        return c.html(<p class="muted">This problem has no visible tests. Submit to be graded.</p>);
      try {
        const userKey = `user:${currentUser(c).id}`;
        const dataFiles = await selectDataJobFiles(c.var.ctx.db, problem.id);
        const result = await runTests(c.var.ctx.sandbox, problem, visible, files, main, {
          userKey,
          dataFiles,
        });
        const view = presentResult(result, visible, teaches ? "teacher" : "student", problem.kind);
        await recordVisibleRun(c.var.ctx.db, currentUser(c).id, problem.id, view, c.var.ctx.clock.now()); // the tutor's context
        const passed = result.check ? 0 : result.tests.filter((t) => t.status === "pass").length;
        c.var.ctx.events.emit("tests:ran", {
          problemId: problem.id,
          userId: currentUser(c).id,
          passed,
          total: visible.length,
        });
        const next = allTestsPassed(result, allTests)
          ? await afterPassingRun(c.var.ctx, {
              user: currentUser(c),
              task,
              problem,
              files,
              mainFile: main,
              teaches,
            })
          : null;
        return c.html(
          <>
            <ResultsPanel result={view} title="Visible tests (not recorded)" />
            {next}
          </>,
        );
      } catch (err) {
        if (err instanceof SandboxUnavailableError) return codeError(c, err.message);
        if (err instanceof SandboxInputError) return codeError(c, `These files cannot run: ${err.message}.`);
        throw err;
      }
    },
  )
  .post(
    "/problems/:id/submit",
    runLimit,
    validated("param", idParam),
    formValidator(codeForm, codeError),
    async (c) => {
      const { problem, task, teaches } = await problemToView(c, c.req.valid("param").id);
      if (teaches) return codeError(c, "Teachers preview problems; submissions are for students.");
      const { files, main } = c.req.valid("form");
      const result = await submit(c.var.ctx, { user: currentUser(c), task, problem, files, mainFile: main });
      if (!result.ok) return codeError(c, result.message);
      if (!c.req.header("hx-request")) return c.redirect(`/submissions/${result.submission.id}`, 303);
      return c.html(<GradingBox submissionId={result.submission.id} />);
    },
  )
  .get("/submissions/:id", validated("param", idParam), async (c) => {
    const { sub, problem, task, section, teaches } = await submissionToView(c, c.req.valid("param").id);
    const owner = await selectOptionalUser(c.var.ctx.db, sub.user_id);
    const tests = await selectTests(c.var.ctx.db, problem.id);
    const number = await submissionNumber(c.var.ctx.db, sub);
    const page = (
      <SubmissionPage
        section={section}
        task={task}
        problem={problem}
        submission={sub}
        number={number}
        owner={owner?.display_name ?? "Unknown"}
        ownerId={owner?.id}
        annotated={await annotatedCode(c, sub, teaches)}
        results={resultsFor(sub, number, problem, tests, teaches)}
        teacherTools={
          teaches ? (
            <>
              <OverrideForm
                submissionId={sub.id}
                maxScore={sub.max_score}
                score={sub.override_score}
                comment={sub.override_comment ?? ""}
              />
              {await lmsDelivery(c.var.ctx.db, sub.id)}
            </>
          ) : undefined
        }
        integrity={teaches ? await submissionIntegrity(c.var.ctx.db, sub) : undefined}
      />
    );
    return c.render(page, { title: `Submission ${number} · ${problem.title}` });
  })
  .get("/submissions/:id/events", validated("param", idParam), async (c) => {
    // Checked exactly like the page: only the owner or a teacher of the section may listen.
    const { sub, problem, teaches } = await submissionToView(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    return sse(c, async (stream) => {
      const final = await awaitGraded(stream, c.var.ctx, sub.id, "submission:graded");
      if (!final) return;
      const tests = await selectTests(db, final.problem_id);
      const number = await submissionNumber(db, final);
      const html = String(await (<div>{resultsFor(final, number, problem, tests, teaches)}</div>));
      await stream.send("graded", html);
      await stream.send("done", "");
    });
  });

/** The student's side: pages and submissions, drafts, and the live parts of those pages. */
export const solveRoutes = new Hono<AppEnv>()
  .route("/", pageRoutes)
  .route("/", draftRoutes)
  .route("/", liveListRoutes);
