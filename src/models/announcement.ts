// Announcements a teacher posts to a section (migrations/0005).
import type { Db } from "../db/connection.ts";
import type { Announcement } from "../db/tables/classroom.ts";

export interface AnnouncementRow extends Announcement {
  author_name: string;
  recipients: number;
  read: number;
}

/** A section's announcements, newest first, with how many students got and read each. */
export function selectAnnouncements(db: Db, sectionId: number, limit: number): Promise<AnnouncementRow[]> {
  return db
    .selectFrom("announcements")
    .innerJoin("users", "users.id", "announcements.author_id")
    .selectAll("announcements")
    .select((eb) => [
      "users.display_name as author_name",
      eb
        .selectFrom("notifications")
        .whereRef("notifications.announcement_id", "=", "announcements.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("recipients"),
      eb
        .selectFrom("notifications")
        .whereRef("notifications.announcement_id", "=", "announcements.id")
        .where("notifications.read_at", "is not", null)
        .select(eb.fn.countAll<number>().as("n"))
        .as("read"),
    ])
    .where("announcements.section_id", "=", sectionId)
    .orderBy("announcements.id", "desc")
    .limit(limit)
    .execute() as Promise<AnnouncementRow[]>;
}
