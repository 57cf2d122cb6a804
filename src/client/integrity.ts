// Teachers' integrity pages: the similarity threshold's label, reloading when a comparison finishes,
// the side-by-side view (./integrity/compare.ts) and the session replay (./integrity/replay.ts).
import { mountCompare } from "./integrity/compare.ts";
import { mountReplay } from "./integrity/replay.ts";

document.addEventListener("input", (e) => {
  const slider = (e.target as Element).closest<HTMLInputElement>("[data-sim-slider]");
  const output = slider?.form?.querySelector("[data-sim-output]");
  if (slider && output) output.textContent = `${slider.value}%`;
});

// The comparison finished: show its results.
document.body.addEventListener("htmx:sseBeforeMessage", (e) => {
  const detail = (e as CustomEvent<{ type?: string }>).detail;
  if (detail?.type === "done" && (e.target as Element).closest?.("#sim-status")) location.reload();
});

const compare = document.querySelector<HTMLElement>("[data-sim-compare]");
if (compare) mountCompare(compare);
const replay = document.querySelector<HTMLElement>("[data-replay]");
if (replay) void mountReplay(replay);
