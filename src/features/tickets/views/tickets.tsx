// Support tickets: filing one, your tickets, a ticket with its threaded replies (live), and the
// admins' panel with summary counts, filters and inline status and priority changes.
import type { Child, FC } from "hono/jsx";
import type { Ticket, TicketPriority, TicketStatus } from "../../../db/tables/community.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { LinkButton } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field, FieldFrame, SelectField, TextArea } from "../../../ui/fields.tsx";
import { Prose } from "../../../ui/markdown-field.tsx";
import { DataTable } from "../../../ui/table.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import { KINDS, PRIORITIES, type ReplyRow, STATUSES, type TicketRow } from "../ticket-model.ts";

const options = (record: Record<string, string>) =>
  Object.entries(record).map(([value, label]) => ({ value, label }));
const statusTone = {
  open: "danger",
  in_progress: "warning",
  resolved: "success",
  closed: "neutral",
} as const;
const priorityTone = { low: "neutral", normal: "neutral", high: "warning", urgent: "danger" } as const;

export const StatusBadge: FC<{ status: TicketStatus }> = ({ status }) => (
  <Badge tone={statusTone[status]}>{STATUSES[status]}</Badge>
);
export const PriorityBadge: FC<{ priority: TicketPriority }> = ({ priority }) => (
  <Badge tone={priorityTone[priority]}>{PRIORITIES[priority]}</Badge>
);

export const NewTicketPage: FC<{ error?: string; values?: Record<string, string> }> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/tickets">Support</a> / New ticket
    </p>
    <PageHeader
      title="New support ticket"
      subtitle="Report a bug, ask for a feature, or tell us what you think."
    />
    <Card>
      <form method="post" action="/tickets" enctype="multipart/form-data" class="stack">
        <FormError message={p.error} />
        <SelectField label="Kind" name="kind" options={options(KINDS)} value={p.values?.kind ?? "bug"} />
        <Field label="Title" name="title" value={p.values?.title} required maxlength={120} />
        <TextArea
          label="Description"
          name="description"
          value={p.values?.description}
          rows={6}
          required
          maxlength={5000}
          hint="What happened, what you expected, and the page you were on. Markdown works."
        />
        <FieldFrame
          id="f-screenshots"
          label="Screenshots (optional)"
          hint="Up to 3 images: PNG, JPEG or WebP, at most 2 MB each."
        >
          <input
            id="f-screenshots"
            type="file"
            name="screenshots"
            accept="image/png,image/jpeg,image/webp"
            multiple
            aria-describedby="f-screenshots-hint"
          />
        </FieldFrame>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Send ticket
          </button>
        </div>
      </form>
    </Card>
  </>
);

const TicketTable: FC<{ rows: TicketRow[]; admin: boolean }> = ({ rows, admin }) => (
  <DataTable
    label="Tickets"
    columns={admin ? ["Ticket", "From", "Status", "Priority", "Updated"] : ["Ticket", "Status", "Updated"]}
  >
    {rows.map((t) => (
      <tr>
        <td>
          <a href={`/tickets/${t.id}`}>{t.title}</a>
          <span class="sub">
            #{t.id} · {KINDS[t.kind]} · {t.replies} {t.replies === 1 ? "reply" : "replies"}
          </span>
        </td>
        {admin ? (
          <td class="with-avatar">
            <Avatar userId={t.author_id} name={t.author_name} /> {t.author_name}
          </td>
        ) : null}
        <td>
          {admin ? (
            <InlineSelect ticketId={t.id} field="status" value={t.status} />
          ) : (
            <StatusBadge status={t.status} />
          )}
        </td>
        {admin ? (
          <td>
            <InlineSelect ticketId={t.id} field="priority" value={t.priority} />
          </td>
        ) : null}
        <td class="muted">{formatDateTime(t.updated_at)}</td>
      </tr>
    ))}
  </DataTable>
);

/** A select that saves itself on change (htmx); without scripts, its own small form and button. */
export const InlineSelect: FC<{ ticketId: number; field: "status" | "priority"; value: string }> = (p) => {
  const id = `t${p.ticketId}-${p.field}`;
  return (
    <form method="post" action={`/tickets/${p.ticketId}/${p.field}`} class="inline-select">
      <label class="sr-only" for={id}>
        {p.field === "status" ? "Status" : "Priority"} of ticket {p.ticketId}
      </label>
      <select
        id={id}
        name={p.field}
        hx-post={`/tickets/${p.ticketId}/${p.field}`}
        hx-trigger="change"
        hx-swap="none"
        data-inline-save
      >
        {options(p.field === "status" ? STATUSES : PRIORITIES).map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" class="btn btn-secondary btn-sm">
          Save
        </button>
      </noscript>
    </form>
  );
};

export const MyTicketsPage: FC<{ rows: TicketRow[]; isAdmin: boolean }> = (p) => (
  <>
    <PageHeader
      title="Support"
      subtitle="Your tickets to the people who run this Slate."
      actions={
        <>
          {p.isAdmin ? <LinkButton href="/admin/tickets">All tickets</LinkButton> : null}
          <LinkButton href="/tickets/new" tone="primary" icon="plus">
            New ticket
          </LinkButton>
        </>
      }
    />
    {p.rows.length === 0 ? (
      <EmptyState icon="info" title="No tickets yet">
        <p>Found a bug or missing something? File a ticket and follow the answers here.</p>
      </EmptyState>
    ) : (
      <Card class="flush">
        <TicketTable rows={p.rows} admin={false} />
      </Card>
    )}
  </>
);

function tree(replies: ReplyRow[]): Map<number | null, ReplyRow[]> {
  const byParent = new Map<number | null, ReplyRow[]>();
  for (const r of replies) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  return byParent;
}

const ReplyForm: FC<{ ticketId: number; parentId?: number; label: string }> = (p) => (
  <form
    method="post"
    action={`/tickets/${p.ticketId}/replies`}
    class="stack reply-form"
    hx-post={`/tickets/${p.ticketId}/replies`}
    hx-target="#ticket-replies"
    hx-swap="outerHTML"
    data-reset-after
  >
    {p.parentId ? <input type="hidden" name="parentId" value={String(p.parentId)} /> : null}
    <TextArea
      label={p.label}
      name="body"
      id={`reply-${p.ticketId}-${p.parentId ?? 0}`}
      rows={p.parentId ? 2 : 3}
      required
      maxlength={5000}
    />
    <div class="actions">
      <button type="submit" class="btn btn-primary btn-sm">
        {p.parentId ? "Reply" : "Send reply"}
      </button>
    </div>
  </form>
);

const ReplyItem: FC<{
  r: ReplyRow;
  byParent: Map<number | null, ReplyRow[]>;
  ticketId: number;
  depth: number;
}> = (p) => (
  <li class="reply" id={`r${p.r.id}`}>
    <div class="reply-head">
      <Avatar userId={p.r.authorId} name={p.r.authorName} />
      <strong>{p.r.authorName}</strong>
      {p.r.authorRole === "admin" ? <Badge tone="accent">admin</Badge> : null}
      <time class="muted">{formatDateTime(p.r.createdAt)}</time>
    </div>
    <Prose source={p.r.body} class="reply-body" />
    {p.depth < 3 ? (
      <details class="reply-to">
        <summary>Reply</summary>
        <ReplyForm ticketId={p.ticketId} parentId={p.r.id} label={`Reply to ${p.r.authorName}`} />
      </details>
    ) : null}
    {p.byParent.get(p.r.id) ? (
      <ol class="replies nested">
        {p.byParent.get(p.r.id)!.map((child) => (
          <ReplyItem r={child} byParent={p.byParent} ticketId={p.ticketId} depth={p.depth + 1} />
        ))}
      </ol>
    ) : null}
  </li>
);

/** The threaded replies; the ticket's stream sends this again when anything changes. */
export const TicketReplies: FC<{ ticketId: number; replies: ReplyRow[]; oob?: boolean }> = (p) => {
  const byParent = tree(p.replies);
  return (
    <div id="ticket-replies" hx-swap-oob={p.oob ? "true" : undefined}>
      {p.replies.length === 0 ? (
        <p class="muted">No replies yet.</p>
      ) : (
        <ol class="replies">
          {(byParent.get(null) ?? []).map((r) => (
            <ReplyItem r={r} byParent={byParent} ticketId={p.ticketId} depth={0} />
          ))}
        </ol>
      )}
    </div>
  );
};

/** The ticket's status line, sent again live when an admin changes it. */
export const TicketFacts: FC<{ ticket: Ticket; admin: boolean; oob?: boolean }> = ({
  ticket,
  admin,
  oob,
}) => (
  <div id="ticket-facts" class="ticket-facts" hx-swap-oob={oob ? "true" : undefined}>
    {admin ? (
      <>
        <InlineSelect ticketId={ticket.id} field="status" value={ticket.status} />
        <InlineSelect ticketId={ticket.id} field="priority" value={ticket.priority} />
      </>
    ) : (
      <>
        <StatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} />
      </>
    )}
  </div>
);

export const TicketPage: FC<{
  ticket: Ticket;
  authorName: string;
  replies: ReplyRow[];
  screenshots: { id: number }[];
  admin: boolean;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={p.admin ? "/admin/tickets" : "/tickets"}>{p.admin ? "Tickets" : "Support"}</a> / #{p.ticket.id}
    </p>
    <PageHeader
      title={p.ticket.title}
      subtitle={
        <span class="with-avatar">
          <Avatar userId={p.ticket.author_id} name={p.authorName} /> {KINDS[p.ticket.kind]} from{" "}
          {p.authorName} · {formatDateTime(p.ticket.created_at)}
        </span>
      }
    />
    <div class="ticket-live" hx-ext="sse" sse-connect={`/tickets/${p.ticket.id}/live`}>
      <div sse-swap="ticket" hx-swap="none" hidden />
      <Card>
        <TicketFacts ticket={p.ticket} admin={p.admin} />
        <Prose source={p.ticket.description} class="mt" />
        {p.screenshots.length > 0 ? (
          <div class="screenshots">
            {p.screenshots.map((s, i) => (
              <a
                href={`/tickets/${p.ticket.id}/screenshots/${s.id}`}
                data-avatar-zoom={`Screenshot ${i + 1}`}
              >
                <img
                  src={`/tickets/${p.ticket.id}/screenshots/${s.id}`}
                  alt={`Screenshot ${i + 1}`}
                  loading="lazy"
                />
              </a>
            ))}
          </div>
        ) : null}
      </Card>
      <Card title="Replies">
        <TicketReplies ticketId={p.ticket.id} replies={p.replies} />
        <ReplyForm ticketId={p.ticket.id} label="Your reply" />
      </Card>
    </div>
  </>
);

const Summary: FC<{ label: string; value: number; href: string; tone?: string }> = (p) => (
  <a class={`summary-tile${p.tone ? ` tone-${p.tone}` : ""}`} href={p.href}>
    <span class="summary-value">{p.value}</span>
    <span class="summary-label">{p.label}</span>
  </a>
);

/** The panel's counts; `oob` replaces them live when any ticket changes. */
export const SummaryTiles: FC<{
  counts: { status: Record<string, number>; priorityOpen: Record<string, number> };
  oob?: boolean;
}> = (p) => {
  const n = (k: string) => p.counts.status[k] ?? 0;
  return (
    <div class="summary-tiles" id="ticket-summary" hx-swap-oob={p.oob ? "true" : undefined}>
      <Summary label="Open" value={n("open")} href="/admin/tickets?status=open" tone="danger" />
      <Summary
        label="In progress"
        value={n("in_progress")}
        href="/admin/tickets?status=in_progress"
        tone="warning"
      />
      <Summary label="Resolved" value={n("resolved")} href="/admin/tickets?status=resolved" tone="success" />
      <Summary label="Closed" value={n("closed")} href="/admin/tickets?status=closed" />
      <Summary
        label="Urgent or high, unresolved"
        value={(p.counts.priorityOpen.urgent ?? 0) + (p.counts.priorityOpen.high ?? 0)}
        href="/admin/tickets?priority=urgent"
        tone="danger"
      />
    </div>
  );
};

export const AdminTicketsPage: FC<{
  rows: TicketRow[];
  counts: { status: Record<string, number>; priorityOpen: Record<string, number> };
  status: string;
  priority: string;
}> = (p) => {
  const filters: Child = (
    <form method="get" action="/admin/tickets" class="toolbar">
      <SelectField
        label="Status"
        name="status"
        options={options(STATUSES)}
        value={p.status}
        first="Any status"
      />
      <SelectField
        label="Priority"
        name="priority"
        options={options(PRIORITIES)}
        value={p.priority}
        first="Any priority"
      />
      <button type="submit" class="btn btn-secondary">
        Filter
      </button>
    </form>
  );
  return (
    <>
      <PageHeader
        title="Tickets"
        subtitle="Bugs, feature requests and feedback from everyone on this Slate."
      />
      <SummaryTiles counts={p.counts} />
      <Card class="flush">
        <div class="card-pad">{filters}</div>
        {p.rows.length === 0 ? (
          <p class="muted card-pad">No tickets match.</p>
        ) : (
          <TicketTable rows={p.rows} admin />
        )}
      </Card>
    </>
  );
};

/** The sidebar's open-ticket count for admins; `oob` replaces the one on the page (live). */
export const OpenTicketsBadge: FC<{ count: number; oob?: boolean }> = ({ count, oob }) => (
  <span id="tickets-open-count" class="nav-badge-slot" hx-swap-oob={oob ? "true" : undefined}>
    {count > 0 ? (
      <span class="nav-badge">
        {count}
        <span class="sr-only"> open</span>
      </span>
    ) : null}
  </span>
);

export const OpenTicketsBadgeLoader: FC = () => (
  <span hx-get="/admin/tickets/badge" hx-trigger="load" hx-swap="outerHTML">
    <OpenTicketsBadge count={0} />
  </span>
);
