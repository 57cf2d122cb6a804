// A teacher's class dashboard for one section, and its live stream (presence, results as they are
// graded, roster rows). Both check sectionToTeach first, exactly like each other.
import { Hono } from "hono";
import { raw } from "hono/html";
import { z } from "zod";
import { compareSections } from "../../analytics/comparison.ts";
import { loadSectionGrades, loadStudentGrades } from "../../analytics/grades.ts";
import {
  atRiskStudents,
  completionByProblem,
  DEFAULT_AT_RISK,
  gradeDistribution,
  gradeSummary,
  mostFailedTests,
  recentSectionResults,
  sectionActivity,
} from "../../analytics/insights.ts";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { liveStream, toHtml } from "../../http/live.tsx";
import { sectionToTeach } from "../../http/section-access.ts";
import { idParam, validated } from "../../http/validation.ts";
import { selectRoster } from "../../models/section.ts";
import { classDashboardAssessmentsCard } from "../assessments/grade-views.tsx";
import { hintUseCard } from "../hints/slots.tsx";
import { classDashboardLessonsCard } from "../lessons/dashboard.tsx";
import { RemedialSwitch } from "../targeting/views/remedial-switch.tsx";
import { ClassDashboardPage, FeedPatch, PresenceCard, rosterRowHtml } from "./views/class-dashboard.tsx";

const FEED_SIZE = 8;

const dashboardQuery = z.object({
  inactive: z.coerce.number({ error: "Days must be a number." }).int().min(1).max(365).optional(),
  low: z.coerce.number({ error: "The percentage must be a number." }).min(1).max(100).optional(),
  risk: z.enum(["all"]).optional(),
  remedial: z.enum(["1"]).optional(),
});

export const classDashboardRoutes = new Hono<AppEnv>()
  .get("/:id/dashboard", validated("param", idParam), validated("query", dashboardQuery), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const q = c.req.valid("query");
    const rules = {
      inactiveDays: q.inactive ?? DEFAULT_AT_RISK.inactiveDays,
      lowScorePct: q.low ?? DEFAULT_AT_RISK.lowScorePct,
    };
    const { db, clock } = c.var.ctx;
    const now = clock.now();
    const withRemedial = q.remedial === "1"; // remedial work is left out unless asked
    const [grades, failing, activity, feed, comparison] = await Promise.all([
      loadSectionGrades(db, section.id, now, withRemedial),
      mostFailedTests(db, section.id, 10, withRemedial),
      sectionActivity(db, section.id, now, 30),
      recentSectionResults(db, section.id, FEED_SIZE, { includeRemedial: withRemedial }),
      compareSections(db, currentUser(c), now),
    ]);
    const online = c.var.ctx.presence.onlineAmong(grades.students.map((s) => s.id));
    c.set("liveUrl", `/sections/${section.id}/dashboard/live${withRemedial ? "?remedial=1" : ""}`);
    const page = (
      <ClassDashboardPage
        section={section}
        grades={grades}
        summary={gradeSummary(grades.students)}
        completion={completionByProblem(grades)}
        bins={gradeDistribution(grades.students)}
        atRisk={atRiskStudents(grades, now, rules)}
        assessments={await classDashboardAssessmentsCard(db, section.id)}
        lessons={await classDashboardLessonsCard(db, section.id, withRemedial)}
        rules={rules}
        allAtRisk={q.risk === "all"}
        failing={failing}
        activity={activity}
        feed={feed}
        comparison={comparison}
        online={grades.students.filter((s) => online.has(s.id))}
        now={now}
        remedialSwitch={<RemedialSwitch href={c.req.url} included={withRemedial} />}
        hints={await hintUseCard(db, grades.problems)}
      />
    );
    return c.render(page, { title: `Class dashboard · ${section.name}` });
  })
  .get("/:id/dashboard/live", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id); // the same check as the page
    const ctx = c.var.ctx;
    const { db, clock, events } = ctx;
    const presence = ctx.presence;
    const includeRemedial = c.req.query("remedial") === "1"; // as the page this stream updates
    return liveStream(c, currentUser(c), async (live) => {
      let roster = await selectRoster(db, section.id);
      const recent = await recentSectionResults(db, section.id, FEED_SIZE, { includeRemedial });
      const shown = new Set(recent.map((f) => f.id));
      const presenceCard = async () => {
        roster = await selectRoster(db, section.id); // students may have joined meanwhile
        const online = presence.onlineAmong(roster.map((r) => r.id));
        const people = roster
          .filter((r) => online.has(r.id))
          .map((r) => ({ id: r.id, displayName: r.display_name }));
        return toHtml(<PresenceCard online={people} total={roster.length} oob />);
      };
      live.patch(await presenceCard()); // the page may be a moment old
      const offPresence = events.on("presence:changed", () => live.coalesce("presence", 300, presenceCard));
      const offGraded = events.on("submission:graded", (e) => {
        if (e.sectionId !== section.id) return;
        live.coalesce(`feed-${e.submissionId}`, 100, async () => {
          const [item] = await recentSectionResults(db, section.id, 1, {
            submissionId: e.submissionId,
            includeRemedial,
          });
          if (!item) return null;
          const replace = shown.has(item.id);
          shown.add(item.id);
          return toHtml(<FeedPatch item={item} now={clock.now()} replace={replace} />);
        });
        live.coalesce(`roster-${e.userId}`, 200, async () => {
          const now = clock.now();
          const { problems, student } = await loadStudentGrades(
            db,
            section.id,
            e.userId,
            now,
            includeRemedial,
          );
          if (!student) return null;
          return toHtml(<template>{raw(rosterRowHtml(student, problems, now, true))}</template>);
        });
      });
      return () => {
        offPresence();
        offGraded();
      };
    });
  });
