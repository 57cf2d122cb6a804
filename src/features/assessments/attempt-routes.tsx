// A student's attempt: start it, answer page by page (autosaved field by field), submit, review.
// Every rule is checked here or in attempts.ts on each request: times, password, attempt limits, the
// time limit (an expired attempt is submitted before anything else happens), one open attempt,
// answers only for the attempt's own questions on pages still open, and the review phase's options.
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { limit } from "../../http/rate-limit.ts";
import { idParam, validated } from "../../http/validation.ts";
import { assessmentToView, attemptFor } from "./access.ts";
import {
  AttemptRefused,
  answerablePage,
  attemptsOf,
  isExpired,
  itemIdsOf,
  itemsOf,
  type LoadedItem,
  reachPage,
  saveResponses,
  startAttempt,
  submitAttempt,
  submitIfExpired,
} from "./attempts.ts";
import { gradeOf } from "./grade-method.ts";
import { gradeResponse } from "./grading.ts";
import { isClosed, parseReview, phaseOf, type Show, visibility } from "./review.ts";
import { AttemptPage, ReviewPage, StartPage } from "./views/attempt.tsx";
import type { ItemView } from "./views/question-view.tsx";

const refused = (err: unknown): never => {
  if (err instanceof AttemptRefused) throw new HTTPException(err.status, { message: err.message });
  throw err;
};

export function itemView(item: LoadedItem, number: number, during: Record<Show, boolean> | null): ItemView {
  // During the attempt nothing is graded yet; a phase that shows marks or correctness grades on the fly.
  const live = during && (during.marks || during.correct) ? gradeResponse(item.question, item.parsed) : null;
  return {
    id: item.id,
    partId: item.part_id,
    number,
    question: item.question,
    layout: item.layout,
    response: item.parsed,
    maxMark: item.max_mark,
    fraction: during ? live : item.fraction,
    score: during ? (live === null ? null : Math.round(live * item.max_mark * 100) / 100) : item.score,
    teacherFeedback: during ? "" : item.teacher_feedback,
  };
}

/** Items numbered in order (descriptions take no number). */
function numbered(items: LoadedItem[], during: Record<Show, boolean> | null): ItemView[] {
  let n = 0;
  return items.map((i) => itemView(i, i.question.qtype === "description" ? 0 : ++n, during));
}

function formReader(body: Record<string, string | File | (string | File)[]>) {
  const keys = Object.keys(body);
  const values = (name: string) => {
    const v = body[name];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.filter((x): x is string => typeof x === "string");
  };
  return { keys, values };
}

async function formOf(c: Context<AppEnv>) {
  return formReader(await c.req.parseBody({ all: true }));
}

async function partsOf(c: Context<AppEnv>, assessmentId: number) {
  return c.var.ctx.db
    .selectFrom("assessment_parts")
    .selectAll()
    .where("assessment_id", "=", assessmentId)
    .orderBy("position")
    .execute();
}

const pageQuery = z.object({ page: z.coerce.number().int().min(0).max(1000).optional() });
const startForm = z.object({ password: z.string().max(200).optional() });

/** Refused starts (a wrong access password above all) per student and assessment: stops guessing it. */
const startGuessLimit = limit({
  max: 10,
  per: "hour",
  failuresOnly: true,
  key: (c) => `assessment-start:${c.var.user?.id}:${c.req.param("id")}`,
  message: "Too many tries to start this assessment. Ask your teacher for the password, or wait an hour.",
});

export const attemptRoutes = new Hono<AppEnv>()
  .post("/assessments/:id/start", validated("param", idParam), startGuessLimit, async (c) => {
    const user = currentUser(c, "student");
    const { a } = await assessmentToView(c, c.req.valid("param").id);
    const body = startForm.safeParse(await c.req.parseBody());
    if (!body.success) throw new HTTPException(400, { message: "The form is not valid." });
    const attempt = await startAttempt(c.var.ctx, a, user.id, { password: body.data.password ?? "" }).catch(
      refused,
    );
    return c.redirect(`/attempts/${attempt.id}`, 303);
  })
  .get("/attempts/:id", validated("param", idParam), validated("query", pageQuery), async (c) => {
    const { attempt, a, section, teaches } = await attemptFor(c, c.req.valid("param").id);
    if (teaches || attempt.state !== "open" || (await submitIfExpired(c.var.ctx, attempt))) {
      return c.redirect(`/attempts/${attempt.id}/review`, 303);
    }
    const items = await itemsOf(c.var.ctx.db, attempt.id);
    const pages = Math.max(1, ...items.map((i) => i.page + 1));
    const asked = c.req.valid("query").page ?? attempt.page;
    const page = Math.min(pages - 1, answerablePage(a, attempt, asked) ? asked : attempt.page);
    const during = parseReview(a.review).during;
    const shown = SHOWS_ANY(during) ? during : null;
    const views = numbered(items, shown).filter((v) => items.find((i) => i.id === v.id)!.page === page);
    c.header("Cache-Control", "no-store");
    return c.render(
      <AttemptPage
        section={section}
        a={a}
        attempt={attempt}
        parts={await partsOf(c, a.id)}
        items={views}
        page={page}
        pages={pages}
        canGoBack={!a.sequential}
        show={shown}
        now={c.var.ctx.clock.now()}
      />,
      { title: `${a.title} · attempt ${attempt.number}` },
    );
  })
  .post("/attempts/:id/save", validated("param", idParam), async (c) => {
    const { attempt, a, teaches } = await attemptFor(c, c.req.valid("param").id);
    if (teaches) throw new HTTPException(403, { message: "Only the student answers their attempt." });
    const form = await formOf(c);
    // Only the items the form names are loaded; one that is not of this attempt is then refused.
    const items = await itemsOf(c.var.ctx.db, attempt.id, itemIdsOf(form.keys));
    const saved = await saveResponses(c.var.ctx, a, attempt, items, form).catch(refused);
    return c.json({ saved, at: c.var.ctx.clock.now(), deadline: attempt.deadline_at });
  })
  .post("/attempts/:id/page", validated("param", idParam), async (c) => {
    const { attempt, a, teaches } = await attemptFor(c, c.req.valid("param").id);
    if (teaches) throw new HTTPException(403, { message: "Only the student answers their attempt." });
    if (attempt.state !== "open" || isExpired(attempt, c.var.ctx.clock.now())) {
      await submitIfExpired(c.var.ctx, attempt);
      return redirectWith(
        c,
        `/attempts/${attempt.id}/review`,
        "Time is up: your attempt was submitted.",
        "info",
      );
    }
    const form = await formOf(c);
    const items = await itemsOf(c.var.ctx.db, attempt.id);
    await saveResponses(c.var.ctx, a, attempt, items, form).catch(refused);
    const go = form.values("go")[0] ?? "";
    if (go === "submit") {
      await submitAttempt(c.var.ctx, attempt.id);
      return redirectWith(c, `/attempts/${attempt.id}/review`, "Your answers were submitted.");
    }
    const target = Number(go);
    const pages = Math.max(1, ...items.map((i) => i.page + 1));
    if (!Number.isInteger(target) || target < 0 || target >= pages) {
      throw new HTTPException(400, { message: "There is no such page." });
    }
    if (a.sequential && target < attempt.page)
      throw new HTTPException(409, { message: "You cannot go back to that page." });
    if (a.sequential && target > attempt.page + 1)
      throw new HTTPException(409, { message: "Pages are taken in order." });
    await reachPage(c.var.ctx.db, attempt, target);
    return c.redirect(`/attempts/${attempt.id}?page=${target}`, 303);
  })
  .post("/attempts/:id/submit", validated("param", idParam), async (c) => {
    const { attempt, teaches } = await attemptFor(c, c.req.valid("param").id);
    if (teaches) throw new HTTPException(403, { message: "Only the student submits their attempt." });
    if (!(await submitIfExpired(c.var.ctx, attempt))) await submitAttempt(c.var.ctx, attempt.id);
    return redirectWith(c, `/attempts/${attempt.id}/review`, "Your answers were submitted.");
  })
  .get("/attempts/:id/review", validated("param", idParam), async (c) => {
    const { attempt: first, a, section, teaches } = await attemptFor(c, c.req.valid("param").id);
    await submitIfExpired(c.var.ctx, first);
    const { attempt } = await attemptFor(c, first.id);
    if (attempt.state === "open" && !teaches) return c.redirect(`/attempts/${attempt.id}`, 303);
    const show = visibility(a, attempt, c.var.ctx.clock.now(), teaches);
    const items = await itemsOf(c.var.ctx.db, attempt.id);
    const student = teaches
      ? await c.var.ctx.db
          .selectFrom("users")
          .select("display_name")
          .where("id", "=", attempt.user_id)
          .executeTakeFirst()
      : undefined;
    c.header("Cache-Control", "no-store");
    return c.render(
      <ReviewPage
        section={section}
        a={a}
        attempt={attempt}
        parts={await partsOf(c, a.id)}
        items={numbered(items, null)}
        show={show}
        studentName={student?.display_name}
      />,
      { title: `Review · ${a.title}` },
    );
  });

const SHOWS_ANY = (s: Record<Show, boolean>) => Object.values(s).some(Boolean);

/** The student's start page data: attempts, whether a new one may start, the grade (if marks show). */
export async function studentStart(c: Context<AppEnv>, assessmentId: number) {
  const user = currentUser(c);
  const { a, section } = await assessmentToView(c, assessmentId);
  const ctx = c.var.ctx;
  const now = ctx.clock.now();
  for (const t of await attemptsOf(ctx.db, a.id, user.id)) await submitIfExpired(ctx, t);
  const attempts = await attemptsOf(ctx.db, a.id, user.id);
  const graded = attempts.filter((t) => t.practice === 0);
  const closed = isClosed(a, now);
  let canStart: { ok: true; practice: boolean } | { ok: false; why: string } = { ok: true, practice: false };
  if (a.opens_at !== null && now < a.opens_at)
    canStart = { ok: false, why: "This assessment has not opened yet." };
  else if (closed) {
    canStart = a.practice_after_close
      ? { ok: true, practice: true }
      : { ok: false, why: "This assessment has closed." };
  } else if (a.max_attempts !== null && graded.length >= a.max_attempts) {
    canStart = { ok: false, why: "You have used all your attempts." };
  }
  const showMarks = (t: (typeof attempts)[number]) => visibility(a, t, now, false).marks;
  const submitted = graded.filter((t) => t.state === "submitted");
  return {
    section,
    a,
    attempts,
    canStart,
    grade: gradeOf(a.grading_method, submitted),
    showGrade: submitted.length > 0 && submitted.every(showMarks),
    showMarks,
    phase: (t: (typeof attempts)[number]) => phaseOf(a, t, now),
  };
}

export { StartPage };
