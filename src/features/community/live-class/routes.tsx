// The live class view for teachers: a grid of the section's students for one problem with their
// editor code (the drafts their problem page saves as they type), last test run, last submission and
// online state, and a read-along page per student. Only the section's teachers (and admins) see it;
// every live update checks again that the viewer teaches the section and the student is in it.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../../context.ts";
import { currentUser } from "../../../http/auth-middleware.ts";
import { everyPageFeeds, type LiveChannel, liveStream, toHtml } from "../../../http/live.tsx";
import { sectionToTeach } from "../../../http/section-access.ts";
import { idParam, validated } from "../../../http/validation.ts";
import { selectOptionalProblem } from "../../../models/problem.ts";
import { isEnrolled, selectRoster } from "../../../models/section.ts";
import { selectOptionalTask } from "../../../models/task.ts";
import { LiveCard, LiveClassPage, ReadAlong, ReadAlongPage } from "../views/live-class.tsx";
import { classCards, followRuns, sectionProblems, studentCard } from "./live-class-model.ts";

/** How often a card may change: drafts arrive after each pause in typing; a class of 30 stays calm. */
const CARD_EVERY_MS = 1000;

const problemQuery = z.object({
  problem: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31)
    .optional(),
  student: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31)
    .optional(),
});

/** The section (taught by the viewer) and, when asked for, one of its problems. */
async function viewToTeach(c: Context<AppEnv>, sectionId: number, problemId: number | undefined) {
  const section = await sectionToTeach(c, sectionId);
  if (problemId === undefined) return { section, problem: null };
  const problem = await selectOptionalProblem(c.var.ctx.db, problemId);
  const task = problem?.task_id ? await selectOptionalTask(c.var.ctx.db, problem.task_id) : undefined;
  if (!problem || task?.section_id !== section.id)
    throw new HTTPException(404, { message: "That problem is not part of this section." });
  return { section, problem };
}

const stillAllowed = (c: Context<AppEnv>, sectionId: number, studentId: number) =>
  sectionToTeach(c, sectionId).then(
    () => isEnrolled(c.var.ctx.db, sectionId, studentId),
    () => false,
  );

const cardHref = (sectionId: number, problemId: number, studentId: number) =>
  `/sections/${sectionId}/live-class/students/${studentId}?problem=${problemId}`;

// Test runs are kept from the first live page of the app on (a student's problem page has one), so a
// teacher who opens the view later still sees the last run.
everyPageFeeds.push((c) => {
  followRuns(c.var.ctx);
  return () => undefined;
});

export const liveClassRoutes = new Hono<AppEnv>()
  .get(
    "/sections/:id/live-class",
    validated("param", idParam),
    validated("query", problemQuery),
    async (c) => {
      const ctx = c.var.ctx;
      followRuns(ctx);
      const { section, problem } = await viewToTeach(
        c,
        c.req.valid("param").id,
        c.req.valid("query").problem,
      );
      const problems = await sectionProblems(ctx.db, section.id);
      const cards = problem ? await classCards(ctx, section.id, problem) : [];
      if (problem) c.set("liveUrl", `/sections/${section.id}/live-class/live?problem=${problem.id}`);
      return c.render(
        <LiveClassPage
          section={section}
          problems={problems}
          problemId={problem?.id ?? null}
          cards={cards}
          now={ctx.clock.now()}
        />,
        { title: "Live class view" },
      );
    },
  )
  .get(
    "/sections/:id/live-class/students/:student",
    validated("param", idParam.extend({ student: idParam.shape.id })),
    validated("query", problemQuery),
    async (c) => {
      const ctx = c.var.ctx;
      followRuns(ctx);
      const { id: sectionId, student: studentId } = c.req.valid("param");
      const { section, problem } = await viewToTeach(c, sectionId, c.req.valid("query").problem);
      if (!problem) throw new HTTPException(400, { message: "Choose a problem first." });
      const [student] = await selectRoster(ctx.db, section.id, studentId);
      if (!student) throw new HTTPException(404, { message: "That student is not in this section." });
      c.set("liveUrl", `/sections/${section.id}/live-class/live?problem=${problem.id}&student=${student.id}`);
      const card = await studentCard(ctx, problem, student);
      return c.render(
        <ReadAlongPage section={section} problem={problem} card={card} now={ctx.clock.now()} />,
        {
          title: `${student.display_name} · live`,
        },
      );
    },
  )
  .get(
    "/sections/:id/live-class/live",
    validated("param", idParam),
    validated("query", problemQuery),
    async (c) => {
      const ctx = c.var.ctx;
      followRuns(ctx);
      const query = c.req.valid("query");
      const { section, problem } = await viewToTeach(c, c.req.valid("param").id, query.problem);
      if (!problem) throw new HTTPException(400, { message: "Choose a problem first." });
      const roster = await selectRoster(ctx.db, section.id, query.student);
      if (query.student && roster.length === 0)
        throw new HTTPException(404, { message: "That student is not in this section." });
      const watched = new Set(roster.map((s) => s.id));
      return liveStream(c, currentUser(c), (live: LiveChannel) => {
        const update = (studentId: number) => {
          if (!watched.has(studentId)) return;
          live.coalesce(`card:${studentId}`, CARD_EVERY_MS, async () => {
            if (!(await stillAllowed(c, section.id, studentId))) return null;
            const [student] = await selectRoster(ctx.db, section.id, studentId);
            if (!student) return null;
            const card = await studentCard(ctx, problem, student);
            const now = ctx.clock.now();
            return toHtml(
              query.student ? (
                <ReadAlong card={card} now={now} oob />
              ) : (
                <LiveCard card={card} href={cardHref(section.id, problem.id, student.id)} now={now} oob />
              ),
            );
          });
        };
        const offs = [
          ctx.events.on("draft:saved", (e) => e.problemId === problem.id && update(e.userId)),
          ctx.events.on("tests:ran", (e) => e.problemId === problem.id && update(e.userId)),
          ctx.events.on("submission:graded", (e) => e.problemId === problem.id && update(e.userId)),
          ctx.events.on("presence:changed", (e) => update(e.userId)),
        ];
        return () => {
          for (const off of offs) off();
        };
      });
    },
  );
