// Notifications the community features send (chat messages, ticket changes, code comments): rows in
// the shared notifications table, then one event so open pages show a toast and a new bell count.
import type { AppContext } from "../../context.ts";
import type { NotificationKind } from "../../db/tables/classroom.ts";

export async function notifyUsers(
  ctx: AppContext,
  n: {
    userIds: number[];
    kind: NotificationKind;
    title: string;
    body?: string;
    link: string;
    heading: string;
  },
): Promise<void> {
  const userIds = [...new Set(n.userIds)];
  if (userIds.length === 0) return;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto("notifications")
    .values(
      userIds.map((user_id) => ({
        user_id,
        kind: n.kind,
        section_id: null,
        announcement_id: null,
        title: n.title,
        body: n.body ?? "",
        link: n.link,
        created_at: now,
      })),
    )
    .execute();
  ctx.events.emit("notifications:new", { userIds, title: n.title, link: n.link, heading: n.heading });
}
