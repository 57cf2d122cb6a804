// A teacher's score override for one submission: on the submission page.
import type { FC } from "hono/jsx";
import { Card } from "./components.tsx";
import { NumberField } from "./fields.tsx";

export const OverrideForm: FC<{
  submissionId: number;
  maxScore: number | null;
  score: number | null;
  comment: string;
}> = (p) => (
  <Card title="Override the score">
    <form method="post" action={`/manage/submissions/${p.submissionId}/override`} class="stack">
      {/* step "any": a plain number input refuses 2.5, although test points (and so scores) have decimals. */}
      <NumberField
        label={`Score (0–${p.maxScore ?? "max"}); empty to remove the override`}
        name="score"
        value={p.score === null ? "" : String(p.score)}
        min={0}
        max={p.maxScore ?? undefined}
      />
      <div class="field">
        <label for="f-comment">Comment for the student</label>
        <textarea id="f-comment" name="comment" rows={3} maxlength={2000}>
          {p.comment}
        </textarea>
      </div>
      <button type="submit" class="btn btn-primary">
        Save score
      </button>
    </form>
  </Card>
);
