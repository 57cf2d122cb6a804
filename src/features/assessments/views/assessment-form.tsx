// The assessment's settings: times, time limit, password, attempts, grading, delivery, shuffling,
// practice after the close, publication and the review options of each phase.
import type { Child, FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { serverZone } from "../../../lib/local-time.ts";
import { Breadcrumb, FormError, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions, FormSection, SelectField, TextArea } from "../../../ui/fields.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { GRADING_METHODS } from "../grade-method.ts";
import { PHASE_LABELS, PHASES, SHOW_LABELS, SHOWS } from "../review.ts";

export const AssessmentFormPage: FC<{
  section: Section;
  action: string;
  values: Record<string, string>;
  error?: string;
  editing?: { id: number; title: string };
  /** "Who sees this" (src/features/targeting). */
  targeting?: Child;
}> = ({ section, action, values: v, error, editing, targeting }) => (
  <>
    <Breadcrumb
      trail={
        editing
          ? [...sectionTrail(section), [`/assessments/${editing.id}`, editing.title]]
          : sectionTrail(section)
      }
    >
      {editing ? "Settings" : "New assessment"}
    </Breadcrumb>
    <PageHeader title={editing ? `Settings: ${editing.title}` : "New assessment"} />
    <FormError message={error} />
    <form method="post" action={action} class="stack">
      <FormSection title="About">
        <Field label="Title" name="title" value={v.title} required maxlength={160} />
        <TextArea label="Instructions (Markdown)" name="instructions" rows={4} value={v.instructions} />
      </FormSection>
      <FormSection title="Timing and access">
        <div class="grid grid-2">
          <Field label={`Opens (${serverZone()})`} name="opens_at" type="datetime-local" value={v.opens_at} />
          <Field
            label={`Closes (${serverZone()})`}
            name="closes_at"
            type="datetime-local"
            value={v.closes_at}
          />
          <Field
            label="Time limit (minutes)"
            name="time_limit_min"
            value={v.time_limit_min}
            inputmode="decimal"
            hint="Empty: no limit. The attempt is submitted by the server when time is up."
          />
          <Field
            label="Attempts allowed"
            name="max_attempts"
            value={v.max_attempts}
            inputmode="decimal"
            hint="Empty: unlimited."
          />
          <Field
            label="Access password"
            name="password"
            value={v.password}
            autocomplete="off"
            hint="Empty: none. Stored encrypted; you can read it back here."
          />
          <SelectField
            label="Grading method"
            name="grading_method"
            options={GRADING_METHODS}
            value={v.grading_method ?? "highest"}
          />
        </div>
      </FormSection>
      <FormSection title="Delivery">
        <SelectField
          label="Questions are shown"
          name="delivery"
          value={v.delivery ?? "all"}
          options={[
            { value: "all", label: "All at once" },
            { value: "page", label: "Page by page (one page per part)" },
            { value: "one", label: "One by one" },
          ]}
        />
        <CheckField
          name="sequential"
          label="No going back to earlier pages"
          checked={v.sequential === "on"}
        />
        <CheckField
          name="shuffle_questions"
          label="Shuffle questions within each part"
          checked={v.shuffle_questions === "on"}
        />
        <CheckField name="shuffle_answers" label="Shuffle answers" checked={v.shuffle_answers === "on"} />
        <CheckField
          name="practice_after_close"
          label="Practice mode after the close"
          checked={v.practice_after_close === "on"}
          hint="Students may retake it after it closes; practice attempts never change their grade."
        />
        <CheckField name="published" label="Published (students see it)" checked={v.published === "on"} />
      </FormSection>
      <FormSection title="Review options">
        <p class="hint">What students see of their answers in each phase. Hidden answers are never sent.</p>
        <div class="review-grid">
          {PHASES.map((p) => (
            <fieldset class="choice-group">
              <legend>{PHASE_LABELS[p]}</legend>
              {SHOWS.map((s) => (
                <label class="check">
                  <input type="checkbox" name={`review_${p}_${s}`} checked={v[`review_${p}_${s}`] === "on"} />
                  {SHOW_LABELS[s]}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </FormSection>
      {targeting ? <FormSection>{targeting}</FormSection> : null}
      <FormActions cancel={editing ? `/assessments/${editing.id}` : `/sections/${section.id}`}>
        {editing ? "Save settings" : "Create assessment"}
      </FormActions>
    </form>
  </>
);
