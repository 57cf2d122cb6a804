// "3 of 5 pages": a bar and the count, named for screen readers.
import type { FC } from "hono/jsx";
import type { Progress } from "../progress.ts";

export const ProgressBar: FC<{ progress: Progress; label: string }> = ({ progress: p, label }) => {
  return (
    <span class="lesson-progress">
      <progress max={p.total || 1} value={p.done} aria-label={label} />
      <span class={p.total > 0 && p.done >= p.total ? "tone-success" : "muted"}>
        {p.total > 0 && p.done >= p.total ? "Complete" : `${p.done} of ${p.total} pages`}
      </span>
    </span>
  );
};
