// Support tickets (migrations/0015): tickets, their threaded replies and screenshots. Access is
// decided by the routes (the author or an admin); every query here takes the ids it is given.
import type { Db } from "../../db/connection.ts";
import type { Ticket, TicketKind, TicketPriority, TicketStatus } from "../../db/tables/community.ts";

export const KINDS: Record<TicketKind, string> = {
  bug: "Bug",
  feature: "Feature request",
  feedback: "Feedback",
};
export const STATUSES: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};
export const PRIORITIES: Record<TicketPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

export interface TicketRow extends Ticket {
  author_name: string;
  replies: number;
}

export async function insertTicket(
  db: Db,
  t: { authorId: number; kind: TicketKind; title: string; description: string; now: number },
  screenshots: { mime: string; size: number }[],
): Promise<{ ticket: Ticket; screenshotIds: number[] }> {
  return db.transaction().execute(async (tx) => {
    const ticket = await tx
      .insertInto("tickets")
      .values({
        author_id: t.authorId,
        kind: t.kind,
        title: t.title,
        description: t.description,
        created_at: t.now,
        updated_at: t.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const screenshotIds: number[] = [];
    for (const s of screenshots) {
      const row = await tx
        .insertInto("ticket_screenshots")
        .values({ ticket_id: ticket.id, mime: s.mime, size: s.size, created_at: t.now })
        .returning("id")
        .executeTakeFirstOrThrow();
      screenshotIds.push(row.id);
    }
    return { ticket, screenshotIds };
  });
}

export function selectTicket(db: Db, id: number): Promise<Ticket | undefined> {
  return db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function selectTickets(
  db: Db,
  filter: { authorId?: number; status?: TicketStatus; priority?: TicketPriority },
): Promise<TicketRow[]> {
  let q = db
    .selectFrom("tickets")
    .innerJoin("users", "users.id", "tickets.author_id")
    .selectAll("tickets")
    .select((eb) => [
      "users.display_name as author_name",
      eb
        .selectFrom("ticket_replies")
        .select((r) => r.fn.countAll<number>().as("n"))
        .whereRef("ticket_replies.ticket_id", "=", "tickets.id")
        .as("replies"),
    ]);
  if (filter.authorId !== undefined) q = q.where("tickets.author_id", "=", filter.authorId);
  if (filter.status) q = q.where("tickets.status", "=", filter.status);
  if (filter.priority) q = q.where("tickets.priority", "=", filter.priority);
  const rows = await q.orderBy("tickets.updated_at", "desc").limit(500).execute();
  return rows.map((r) => ({ ...r, replies: Number(r.replies ?? 0) }));
}

export async function countTickets(
  db: Db,
): Promise<{ status: Record<string, number>; priorityOpen: Record<string, number> }> {
  const byStatus = await db
    .selectFrom("tickets")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  const byPriority = await db
    .selectFrom("tickets")
    .select(["priority", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "in", ["open", "in_progress"])
    .groupBy("priority")
    .execute();
  return {
    status: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
    priorityOpen: Object.fromEntries(byPriority.map((r) => [r.priority, Number(r.n)])),
  };
}

export async function countOpenTickets(db: Db): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "open")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateTicket(
  db: Db,
  id: number,
  changes: { status?: TicketStatus; priority?: TicketPriority },
  now: number,
): Promise<void> {
  await db
    .updateTable("tickets")
    .set({ ...changes, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export interface ReplyRow {
  id: number;
  parentId: number | null;
  authorId: number;
  authorName: string;
  authorRole: string;
  body: string;
  createdAt: number;
}

export async function selectReplies(db: Db, ticketId: number): Promise<ReplyRow[]> {
  const rows = await db
    .selectFrom("ticket_replies")
    .innerJoin("users", "users.id", "ticket_replies.author_id")
    .select([
      "ticket_replies.id",
      "ticket_replies.parent_id",
      "ticket_replies.author_id",
      "users.display_name",
      "users.role",
      "ticket_replies.body",
      "ticket_replies.created_at",
    ])
    .where("ticket_replies.ticket_id", "=", ticketId)
    .orderBy("ticket_replies.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    authorId: r.author_id,
    authorName: r.display_name,
    authorRole: r.role,
    body: r.body,
    createdAt: r.created_at,
  }));
}

export async function insertReply(
  db: Db,
  r: { ticketId: number; parentId: number | null; authorId: number; body: string; now: number },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("ticket_replies")
      .values({
        ticket_id: r.ticketId,
        parent_id: r.parentId,
        author_id: r.authorId,
        body: r.body,
        created_at: r.now,
      })
      .execute();
    await tx.updateTable("tickets").set({ updated_at: r.now }).where("id", "=", r.ticketId).execute();
  });
}

export function selectScreenshots(db: Db, ticketId: number) {
  return db
    .selectFrom("ticket_screenshots")
    .selectAll()
    .where("ticket_id", "=", ticketId)
    .orderBy("id")
    .execute();
}
