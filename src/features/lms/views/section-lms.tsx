// A section's LMS page for its teachers: the linked courses, their roster sync, the placed links and
// how each submission's score went to the LMS (sent, pending or failed, with a retry).
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { LtiContext } from "../../../db/tables/lms.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Badge, Card, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { SectionCrumbs, SectionNav } from "../../../ui/section-nav.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import type { OutboxEntry } from "../lti/outbox.ts";

export interface LinkRow {
  id: number;
  title: string;
  targetTitle: string | null;
  hasLineItem: boolean;
}

const tone = { sent: "success", pending: "warning", failed: "danger" } as const;

export const DeliveryBadge: FC<{ status: OutboxEntry["status"] }> = ({ status }) => (
  <Badge tone={tone[status]}>{status}</Badge>
);

export const SectionLmsPage: FC<{
  section: Section;
  contexts: LtiContext[];
  links: LinkRow[];
  outbox: OutboxEntry[];
}> = (p) => (
  <>
    <SectionCrumbs section={p.section} here="LMS" />
    <PageHeader title={p.section.name} subtitle="This section as a course in your school's LMS." />
    <SectionNav section={p.section} current="lms" />
    <div class="stack">
      <ListCard
        title="Linked courses"
        items={p.contexts}
        empty={
          <EmptyState icon="link" title="Not linked to an LMS course">
            Open Slate from a course in your LMS as its instructor to link it here.
          </EmptyState>
        }
      >
        <DataTable label="Linked courses" columns={["Course", "Roster", hiddenCol("Actions")]}>
          {p.contexts.map((k) => (
            <tr>
              <td>{k.title || k.context_id}</td>
              <td>
                {k.roster_synced_at ? (
                  `Filled ${formatDateTime(k.roster_synced_at)}`
                ) : (
                  <span class="muted">never filled</span>
                )}
              </td>
              <td>
                {k.memberships_url ? (
                  <ActionButton action={`/sections/${p.section.id}/lms/contexts/${k.id}/roster`} small>
                    Fill roster from LMS
                  </ActionButton>
                ) : (
                  <span class="muted small">The LMS offers no roster</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
      <ListCard
        title="Placed links"
        counted
        items={p.links}
        empty={
          <EmptyState icon="link" title="No links placed yet">
            Place a task from the LMS with “Add external tool” or “Deep linking”.
          </EmptyState>
        }
      >
        <DataTable label="Placed links" columns={["Link in the LMS", "Opens", "Gradebook column"]}>
          {p.links.map((l) => (
            <tr>
              <td>{l.title || "(untitled)"}</td>
              <td>{l.targetTitle ?? <span class="muted">the section</span>}</td>
              <td>{l.hasLineItem ? <Badge tone="success">yes</Badge> : <Badge>not yet</Badge>}</td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
      <ListCard
        title="Grades sent to the LMS"
        items={p.outbox}
        empty={
          <EmptyState icon="check" title="No grades sent yet">
            Scores go to the LMS when submissions from linked tasks are graded.
          </EmptyState>
        }
      >
        <DataTable
          label="Grades sent to the LMS"
          columns={["Student and link", "Submission", numCol("Score sent"), "Status", hiddenCol("Actions")]}
        >
          {p.outbox.map((o) => (
            <tr>
              <td>
                {o.studentName}
                <div class="muted small">{o.linkTitle || "(untitled)"}</div>
              </td>
              <td>
                <a href={`/submissions/${o.submissionId}`}>#{o.submissionId}</a>
              </td>
              <td class="num">{o.scoreSent ?? "–"}</td>
              <td>
                <DeliveryBadge status={o.status} />
                <div class="muted small">
                  {o.lastError && o.status !== "sent" ? `${o.lastError} (try ${o.attempts}) · ` : ""}
                  {formatDateTime(o.updatedAt)}
                </div>
              </td>
              <td>
                {o.status === "sent" ? null : (
                  <ActionButton action={`/sections/${p.section.id}/lms/outbox/${o.id}/retry`} small>
                    Retry now
                  </ActionButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
    </div>
  </>
);

/** One line for a submission page: how its score went to the LMS. */
export const SubmissionDelivery: FC<{
  rows: { status: OutboxEntry["status"]; last_error: string | null }[];
}> = ({ rows }) =>
  rows.length === 0 ? null : (
    <Card title="LMS gradebook">
      {rows.map((r) => (
        <p>
          <DeliveryBadge status={r.status} />{" "}
          {r.status === "sent" ? "The score is in the LMS." : (r.last_error ?? "Waiting to be sent.")}
        </p>
      ))}
    </Card>
  );
