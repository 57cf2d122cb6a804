// Practice: the public problem catalog outside sections (search, filters, acceptance), a catalog
// problem's page with Run tests / Submit graded by the durable grading queue, the ranking, the user's
// history, their submissions with a live result and the points it gave, and their profile (points,
// streaks, achievements, privacy). Managing the catalog, the admin's settings and analytics and a
// section's gamification live in manage-routes.tsx.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Submission, TestCase } from "../../db/tables/problems.ts";
import type { GradeResult } from "../../grading/job.ts";
import { presentResult } from "../../grading/present.ts";
import { runTests, SandboxUnavailableError } from "../../grading/service.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { codeForm } from "../../http/code-form.ts";
import { redirectWith } from "../../http/flash.ts";
import { awaitGraded } from "../../http/graded-submission.ts";
import { runLimit } from "../../http/rate-limit.ts";
import { sse } from "../../http/sse.ts";
import { checkbox, formValidator, idParam, validated } from "../../http/validation.ts";
import { withLock } from "../../lib/lock.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { selectTests } from "../../models/problem.ts";
import {
  insertSubmission,
  selectOptionalSubmission,
  selectUserSubmissions,
} from "../../models/submission.ts";
import { SandboxInputError } from "../../sandbox/index.ts";
import { ResultsPanel } from "../../ui/results.tsx";
import { entryToView, isStaff } from "./access.ts";
import { BUILT_IN, selectEarned, takePendingToasts } from "./achievements.ts";
import { type CatalogEntry, codeTemplate, selectAllTags, selectCatalog } from "./catalog.ts";
import { manageRoutes } from "./manage-routes.tsx";
import { pointsOf, selectPointsLeaders } from "./points.ts";
import { selectRanking } from "./ranking.ts";
import { savePrefs, selectPrefs } from "./settings.ts";
import { dayKeyIn, serverTimeZone, shiftDay, userStreaks } from "./streaks.ts";
import { CatalogPage } from "./views/catalog.tsx";
import { PendingToasts } from "./views/parts.tsx";
import { PracticeGradingBox, PracticeProblemPage } from "./views/problem.tsx";
import { ProfilePage } from "./views/profile.tsx";
import { PracticeSubmissionPage } from "./views/submission.tsx";

const FREQUENCY_DAYS = 30;

const catalogQuery = z.object({
  q: z.string().trim().max(100, "Search text is too long.").optional().default(""),
  difficulty: z.enum(["easy", "medium", "hard", ""]).optional().default("").catch(""),
  tag: z.string().trim().toLowerCase().max(40).optional().default(""),
  solved: z.enum(["solved", "unsolved", ""]).optional().default("").catch(""),
});

function codeError(c: Context<AppEnv>, message: string) {
  c.status(422);
  return c.html(
    <p class="alert alert-error" role="alert">
      {message}
    </p>,
  );
}

/** What the owner sees of a graded submission: visible tests in full, hidden ones as pass/fail. */
async function resultFor(c: Context<AppEnv>, sub: Submission, tests: TestCase[], entry: CatalogEntry) {
  if (sub.status === "queued" || sub.status === "running")
    return <PracticeGradingBox submissionId={sub.id} />;
  if (sub.status === "error" || !sub.results)
    return (
      <p class="alert alert-error">This submission could not be graded: {sub.error ?? "unknown error"}</p>
    );
  const view = presentResult(JSON.parse(sub.results) as GradeResult, tests, "student", entry.problem.kind);
  const solve = await c.var.ctx.db
    .selectFrom("practice_solves")
    .select(["submission_id", "points"])
    .where("user_id", "=", sub.user_id)
    .where("problem_id", "=", sub.problem_id)
    .executeTakeFirst();
  // Only the owner's own page takes their toasts: an admin looking in must not see or use them up.
  const owner = currentUser(c).id === sub.user_id;
  const pending = owner ? await takePendingToasts(c.var.ctx.db, sub.user_id, c.var.ctx.clock.now()) : [];
  return (
    <div>
      {solve?.submission_id === sub.id ? (
        <p class="alert alert-success practice-earned" role="status">
          Solved! +{solve.points} points.
        </p>
      ) : null}
      <ResultsPanel result={view} title="Your submission" score={sub.override_score ?? sub.score} />
      <PendingToasts items={pending} />
    </div>
  );
}

/** The user's own submission of a catalog problem (admins may open anyone's). */
async function submissionToView(c: Context<AppEnv>, id: number) {
  const user = currentUser(c);
  const sub = await selectOptionalSubmission(c.var.ctx.db, id);
  if (!sub || (sub.user_id !== user.id && user.role !== "admin"))
    throw new HTTPException(404, { message: "There is no such submission." });
  const entry = await entryToView(c, sub.problem_id).catch(() => {
    throw new HTTPException(404, { message: "There is no such submission." });
  });
  return { sub, entry };
}

function frequency(history: Submission[], now: number) {
  const tz = serverTimeZone();
  const today = dayKeyIn(now, tz);
  const counts = new Map<string, number>();
  for (const s of history) {
    const day = dayKeyIn(s.submitted_at, tz);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return Array.from({ length: FREQUENCY_DAYS }, (_, i) => {
    const day = shiftDay(today, i - FREQUENCY_DAYS + 1);
    return { day, submissions: counts.get(day) ?? 0 };
  });
}

const pageRoutes = new Hono<AppEnv>()
  .get("/", validated("query", catalogQuery), async (c) => {
    const user = currentUser(c);
    const { db, clock } = c.var.ctx;
    const filter = { ...c.req.valid("query"), includeHidden: isStaff(user) };
    const [rows, tags, points, streaks, leaders] = await Promise.all([
      selectCatalog(db, user.id, filter),
      selectAllTags(db, filter.includeHidden),
      pointsOf(db, user.id),
      userStreaks(db, user.id, clock.now()),
      selectPointsLeaders(db),
    ]);
    const page = (
      <CatalogPage
        user={user}
        rows={rows}
        filter={filter}
        tags={tags}
        points={points}
        streaks={streaks}
        leaders={leaders}
        staff={isStaff(user)}
      />
    );
    return c.render(page, { title: "Practice" });
  })
  .get("/problems/:id", validated("param", idParam), async (c) => {
    const entry = await entryToView(c, c.req.valid("param").id);
    const user = currentUser(c);
    const { db, clock } = c.var.ctx;
    const history = await selectUserSubmissions(db, entry.problem.id, user.id);
    const last = history[0];
    const files = last
      ? (JSON.parse(last.files) as { name: string; content: string }[])
      : [{ name: "main.py", content: codeTemplate(entry.problem) }];
    const solve = await db
      .selectFrom("practice_solves")
      .select("solved_at")
      .where("user_id", "=", user.id)
      .where("problem_id", "=", entry.problem.id)
      .executeTakeFirst();
    const tests = last ? await selectTests(db, entry.problem.id) : [];
    const page = (
      <PracticeProblemPage
        entry={entry}
        statementHtml={renderMarkdown(entry.problem.statement)}
        files={files}
        mainFile={last?.main_file ?? "main.py"}
        history={history}
        latest={last ? await resultFor(c, last, tests, entry) : null}
        ranking={await selectRanking(db, entry.problem.id)}
        viewerId={user.id}
        solvedAt={solve?.solved_at ?? null}
        frequency={frequency(history, clock.now())}
        nonce={c.get("secureHeadersNonce")}
        sandboxOff={c.var.ctx.sandbox === null}
        staff={isStaff(user)}
      />
    );
    return c.render(page, { title: entry.problem.title });
  })
  .post(
    "/problems/:id/run-tests",
    runLimit,
    validated("param", idParam),
    formValidator(codeForm, codeError),
    async (c) => {
      const entry = await entryToView(c, c.req.valid("param").id);
      const { files, main } = c.req.valid("form");
      const visible = (await selectTests(c.var.ctx.db, entry.problem.id)).filter((t) => t.hidden === 0);
      if (visible.length === 0)
        return c.html(<p class="muted">This problem has no visible tests. Submit to be graded.</p>);
      try {
        const userKey = `user:${currentUser(c).id}`;
        const result = await runTests(c.var.ctx.sandbox, entry.problem, visible, files, main, { userKey });
        const view = presentResult(result, visible, "student", entry.problem.kind);
        return c.html(<ResultsPanel result={view} title="Visible tests (not recorded)" />);
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
      const entry = await entryToView(c, c.req.valid("param").id);
      const user = currentUser(c);
      const { files, main } = c.req.valid("form");
      const ctx = c.var.ctx;
      if (!ctx.sandbox) return codeError(c, "Code execution is turned off on this server.");
      // Stored as "queued" before anything runs; the grading queue picks it up like any submission.
      const sub = await withLock(`submit:${user.id}:${entry.problem.id}`, () =>
        insertSubmission(ctx.db, {
          problemId: entry.problem.id,
          userId: user.id,
          files: JSON.stringify(files),
          mainFile: main,
          submittedAt: ctx.clock.now(),
          latePenaltyPct: 0,
        }),
      );
      ctx.grading.notify();
      if (!c.req.header("hx-request")) return c.redirect(`/practice/submissions/${sub.id}`, 303);
      return c.html(<PracticeGradingBox submissionId={sub.id} />);
    },
  )
  .get("/submissions/:id", validated("param", idParam), async (c) => {
    const { sub, entry } = await submissionToView(c, c.req.valid("param").id);
    const tests = await selectTests(c.var.ctx.db, entry.problem.id);
    const page = (
      <PracticeSubmissionPage entry={entry} submission={sub} result={await resultFor(c, sub, tests, entry)} />
    );
    return c.render(page, { title: `Submission · ${entry.problem.title}` });
  })
  .get("/submissions/:id/events", validated("param", idParam), async (c) => {
    // Checked exactly like the page: only the owner (or an admin) may listen.
    const { sub, entry } = await submissionToView(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    return sse(c, async (stream) => {
      const final = await awaitGraded(stream, c.var.ctx, sub.id, "practice:scored");
      if (!final) return;
      const tests = await selectTests(db, final.problem_id);
      await stream.send("graded", String(await (<div>{await resultFor(c, final, tests, entry)}</div>)));
      await stream.send("done", "");
    });
  })
  .get("/profile", async (c) => {
    const user = currentUser(c);
    const { db, clock } = c.var.ctx;
    const [points, streaks, earned, prefs] = await Promise.all([
      pointsOf(db, user.id),
      userStreaks(db, user.id, clock.now()),
      selectEarned(db, user.id),
      selectPrefs(db, user.id),
    ]);
    const pending = await takePendingToasts(db, user.id, clock.now());
    const page = (
      <ProfilePage
        user={user}
        points={points}
        streaks={streaks}
        earned={earned}
        builtIn={BUILT_IN}
        prefs={prefs}
        pending={pending}
      />
    );
    return c.render(page, { title: "Your achievements" });
  })
  .post(
    "/profile/prefs",
    validated("form", z.object({ showName: checkbox, hidePoints: checkbox })),
    async (c) => {
      const form = c.req.valid("form");
      await savePrefs(c.var.ctx.db, currentUser(c).id, {
        showName: form.showName,
        hidePoints: form.hidePoints,
      });
      return redirectWith(c, "/practice/profile", "Your choices are saved.");
    },
  );

export const practiceRoutes = new Hono<AppEnv>().route("/", pageRoutes).route("/", manageRoutes);
