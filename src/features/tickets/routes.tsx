// Support tickets: anyone signed in files one (bug, feature request, feedback; optional screenshots,
// checked by content like avatars) and follows its threaded replies live; admins have a panel with
// summary counts, filters and inline status/priority changes, and an open count in the sidebar.
// A ticket is seen by its author and by admins only; a status change notifies the author.
import { readFileSync } from "node:fs";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { TicketPriority, TicketStatus } from "../../db/tables/community.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { everyPageFeeds, liveStream, toHtml } from "../../http/live.tsx";
import { limit } from "../../http/rate-limit.ts";
import { sse } from "../../http/sse.ts";
import { idParam, validated } from "../../http/validation.ts";
import { selectOptionalUser } from "../../models/user.ts";
import { notifyUsers } from "../community/notify.ts";
import {
  checkImage,
  type ImageType,
  imageHeaders,
  storeUpload,
  UPLOAD_BODY_LIMIT,
  uploadPath,
} from "../profiles/images.ts";
import {
  countOpenTickets,
  countTickets,
  insertReply,
  insertTicket,
  PRIORITIES,
  STATUSES,
  selectReplies,
  selectScreenshots,
  selectTicket,
  selectTickets,
  updateTicket,
} from "./ticket-model.ts";
import {
  AdminTicketsPage,
  MyTicketsPage,
  NewTicketPage,
  OpenTicketsBadge,
  SummaryTiles,
  TicketFacts,
  TicketPage,
  TicketReplies,
} from "./views/tickets.tsx";

const MAX_SCREENSHOTS = 3;
const status = z.enum(Object.keys(STATUSES) as [TicketStatus, ...TicketStatus[]], {
  error: "Choose a status.",
});
const priority = z.enum(Object.keys(PRIORITIES) as [TicketPriority, ...TicketPriority[]], {
  error: "Choose a priority.",
});

const ticketForm = z.object({
  kind: z.enum(["bug", "feature", "feedback"], { error: "Choose what kind of ticket this is." }),
  title: z
    .string()
    .trim()
    .min(3, "Give the ticket a title (at least 3 characters).")
    .max(120, "The title is at most 120 characters."),
  description: z
    .string()
    .trim()
    .min(1, "Describe the problem or idea.")
    .max(5000, "The description is at most 5000 characters."),
});

const screenshotParams = idParam.extend({ sid: idParam.shape.id });

/** The ticket, when the viewer is its author or an admin; 404 for everyone else. */
async function ticketToView(c: Context<AppEnv>, id: number) {
  const user = currentUser(c);
  const ticket = await selectTicket(c.var.ctx.db, id);
  if (!ticket || (ticket.author_id !== user.id && user.role !== "admin"))
    throw new HTTPException(404, { message: "There is no such ticket, or it is not yours." });
  return { ticket, admin: user.role === "admin" };
}

function requireAdmin(c: Context<AppEnv>) {
  return currentUser(c, "admin");
}

const tooLarge = () => {
  throw new HTTPException(413, { message: "The screenshots are too large: at most 3 images of 2 MB each." });
};

async function changeField(c: Context<AppEnv>, field: "status" | "priority", value: string) {
  requireAdmin(c);
  const { ticket } = await ticketToView(c, Number(c.req.param("id")));
  const ctx = c.var.ctx;
  await updateTicket(ctx.db, ticket.id, { [field]: value }, ctx.clock.now());
  ctx.events.emit("ticket:changed", { ticketId: ticket.id, authorId: ticket.author_id });
  if (field === "status" && value !== ticket.status && ticket.author_id !== currentUser(c).id) {
    await notifyUsers(ctx, {
      userIds: [ticket.author_id],
      kind: "ticket",
      heading: "Ticket updated",
      title: `Your ticket “${ticket.title}” is now ${STATUSES[value as TicketStatus].toLowerCase()}`,
      link: `/tickets/${ticket.id}`,
    });
  }
  if (c.req.header("hx-request")) return c.body(null, 204);
  return c.redirect(
    c.req.header("referer")?.includes("/admin/tickets") ? "/admin/tickets" : `/tickets/${ticket.id}`,
    303,
  );
}

// Admins' sidebar count, live on every page.
everyPageFeeds.push((c, user, live) => {
  if (user.role !== "admin") return () => undefined;
  return c.var.ctx.events.on("ticket:changed", () =>
    live.coalesce("tickets-open", 200, async () =>
      toHtml(<OpenTicketsBadge count={await countOpenTickets(c.var.ctx.db)} oob />),
    ),
  );
});

export const ticketRoutes = new Hono<AppEnv>()
  .get("/tickets", async (c) => {
    const user = currentUser(c);
    const rows = await selectTickets(c.var.ctx.db, { authorId: user.id });
    return c.render(<MyTicketsPage rows={rows} isAdmin={user.role === "admin"} />, { title: "Support" });
  })
  .get("/tickets/new", (c) => c.render(<NewTicketPage />, { title: "New ticket" }))
  .post(
    "/tickets",
    bodyLimit({ maxSize: UPLOAD_BODY_LIMIT, onError: tooLarge }),
    limit({
      max: 10,
      per: "hour",
      key: (c) => `ticket:${c.var.user?.id}`,
      message: "Too many tickets in an hour. Wait a while.",
    }),
    async (c) => {
      const user = currentUser(c);
      const ctx = c.var.ctx;
      const body = await c.req.parseBody({ all: true });
      const values = {
        kind: String(body.kind ?? ""),
        title: String(body.title ?? ""),
        description: String(body.description ?? ""),
      };
      const refuse = (error: string) => {
        c.status(422);
        return c.render(<NewTicketPage error={error} values={values} />, { title: "New ticket" });
      };
      const form = ticketForm.safeParse(values);
      if (!form.success) return refuse(form.error.issues[0]?.message ?? "Check the form.");
      const files = ([] as unknown[])
        .concat(body.screenshots ?? [])
        .filter((f) => f instanceof File && f.size > 0);
      if (files.length > MAX_SCREENSHOTS) return refuse("At most 3 screenshots.");
      const images: { bytes: Uint8Array; type: ImageType }[] = [];
      for (const file of files) {
        const check = await checkImage(file, "Each screenshot");
        if (!check.ok) return refuse(check.message);
        images.push(check);
      }
      const { ticket, screenshotIds } = await insertTicket(
        ctx.db,
        { authorId: user.id, ...form.data, now: ctx.clock.now() },
        images.map((i) => ({ mime: i.type, size: i.bytes.length })),
      );
      for (const [i, id] of screenshotIds.entries()) {
        storeUpload(uploadPath(ctx.config.dataDir, "tickets", String(id)), images[i]!.bytes);
      }
      ctx.events.emit("ticket:changed", { ticketId: ticket.id, authorId: user.id });
      return c.redirect(`/tickets/${ticket.id}`, 303);
    },
  )
  .get("/tickets/:id", validated("param", idParam), async (c) => {
    const { ticket, admin } = await ticketToView(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    const [author, replies, screenshots] = await Promise.all([
      selectOptionalUser(db, ticket.author_id),
      selectReplies(db, ticket.id),
      selectScreenshots(db, ticket.id),
    ]);
    return c.render(
      <TicketPage
        ticket={ticket}
        authorName={author?.display_name ?? "Unknown"}
        replies={replies}
        screenshots={screenshots}
        admin={admin}
      />,
      { title: `Ticket #${ticket.id}` },
    );
  })
  .get("/tickets/:id/screenshots/:sid", validated("param", screenshotParams), async (c) => {
    const { id, sid } = c.req.valid("param");
    const { ticket } = await ticketToView(c, id);
    const shot = (await selectScreenshots(c.var.ctx.db, ticket.id)).find((s) => s.id === sid);
    if (!shot) throw new HTTPException(404, { message: "There is no such screenshot." });
    const bytes = readFileSync(uploadPath(c.var.ctx.config.dataDir, "tickets", String(shot.id)));
    return c.body(bytes, 200, imageHeaders(shot.mime, `"s${shot.id}"`));
  })
  .post(
    "/tickets/:id/replies",
    limit({
      max: 30,
      key: (c) => `ticket-reply:${c.var.user?.id}`,
      message: "Too many replies at once. Wait a moment.",
    }),
    validated("param", idParam),
    validated(
      "form",
      z.object({
        body: z
          .string()
          .trim()
          .min(1, "Write a reply first.")
          .max(5000, "A reply is at most 5000 characters."),
        parentId: z.coerce.number().int().positive().optional(),
      }),
    ),
    async (c) => {
      const { ticket } = await ticketToView(c, c.req.valid("param").id);
      const user = currentUser(c);
      const ctx = c.var.ctx;
      const form = c.req.valid("form");
      const replies = await selectReplies(ctx.db, ticket.id);
      if (form.parentId && !replies.some((r) => r.id === form.parentId))
        throw new HTTPException(400, { message: "That reply is not part of this ticket." });
      await insertReply(ctx.db, {
        ticketId: ticket.id,
        parentId: form.parentId ?? null,
        authorId: user.id,
        body: form.body,
        now: ctx.clock.now(),
      });
      ctx.events.emit("ticket:changed", { ticketId: ticket.id, authorId: ticket.author_id });
      if (user.id !== ticket.author_id) {
        await notifyUsers(ctx, {
          userIds: [ticket.author_id],
          kind: "ticket",
          heading: "New reply",
          title: `${user.display_name} replied to “${ticket.title}”`,
          link: `/tickets/${ticket.id}`,
        });
      }
      if (!c.req.header("hx-request")) return c.redirect(`/tickets/${ticket.id}`, 303);
      return c.html(<TicketReplies ticketId={ticket.id} replies={await selectReplies(ctx.db, ticket.id)} />);
    },
  )
  .post("/tickets/:id/status", validated("param", idParam), validated("form", z.object({ status })), (c) =>
    changeField(c, "status", c.req.valid("form").status),
  )
  .post(
    "/tickets/:id/priority",
    validated("param", idParam),
    validated("form", z.object({ priority })),
    (c) => changeField(c, "priority", c.req.valid("form").priority),
  )
  .get("/tickets/:id/live", validated("param", idParam), async (c) => {
    const { ticket } = await ticketToView(c, c.req.valid("param").id);
    const { db, events } = c.var.ctx;
    return sse(c, async (stream) => {
      let changed = false;
      stream.defer(
        events.on("ticket:changed", (e) => {
          if (e.ticketId !== ticket.id) return;
          changed = true;
          stream.wake();
        }),
      );
      while (stream.open) {
        await stream.idle();
        if (!changed) continue;
        changed = false;
        const fresh = await ticketToView(c, ticket.id).catch(() => null); // checked again per event
        if (!fresh) return stream.close();
        const replies = await selectReplies(db, ticket.id);
        const html = await toHtml(
          <>
            <TicketReplies ticketId={ticket.id} replies={replies} oob />
            <TicketFacts ticket={fresh.ticket} admin={fresh.admin} oob />
          </>,
        );
        await stream.send("ticket", html);
      }
    });
  })
  .get(
    "/admin/tickets",
    validated(
      "query",
      z.object({
        status: z
          .union([status, z.literal("")])
          .optional()
          .default(""),
        priority: z
          .union([priority, z.literal("")])
          .optional()
          .default(""),
      }),
    ),
    async (c) => {
      requireAdmin(c);
      const q = c.req.valid("query");
      const { db } = c.var.ctx;
      const [rows, counts] = await Promise.all([
        selectTickets(db, { status: q.status || undefined, priority: q.priority || undefined }),
        countTickets(db),
      ]);
      c.set("liveUrl", "/admin/tickets/live"); // the counts, as tickets come in and change
      return c.render(
        <AdminTicketsPage rows={rows} counts={counts} status={q.status} priority={q.priority} />,
        {
          title: "Tickets",
        },
      );
    },
  )
  .get("/admin/tickets/live", (c) => {
    const user = requireAdmin(c);
    const { db, events } = c.var.ctx;
    return liveStream(c, user, (live) =>
      events.on("ticket:changed", () =>
        live.coalesce("ticket-summary", 300, async () =>
          toHtml(<SummaryTiles counts={await countTickets(db)} oob />),
        ),
      ),
    );
  })
  .get("/admin/tickets/badge", async (c) => {
    requireAdmin(c);
    return c.html(<OpenTicketsBadge count={await countOpenTickets(c.var.ctx.db)} />);
  });
