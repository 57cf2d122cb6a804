import { Hono } from "hono";
import { StudentDashboard, TeacherDashboard } from "../../views/dashboard/dashboards.tsx";
import type { AppEnv } from "../context.ts";
import { currentUser } from "../lib/auth-middleware.ts";
import { selectStudentSections, selectTeachingSections } from "../models/section.ts";
import { countUsersByRole } from "../models/user.ts";

export const dashboardRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const user = currentUser(c);
  const { db } = c.var.ctx;
  if (user.role === "student") {
    const sections = await selectStudentSections(db, user.id);
    return c.render(<StudentDashboard user={user} sections={sections} />, { title: "Dashboard" });
  }
  const sections = await selectTeachingSections(db, user, false);
  const counts =
    user.role === "admin" ? { ...(await countUsersByRole(db)), sections: sections.length } : undefined;
  return c.render(<TeacherDashboard user={user} sections={sections} counts={counts} />, {
    title: "Dashboard",
  });
});
