// The assessments of a section, listed on the section's page beside its tasks: teachers see drafts
// and a link to create one; students see the published ones with their state.
import type { FC } from "hono/jsx";
import type { Assessment } from "../../../db/tables/assessments.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { LinkButton } from "../../../ui/buttons.tsx";
import { Badge, EmptyState, ListCard } from "../../../ui/components.tsx";

export interface SectionAssessment {
  a: Assessment;
  /** students: their attempt state */
  mine?: { attempts: number; open: boolean };
}

function when(
  a: Assessment,
  now: number,
): { text: string; tone: "neutral" | "success" | "warning" | "danger" } {
  if (a.opens_at !== null && now < a.opens_at)
    return { text: `opens ${formatDateTime(a.opens_at)}`, tone: "neutral" };
  if (a.closes_at !== null && now >= a.closes_at) return { text: "closed", tone: "danger" };
  return { text: a.closes_at ? `open until ${formatDateTime(a.closes_at)}` : "open", tone: "success" };
}

export const SectionAssessments: FC<{
  sectionId: number;
  rows: SectionAssessment[];
  teaches: boolean;
  now: number;
}> = (p) => (
  <div class="mb">
    <ListCard
      title="Quizzes and exams"
      counted
      items={p.rows}
      actions={
        p.teaches ? (
          <div class="actions">
            <LinkButton href="/banks" small tone="ghost">
              Question banks
            </LinkButton>
            <LinkButton href={`/sections/${p.sectionId}/assessments/new`} small icon="plus">
              New assessment
            </LinkButton>
          </div>
        ) : undefined
      }
      empty={
        <EmptyState icon="check" title={p.teaches ? "No assessments yet" : "No quizzes or exams right now"}>
          {p.teaches
            ? "Create a quiz from your question banks."
            : "They appear here when your teacher publishes one."}
        </EmptyState>
      }
    >
      <ul class="plain-list">
        {p.rows.map(({ a, mine }) => {
          const w = when(a, p.now);
          return (
            <li class="assessment-row">
              <a href={`/assessments/${a.id}`}>{a.title}</a>{" "}
              {p.teaches && !a.published ? <Badge>draft</Badge> : <Badge tone={w.tone}>{w.text}</Badge>}
              {mine ? (
                <span class="muted">
                  {" "}
                  ·{" "}
                  {mine.open
                    ? "attempt in progress"
                    : mine.attempts === 0
                      ? "not attempted"
                      : `${mine.attempts} attempt${mine.attempts === 1 ? "" : "s"}`}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </ListCard>
  </div>
);
