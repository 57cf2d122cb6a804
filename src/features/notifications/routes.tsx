// A user's notifications: the page, the bell's dropdown, marking read, and /live, the default live
// stream every page connects to (the bell and presence; see src/lib/live.tsx). A user only ever
// reaches their own notifications.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { liveStream, toHtml } from "../../http/live.tsx";
import { idParam, validated } from "../../http/validation.ts";
import { countUnread, markAllRead, markRead, selectNotifications } from "../../models/notification.ts";
import { BellMenu } from "../../ui/bell.tsx";
import { NoticeItem } from "../../ui/notice.tsx";
import { NotificationsPage } from "./views/page.tsx";

const PAGE_SIZE = 30;

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  unread: z.enum(["", "0", "1"]).optional().default(""),
});

/** After a mark-read: back to where the user was when it came from our pages, else the list. */
function backTo(referer: string | undefined, origin: string): string {
  if (!referer) return "/notifications";
  try {
    const url = new URL(referer);
    return url.origin === origin ? `${url.pathname}${url.search}` : "/notifications";
  } catch {
    return "/notifications";
  }
}

export const notificationRoutes = new Hono<AppEnv>()
  .get("/live", validated("query", z.object({ home: z.enum(["1"]).optional() })), (c) => {
    const user = currentUser(c);
    if (!c.req.valid("query").home) return liveStream(c, user);
    // The student's home page also lists announcements: new ones go on top of that list.
    const { db, clock, events } = c.var.ctx;
    return liveStream(c, user, (live) =>
      events.on("notifications:new", (e) => {
        if (!e.userIds.includes(user.id)) return;
        live.coalesce("home-notice", 50, async () => {
          const { rows } = await selectNotifications(db, user.id, { limit: 1, offset: 0 });
          if (!rows[0]) return null;
          return toHtml(
            <template>
              <ul hx-swap-oob="afterbegin:#home-notices">
                <NoticeItem n={rows[0]} now={clock.now()} />
              </ul>
            </template>,
          );
        });
      }),
    );
  })
  .get("/notifications", validated("query", listQuery), async (c) => {
    const user = currentUser(c);
    const q = c.req.valid("query");
    const unreadOnly = q.unread === "1";
    const { db } = c.var.ctx;
    const [{ rows, total }, unread] = await Promise.all([
      selectNotifications(db, user.id, {
        limit: PAGE_SIZE,
        offset: (q.page - 1) * PAGE_SIZE,
        unreadOnly,
      }),
      countUnread(db, user.id),
    ]);
    const page = (
      <NotificationsPage
        rows={rows}
        total={total}
        unread={unread}
        page={q.page}
        pageSize={PAGE_SIZE}
        unreadOnly={unreadOnly}
      />
    );
    return c.render(page, { title: "Notifications" });
  })
  .get("/notifications/menu", async (c) => {
    const user = currentUser(c);
    const { db } = c.var.ctx;
    const [{ rows }, unread] = await Promise.all([
      selectNotifications(db, user.id, { limit: 6, offset: 0 }),
      countUnread(db, user.id),
    ]);
    return c.html(<BellMenu rows={rows} unread={unread} />);
  })
  .post("/notifications/read-all", async (c) => {
    const user = currentUser(c);
    const n = await markAllRead(c.var.ctx.db, user.id, c.var.ctx.clock.now());
    c.var.ctx.events.emit("notifications:read", { userId: user.id });
    const to = backTo(c.req.header("referer"), new URL(c.req.url).origin);
    return redirectWith(c, to, n === 0 ? "Nothing was unread." : `Marked ${n} as read.`, "info");
  })
  .post("/notifications/:id/read", validated("param", idParam), async (c) => {
    const user = currentUser(c);
    const ok = await markRead(c.var.ctx.db, user.id, c.req.valid("param").id, c.var.ctx.clock.now());
    if (!ok) throw new HTTPException(404, { message: "There is no such notification." });
    c.var.ctx.events.emit("notifications:read", { userId: user.id });
    return c.redirect(backTo(c.req.header("referer"), new URL(c.req.url).origin), 303);
  });
