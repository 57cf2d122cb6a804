// The "Visualize" button beside Run (src/client/visualizer.ts enables it), with the visualizer's own
// stylesheet. On a problem page it names the problem, for its "Visualize this test" buttons.
import type { FC } from "hono/jsx";
import { asset } from "../../../http/static.ts";

export const VisualizeButton: FC<{ problemId?: number }> = (p) => (
  <>
    <link rel="stylesheet" href={asset("css/visualizer.css")} />
    <button
      type="button"
      class="btn btn-secondary"
      data-visualize
      data-visualize-problem={p.problemId}
      title="Step through your program line by line"
      disabled
    >
      <svg
        class="icon"
        width="16"
        height="16"
        viewBox="0 0 24 24"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      >
        <path d="M4 6h10M4 12h6M4 18h10" />
        <path d="m16 9 4 3-4 3z" />
      </svg>
      Visualize
    </button>
  </>
);
