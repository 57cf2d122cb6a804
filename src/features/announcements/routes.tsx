// Announcements of a section: enrolled students and teachers read them (sectionToView); teachers post
// them (sectionToTeach), which notifies every enrolled student at once (src/lib/announce.ts).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach, sectionToView } from "../../http/section-access.ts";
import { formValidator, idParam, line, optionalText, validated } from "../../http/validation.ts";
import { selectAnnouncements } from "../../models/announcement.ts";
import { postAnnouncement } from "./announce.ts";
import { AnnouncementsPage } from "./views/announcements.tsx";

const announcementForm = z.object({
  title: line("Title", 120),
  body: optionalText("Message", 4000),
});

async function studentCount(c: { var: AppEnv["Variables"] }, sectionId: number): Promise<number> {
  const row = await c.var.ctx.db
    .selectFrom("enrollments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("section_id", "=", sectionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const invalid = formValidator(announcementForm, async (c, error, values) => {
  const section = await sectionToTeach(c, Number(c.req.param("id")));
  c.status(422);
  const page = (
    <AnnouncementsPage
      section={section}
      rows={await selectAnnouncements(c.var.ctx.db, section.id, 50)}
      teaches
      students={await studentCount(c, section.id)}
      error={error}
      values={values}
    />
  );
  return c.render(page, { title: "Announcements" });
});

export const announcementRoutes = new Hono<AppEnv>()
  .get("/:id/announcements", validated("param", idParam), async (c) => {
    const { section, teaches } = await sectionToView(c, c.req.valid("param").id);
    const page = (
      <AnnouncementsPage
        section={section}
        rows={await selectAnnouncements(c.var.ctx.db, section.id, 50)}
        teaches={teaches}
        students={teaches ? await studentCount(c, section.id) : undefined}
      />
    );
    return c.render(page, { title: `Announcements · ${section.name}` });
  })
  .post("/:id/announcements", validated("param", idParam), invalid, async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    if (section.archived_at !== null) {
      throw new HTTPException(422, {
        message: "This section is archived; restore it to post announcements.",
      });
    }
    const { recipients } = await postAnnouncement(c.var.ctx, section, currentUser(c), c.req.valid("form"));
    return redirectWith(
      c,
      `/sections/${section.id}/announcements`,
      recipients === 0
        ? "Posted. No students are enrolled yet, so no one was notified."
        : `Posted and sent to ${recipients} student${recipients === 1 ? "" : "s"}.`,
    );
  });
