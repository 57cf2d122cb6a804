// The hints card on the teacher's problem edit page: the ordered hints with their penalties (add,
// edit, reorder, delete), the automatic offer of the first hint, auto-submit, and who used which hints.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Problem } from "../../../db/tables/problems.ts";
import { renderMarkdown } from "../../../lib/markdown.ts";
import { ActionButton, MoveButtons, SubmitButton } from "../../../ui/buttons.tsx";
import { Card } from "../../../ui/components.tsx";
import { CheckField, Field, NumberField, TextArea } from "../../../ui/fields.tsx";
import type { HintUse, ProblemHint } from "../hints.ts";

const HintForm: FC<{ action: string; hint?: ProblemHint; label: string }> = (p) => (
  <form method="post" action={p.action} class="stack hint-form">
    <TextArea
      name="body"
      id={p.hint ? `hint-body-${p.hint.id}` : "hint-body-new"}
      label={p.hint ? "Text (Markdown)" : "New hint (Markdown)"}
      value={p.hint?.body ?? ""}
      rows={3}
      required
    />
    <div class="row">
      <Field
        type="number"
        inputmode="decimal"
        step="any"
        name="penalty"
        id={p.hint ? `hint-penalty-${p.hint.id}` : "hint-penalty-new"}
        label="Penalty (points)"
        value={String(p.hint?.penalty ?? 0)}
        min={0}
        max={1000}
        hint="Taken off this problem's score, never below 0."
      />
      <SubmitButton tone={p.hint ? "secondary" : "primary"} small>
        {p.label}
      </SubmitButton>
    </div>
  </form>
);

export const HintsEditorCard: FC<{
  problem: Problem;
  hints: ProblemHint[];
  usage: HintUse[];
  hasHidden: boolean;
}> = (p) => {
  const base = `/manage/problems/${p.problem.id}/hints`;
  return (
    <Card title={`Hints (${p.hints.length})`} class="hints-editor">
      <div id="hints" class="stack">
        {p.hints.length === 0 ? (
          <p class="muted">No hints yet. Students reveal hints one at a time, in this order.</p>
        ) : (
          <ol class="hint-list">
            {p.hints.map((h, i) => (
              <li class="hint-item">
                <div class="hint-head row">
                  <strong>Hint {i + 1}</strong>
                  <span class="muted">−{h.penalty} pts</span>
                  <span class="spacer" />
                  <MoveButtons
                    base={`${base}/${h.id}`}
                    label={`hint ${i + 1}`}
                    index={i}
                    count={p.hints.length}
                  />
                  <ActionButton
                    action={`${base}/${h.id}/delete`}
                    tone="danger"
                    small
                    confirm={`Delete hint ${i + 1}?`}
                  >
                    Delete
                  </ActionButton>
                </div>
                <div class="prose">{raw(renderMarkdown(h.body))}</div>
                <details>
                  <summary>Edit hint {i + 1}</summary>
                  <HintForm action={`${base}/${h.id}`} hint={h} label="Save hint" />
                </details>
              </li>
            ))}
          </ol>
        )}
        <HintForm action={base} label="Add hint" />
        <form method="post" action={`${base}/settings`} class="stack hint-settings">
          <h3 class="h4">Offering the first hint, and auto-submit</h3>
          <div class="row">
            <NumberField
              name="offer_failures"
              label="Offer after this many failed submissions"
              value={p.problem.hint_offer_failures === null ? "" : String(p.problem.hint_offer_failures)}
              min={1}
              max={100}
              step={1}
              hint="Empty: never. The student still confirms the cost."
            />
            <NumberField
              name="offer_below_pct"
              label="Or while the best score is below (%)"
              value={p.problem.hint_offer_below_pct === null ? "" : String(p.problem.hint_offer_below_pct)}
              min={1}
              max={100}
              hint="Empty: never."
            />
          </div>
          <CheckField
            name="auto_submit"
            label="Submit by itself when “Run tests” passes every test"
            checked={p.problem.auto_submit === 1}
            hint={
              p.hasHidden
                ? "This problem has hidden tests, so it never auto-submits (nor offers to)."
                : "Otherwise students are offered an “All tests pass — submit now?” button."
            }
          />
          <div>
            <SubmitButton tone="secondary" small>
              Save settings
            </SubmitButton>
          </div>
        </form>
        <h3 class="h4">Who used hints</h3>
        {p.usage.length === 0 ? (
          <p class="muted">No student has revealed a hint yet.</p>
        ) : (
          <table class="table hint-usage">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Hints revealed</th>
                <th scope="col" class="num">
                  Penalty
                </th>
              </tr>
            </thead>
            <tbody>
              {p.usage.map((u) => (
                <tr>
                  <td>{u.displayName}</td>
                  <td>{u.numbers.map((n) => `#${n}`).join(", ")}</td>
                  <td class="num">−{u.penalty}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Card>
  );
};
