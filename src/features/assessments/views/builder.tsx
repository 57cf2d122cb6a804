// The teacher's page of an assessment: its settings at a glance, its parts with their questions and
// random blocks, and the forms that add them.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Assessment, AssessmentPart } from "../../../db/tables/assessments.ts";
import { fmt } from "../../../lib/format.ts";
import { ActionButton, LinkButton, MoveButtons, SubmitButton } from "../../../ui/buttons.tsx";
import { Alert, Badge, Breadcrumb, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { Field, SelectField, TextArea } from "../../../ui/fields.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import type { SlotRow } from "../authoring.ts";
import { qtypeLabel } from "../question.ts";
import { rulesLine } from "./attempt.tsx";

export interface Pickable {
  questions: { id: number; label: string }[];
  categories: { id: number; label: string; available: number }[];
}

export const AssessmentTabs: FC<{ a: Assessment; current: "build" | "results" }> = ({ a, current }) => (
  <nav class="tabs" aria-label="Assessment">
    <a href={`/assessments/${a.id}`} aria-current={current === "build" ? "page" : undefined}>
      Questions
    </a>
    <a href={`/assessments/${a.id}/results`} aria-current={current === "results" ? "page" : undefined}>
      Results
    </a>
    <a href={`/assessments/${a.id}/edit`}>Settings</a>
  </nav>
);

const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;

/** "2 marks", "1 mark each" for a random block, or the questions' own marks. */
function marksLabel(slot: SlotRow): string {
  const each = slot.question_id ? "" : " each";
  if (slot.mark !== null) return plural(slot.mark, "mark") + each;
  if (slot.default_mark !== null) return plural(slot.default_mark, "mark");
  return "their own marks";
}

const SlotLine: FC<{
  a: Assessment;
  slot: SlotRow;
  available: Map<number, number>;
  index: number;
  count: number;
}> = ({ a, slot, available, index, count }) => (
  <li class="slot">
    <div>
      {slot.question_id ? (
        <>
          <a href={`/questions/${slot.question_id}`}>{slot.question_name}</a>{" "}
          <span class="muted">{qtypeLabel(slot.qtype ?? "")}</span>
        </>
      ) : (
        <>
          <Badge tone="accent">Random</Badge> {slot.draw_count} from <strong>{slot.category_name}</strong>
          {(available.get(slot.category_id ?? 0) ?? 0) < slot.draw_count ? (
            <span class="text-danger"> · only {available.get(slot.category_id ?? 0) ?? 0} available</span>
          ) : null}
        </>
      )}
    </div>
    <div class="slot-actions">
      <MoveButtons
        base={`/assessments/${a.id}/slots/${slot.id}`}
        label={slot.question_name ?? `random block from ${slot.category_name}`}
        index={index}
        count={count}
      />
      <span class="muted">{marksLabel(slot)}</span>
      <ActionButton action={`/assessments/${a.id}/slots/${slot.id}/delete`} small>
        Remove<span class="sr-only"> {slot.question_name ?? `random block from ${slot.category_name}`}</span>
      </ActionButton>
    </div>
  </li>
);

export const BuilderPage: FC<{
  section: Section;
  a: Assessment;
  parts: AssessmentPart[];
  slots: SlotRow[];
  pick: Pickable;
  attempts: number;
  password: string;
}> = (p) => {
  const available = new Map(p.pick.categories.map((c) => [c.id, c.available]));
  const partOptions = p.parts.map((x) => ({ value: String(x.id), label: x.title }));
  return (
    <>
      <Breadcrumb trail={sectionTrail(p.section)}>{p.a.title}</Breadcrumb>
      <PageHeader
        title={p.a.title}
        subtitle={
          <>
            {p.a.published ? <Badge tone="success">published</Badge> : <Badge>draft</Badge>}{" "}
            {rulesLine(p.a).join(" · ")}
            {p.password ? ` · password “${p.password}”` : ""}
          </>
        }
        actions={
          <LinkButton href={`/assessments/${p.a.id}/results`} icon="chart" tone="primary">
            Results ({p.attempts})
          </LinkButton>
        }
      />
      <AssessmentTabs a={p.a} current="build" />
      {p.slots.length === 0 ? (
        <Alert kind="info">
          Add questions from your banks, one by one or as random blocks, before publishing.
        </Alert>
      ) : null}
      <div class="grid grid-2-1">
        <div class="stack">
          {p.parts.map((part) => {
            const mine = p.slots.filter((s) => s.part_id === part.id);
            return (
              <Card title={part.title}>
                {part.instructions ? <p class="muted">{part.instructions}</p> : null}
                {mine.length === 0 ? (
                  <EmptyState icon="book" title="No questions in this part yet">
                    Add one with the forms beside.
                  </EmptyState>
                ) : (
                  <ol class="slot-list">
                    {mine.map((slot, i) => (
                      <SlotLine a={p.a} slot={slot} available={available} index={i} count={mine.length} />
                    ))}
                  </ol>
                )}
              </Card>
            );
          })}
        </div>
        <div class="stack">
          <Card title="Add a question">
            {p.pick.questions.length === 0 ? (
              <p class="muted">
                Your <a href="/banks">question banks</a> have no questions yet.
              </p>
            ) : (
              <form method="post" action={`/assessments/${p.a.id}/slots`} class="stack">
                <input type="hidden" name="kind" value="question" />
                <SelectField
                  label="Question"
                  name="question_id"
                  options={p.pick.questions.map((q) => ({ value: String(q.id), label: q.label }))}
                />
                <SelectField label="Into part" name="part_id" id="f-part-q" options={partOptions} />
                <Field
                  label="Marks (empty: the question's default)"
                  name="mark"
                  id="f-mark-q"
                  inputmode="decimal"
                />
                <div class="actions">
                  <SubmitButton icon="plus">Add question</SubmitButton>
                </div>
              </form>
            )}
          </Card>
          <Card title="Add a random block">
            {p.pick.categories.length === 0 ? (
              <p class="muted">No categories yet.</p>
            ) : (
              <form method="post" action={`/assessments/${p.a.id}/slots`} class="stack">
                <input type="hidden" name="kind" value="random" />
                <SelectField
                  label="From category (and those inside it)"
                  name="category_id"
                  options={p.pick.categories.map((c) => ({
                    value: String(c.id),
                    label: `${c.label} (${c.available})`,
                  }))}
                />
                <Field label="How many questions" name="count" value="1" inputmode="decimal" required />
                <SelectField label="Into part" name="part_id" id="f-part-r" options={partOptions} />
                <Field
                  label="Marks each (empty: the questions' defaults)"
                  name="mark"
                  id="f-mark-r"
                  inputmode="decimal"
                />
                <div class="actions">
                  <SubmitButton icon="plus">Add random block</SubmitButton>
                </div>
              </form>
            )}
          </Card>
          <Card title="Add a part">
            <form method="post" action={`/assessments/${p.a.id}/parts`} class="stack">
              <Field label="Part title" name="title" required maxlength={160} />
              <TextArea label="Part instructions" name="instructions" rows={2} />
              <div class="actions">
                <SubmitButton tone="secondary">Add part</SubmitButton>
              </div>
            </form>
          </Card>
        </div>
      </div>
    </>
  );
};
