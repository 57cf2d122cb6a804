// Sections: teachers create, edit and archive them, manage the enrollment link and the roster;
// students see the sections they are enrolled in. Every route checks access via section-access.ts.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser, requireRole } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { enrollLink, sectionToTeach, sectionToView } from "../../http/section-access.ts";
import { formValidator, idParam, line, optionalText, validated } from "../../http/validation.ts";
import { enrollCode } from "../../lib/tokens.ts";
import { selectAnnouncements } from "../../models/announcement.ts";
import {
  deleteCoTeacher,
  deleteEnrollment,
  insertCoTeacher,
  insertSection,
  isEnrolled,
  selectRoster,
  selectSectionTeachers,
  selectStudentSections,
  selectTeachingSections,
  updateSection,
} from "../../models/section.ts";
import { selectTaskSummaries, selectTasks } from "../../models/task.ts";
import { selectOptionalUser, selectTeachers } from "../../models/user.ts";
import { StudentSectionList, TeacherSectionList } from "../../ui/section-list.tsx";
import { TemporaryPasswordPage } from "../../ui/temporary-password.tsx";
import { resetToTemporaryPassword } from "../account/accounts.ts";
import { sectionAssessmentsCard } from "../assessments/section-assessments.tsx";
import { sectionLessonsCard } from "../lessons/section-lessons.tsx";
import { SectionFormPage } from "./views/form.tsx";
import { StudentSectionPage, TeacherSectionPage } from "./views/show.tsx";

const sectionForm = z.object({
  name: line("Name", 100),
  term: optionalText("Term", 60).refine((s) => !/[\r\n]/.test(s), "Term must be one line."),
  description: optionalText("Description", 2000),
});

const memberParam = idParam.extend({ userId: idParam.shape.id });
const teacherForm = z.object({ userId: idParam.shape.id });

const invalidSectionForm = formValidator(sectionForm, async (c, error, values) => {
  c.status(422);
  const id = Number(c.req.param("id"));
  const section = Number.isInteger(id) && id > 0 ? await sectionToTeach(c, id) : undefined;
  return c.render(<SectionFormPage section={section} values={values} error={error} />, { title: "Section" });
});

const teacherOnly = requireRole("teacher", "admin");

export const sectionRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const user = currentUser(c);
    const { db } = c.var.ctx;
    if (user.role === "student") {
      return c.render(<StudentSectionList sections={await selectStudentSections(db, user.id)} />, {
        title: "Sections",
      });
    }
    const showArchived = c.req.query("archived") === "1";
    const sections = await selectTeachingSections(db, user, showArchived);
    return c.render(<TeacherSectionList sections={sections} showArchived={showArchived} />, {
      title: "Sections",
    });
  })
  .get("/new", teacherOnly, (c) => c.render(<SectionFormPage />, { title: "New section" }))
  .post("/", teacherOnly, invalidSectionForm, async (c) => {
    const user = currentUser(c);
    const form = c.req.valid("form");
    const now = c.var.ctx.clock.now();
    const section = await insertSection(
      c.var.ctx.db,
      {
        ...form,
        enroll_code: enrollCode(),
        created_by: user.id,
        created_at: now,
        updated_at: now,
        archived_at: null,
      },
      user.id,
      now,
    );
    return redirectWith(
      c,
      `/sections/${section.id}`,
      "Section created. Share its enrollment link with your students.",
    );
  })
  .get("/:id", validated("param", idParam), async (c) => {
    const { id } = c.req.valid("param");
    const { section, teaches } = await sectionToView(c, id);
    const { db } = c.var.ctx;
    const teachers = await selectSectionTeachers(db, id);
    if (!teaches) {
      const now = c.var.ctx.clock.now();
      const [tasks, announcements] = await Promise.all([
        selectTasks(db, id, now, currentUser(c).id),
        selectAnnouncements(db, id, 3),
      ]);
      const page = (
        <StudentSectionPage
          section={section}
          teachers={teachers}
          tasks={tasks}
          announcements={announcements}
          now={now}
          assessments={await sectionAssessmentsCard(db, id, { id: currentUser(c).id, teaches: false }, now)}
          lessons={await sectionLessonsCard(db, id, { id: currentUser(c).id, teaches: false }, now)}
        />
      );
      c.set("liveUrl", `/sections/${id}/live`); // tasks appear when they start; due times change
      return c.render(page, { title: section.name });
    }
    const viewer = currentUser(c);
    const teacherIds = new Set(teachers.map((t) => t.id));
    const candidates =
      viewer.role === "admin" ? (await selectTeachers(db)).filter((u) => !teacherIds.has(u.id)) : [];
    const page = (
      <TeacherSectionPage
        viewer={viewer}
        section={section}
        link={enrollLink(c, section.enroll_code)}
        roster={await selectRoster(db, id)}
        tasks={await selectTaskSummaries(db, id)}
        now={c.var.ctx.clock.now()}
        teachers={teachers}
        candidates={candidates}
        assessments={
          await sectionAssessmentsCard(db, id, { id: viewer.id, teaches: true }, c.var.ctx.clock.now())
        }
        lessons={await sectionLessonsCard(db, id, { id: viewer.id, teaches: true }, c.var.ctx.clock.now())}
      />
    );
    return c.render(page, { title: section.name });
  })
  .get("/:id/edit", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    return c.render(<SectionFormPage section={section} />, { title: "Edit section" });
  })
  .post("/:id", validated("param", idParam), invalidSectionForm, async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    await updateSection(c.var.ctx.db, section.id, {
      ...c.req.valid("form"),
      updated_at: c.var.ctx.clock.now(),
    });
    return redirectWith(c, `/sections/${section.id}`, "Section saved.");
  })
  .post("/:id/:action{archive|unarchive}", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const archive = c.req.param("action") === "archive";
    const now = c.var.ctx.clock.now();
    await updateSection(c.var.ctx.db, section.id, { archived_at: archive ? now : null, updated_at: now });
    return redirectWith(c, `/sections/${section.id}`, archive ? "Section archived." : "Section restored.");
  })
  .post("/:id/enrollment/:action{rotate|disable|enable}", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const action = c.req.param("action");
    const changes =
      action === "rotate" ? { enroll_code: enrollCode() } : { enroll_enabled: action === "enable" ? 1 : 0 };
    await updateSection(c.var.ctx.db, section.id, { ...changes, updated_at: c.var.ctx.clock.now() });
    const message = {
      rotate: "New enrollment link made. The old link no longer works.",
      disable: "Enrollment closed.",
      enable: "Enrollment open.",
    }[action as "rotate" | "disable" | "enable"];
    return redirectWith(c, `/sections/${section.id}`, message);
  })
  .post("/:id/students/:userId/reset-password", validated("param", memberParam), async (c) => {
    // Teachers reset the passwords of their own students only: never a teacher's or an admin's (an
    // admin does those), never a student of a section they do not teach.
    const { id, userId } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    const student = await selectOptionalUser(c.var.ctx.db, userId);
    const enrolled = await isEnrolled(c.var.ctx.db, section.id, userId);
    if (student?.role !== "student" || !enrolled) {
      throw new HTTPException(404, { message: "That student is not in this section." });
    }
    const password = await resetToTemporaryPassword(c.var.ctx, student.id);
    c.header("Cache-Control", "no-store"); // the password must not linger in a cache
    const page = (
      <TemporaryPasswordPage user={student} password={password} created={false} section={section} />
    );
    return c.render(page, { title: "Password reset" });
  })
  .post("/:id/students/:userId/remove", validated("param", memberParam), async (c) => {
    const { id, userId } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    if (!(await deleteEnrollment(c.var.ctx.db, section.id, userId))) {
      throw new HTTPException(404, { message: "That student is not in this section." });
    }
    return redirectWith(c, `/sections/${section.id}`, "Student removed from the section.");
  })
  .post(
    "/:id/teachers",
    requireRole("admin"),
    validated("param", idParam),
    validated("form", teacherForm),
    async (c) => {
      const section = await sectionToTeach(c, c.req.valid("param").id);
      const teacher = await selectOptionalUser(c.var.ctx.db, c.req.valid("form").userId);
      if (!teacher || teacher.role === "student" || !teacher.active) {
        throw new HTTPException(422, { message: "Only an active teacher can be added as a co-teacher." });
      }
      await insertCoTeacher(c.var.ctx.db, section.id, teacher.id, c.var.ctx.clock.now());
      return redirectWith(
        c,
        `/sections/${section.id}`,
        `${teacher.display_name} now co-teaches this section.`,
      );
    },
  )
  .post("/:id/teachers/:userId/remove", requireRole("admin"), validated("param", memberParam), async (c) => {
    const { id, userId } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    await deleteCoTeacher(c.var.ctx.db, section.id, userId);
    return redirectWith(c, `/sections/${section.id}`, "Co-teacher removed.");
  });
