// Posting an announcement: stored once, fanned out as one notification per active enrolled student
// in the same transaction (one INSERT ... SELECT, whatever the class size), then every recipient's
// open pages hear of it at once through the event bus (src/lib/live.tsx).
import type { AppContext } from "../../context.ts";
import type { Section, User } from "../../db/schema.ts";
import type { Announcement } from "../../db/tables/classroom.ts";

export async function postAnnouncement(
  ctx: AppContext,
  section: Section,
  author: User,
  text: { title: string; body: string },
): Promise<{ announcement: Announcement; recipients: number }> {
  const now = ctx.clock.now();
  const { announcement, userIds } = await ctx.db.transaction().execute(async (tx) => {
    const announcement = await tx
      .insertInto("announcements")
      .values({
        section_id: section.id,
        author_id: author.id,
        title: text.title,
        body: text.body,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const link = `/sections/${section.id}`;
    const rows = await tx
      .insertInto("notifications")
      .columns(["user_id", "kind", "section_id", "announcement_id", "title", "body", "link", "created_at"])
      .expression((eb) =>
        eb
          .selectFrom("enrollments")
          .innerJoin("users", "users.id", "enrollments.user_id")
          .select((s) => [
            "enrollments.user_id",
            s.val("announcement").as("kind"),
            s.val(section.id).as("section_id"),
            s.val(announcement.id).as("announcement_id"),
            s.val(text.title).as("title"),
            s.val(text.body).as("body"),
            s.val(link).as("link"),
            s.val(now).as("created_at"),
          ])
          .where("enrollments.section_id", "=", section.id)
          .where("users.active", "=", 1),
      )
      .returning("user_id")
      .execute();
    return { announcement, userIds: rows.map((r) => r.user_id) };
  });
  if (userIds.length > 0) {
    ctx.events.emit("notifications:new", {
      userIds,
      title: `${section.name}: ${text.title}`,
      link: "/notifications",
    });
  }
  return { announcement, recipients: userIds.length };
}
