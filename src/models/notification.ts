// Per-user notifications (migrations/0005): the bell's unread count, the dropdown, the page, and
// marking them read. A user only ever reads or changes their own rows: every query is by user_id.
import type { Db } from "../db/connection.ts";
import type { Notification } from "../db/tables/classroom.ts";

export async function countUnread(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NotificationRow extends Notification {
  section_name: string | null;
}

export async function selectNotifications(
  db: Db,
  userId: number,
  page: { limit: number; offset: number; unreadOnly?: boolean },
): Promise<{ rows: NotificationRow[]; total: number }> {
  let q = db.selectFrom("notifications").where("notifications.user_id", "=", userId);
  if (page.unreadOnly) q = q.where("notifications.read_at", "is", null);
  const [rows, count] = await Promise.all([
    q
      .leftJoin("sections", "sections.id", "notifications.section_id")
      .selectAll("notifications")
      .select("sections.name as section_name")
      .orderBy("notifications.id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Db, userId: number, id: number, now: number): Promise<boolean> {
  const mine = await db
    .selectFrom("notifications")
    .select("id")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!mine) return false;
  await db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("id", "=", id)
    .where("read_at", "is", null)
    .execute();
  return true;
}

export async function markAllRead(db: Db, userId: number, now: number): Promise<number> {
  const r = await db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
