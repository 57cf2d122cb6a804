// The home page: a student's dashboard (progress, deadlines, results, charts, streak) or a teacher's
// (their sections side by side). A constant number of queries either way.
import { Hono } from "hono";
import { compareSections } from "../../analytics/comparison.ts";
import { fillDays } from "../../analytics/insights.ts";
import {
  activeStreak,
  STREAK_WINDOW_DAYS,
  type StudentDay,
  selectRecentResults,
  selectScoreTrend,
  selectStudentDays,
  selectTaskProgress,
  upcomingDeadlines,
} from "../../analytics/student.ts";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { selectNotifications } from "../../models/notification.ts";
import { selectStudentSections, selectTeachingSections } from "../../models/section.ts";
import { countUsersByRole } from "../../models/user.ts";
import { studentAssessmentsCard } from "../assessments/grade-views.tsx";
import { PracticeHomeCard, practiceHome } from "../practice/home.tsx";
import { StudentDashboard, TeacherDashboard } from "./views/dashboards.tsx";

const CHART_DAYS = 30;

export const dashboardRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const user = currentUser(c);
  const { db, clock } = c.var.ctx;
  const now = clock.now();
  if (user.role === "student") {
    const [sections, tasks, recent, days, trend, notices] = await Promise.all([
      selectStudentSections(db, user.id),
      selectTaskProgress(db, user.id, now),
      selectRecentResults(db, user.id),
      selectStudentDays(db, user.id, now, STREAK_WINDOW_DAYS),
      selectScoreTrend(db, user.id),
      selectNotifications(db, user.id, { limit: 3, offset: 0 }),
    ]);
    const chartDays: StudentDay[] = fillDays(
      days.map((d) => ({ day: d.day, submissions: d.submissions, students: 0 })),
      now,
      CHART_DAYS,
    ).map((d) => ({ day: d.day, submissions: d.submissions }));
    c.set("liveUrl", "/live?home=1");
    const page = (
      <StudentDashboard
        user={user}
        sections={sections}
        tasks={tasks}
        deadlines={upcomingDeadlines(tasks, now)}
        recent={recent}
        chartDays={chartDays}
        trend={trend}
        streak={activeStreak(days, now)}
        notices={notices.rows}
        now={now}
        practice={<PracticeHomeCard data={await practiceHome(c.var.ctx, user.id)} />}
        assessments={await studentAssessmentsCard(db, user.id, now)}
      />
    );
    return c.render(page, { title: "Dashboard" });
  }
  const [sections, comparison] = await Promise.all([
    selectTeachingSections(db, user, false),
    compareSections(db, user, now),
  ]);
  const counts =
    user.role === "admin" ? { ...(await countUsersByRole(db)), sections: sections.length } : undefined;
  return c.render(
    <TeacherDashboard user={user} sections={sections} comparison={comparison} counts={counts} />,
    {
      title: "Dashboard",
    },
  );
});
