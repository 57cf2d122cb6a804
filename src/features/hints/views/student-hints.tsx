// The hints card on a student's problem page. Revealed hints show their text; the next one shows its
// cost behind a real confirmation step (a disclosure with a POST form: no script needed). Hidden
// hints' text is never in the page: StudentHint.body is null for them.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import { renderMarkdown } from "../../../lib/markdown.ts";
import { Card } from "../../../ui/components.tsx";
import { nextHint, type StudentHint } from "../hints.ts";

const points = (n: number) => `${n} point${n === 1 ? "" : "s"}`;

export const StudentHintsCard: FC<{
  problemId: number;
  hints: StudentHint[];
  /** The first hint is offered (the teacher's rule): shown open with its cost. */
  offered: boolean;
  preview?: boolean;
}> = (p) => {
  if (p.hints.length === 0) return null;
  const next = nextHint(p.hints);
  const revealed = p.hints.filter((h) => h.body !== null);
  const penalty = Math.round(revealed.reduce((s, h) => s + h.penalty, 0) * 100) / 100;
  const offerOpen = p.offered && revealed.length === 0;
  return (
    <Card title={`Hints (${revealed.length} of ${p.hints.length} revealed)`} class="hints-card">
      <div id="hints" class="stack">
        {revealed.length > 0 ? (
          <p class="hint-penalty">
            Hint penalty on this problem: <strong>−{points(penalty)}</strong> (your score never goes below 0).
          </p>
        ) : (
          <p class="muted">
            Hints are revealed one at a time. Each may cost points off this problem's score.
          </p>
        )}
        {revealed.length === 0 ? null : (
          <ol class="hint-list">
            {revealed.map((h) => (
              <li class="hint-item">
                <div class="hint-head">
                  Hint {h.number} <span class="muted">· −{points(h.penalty)}</span>
                </div>
                <div class="prose">{raw(renderMarkdown(h.body ?? ""))}</div>
              </li>
            ))}
          </ol>
        )}
        {next ? (
          <details class="hint-reveal" open={offerOpen}>
            <summary class="btn btn-secondary">
              {offerOpen ? `Stuck? Hint ${next.number} is available` : `Reveal hint ${next.number}`}
            </summary>
            <div class="hint-confirm">
              <p>
                Revealing hint {next.number} costs <strong>{points(next.penalty)}</strong> off this problem's
                score{next.penalty > 0 ? ", even if you later solve it" : ""}. It cannot be hidden again.
              </p>
              {p.preview ? (
                <p class="muted">Students confirm here; a teacher's preview reveals nothing.</p>
              ) : (
                <form method="post" action={`/problems/${p.problemId}/hints/reveal`} class="inline">
                  <input type="hidden" name="hint" value={String(next.id)} />
                  <button type="submit" class="btn btn-primary">
                    Yes, reveal hint {next.number} (−{points(next.penalty)})
                  </button>
                </form>
              )}
            </div>
          </details>
        ) : null}
      </div>
    </Card>
  );
};
