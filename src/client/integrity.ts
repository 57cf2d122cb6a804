// Teachers' integrity pages: the similarity threshold's label, reloading when a comparison finishes,
// the side-by-side view (./integrity/compare.ts) and the session replay (./integrity/replay.ts).
import { mountCompare } from "./integrity/compare.ts";
import { mountReplay } from "./integrity/replay.ts";

document.addEventListener("input", (e) => {
  const slider = (e.target as Element).closest<HTMLInputElement>("[data-sim-slider]");
  const output = slider?.form?.querySelector("[data-sim-output]");
  if (slider && output) output.textContent = `${slider.value}%`;
});

// The comparison finished while the page watched its progress: show its results.
const status = document.getElementById("sim-status");
if (status && !status.querySelector("[data-run-finished]")) {
  new MutationObserver(() => {
    if (status.querySelector("[data-run-finished]")) location.reload();
  }).observe(status, { childList: true, subtree: true });
}

const compare = document.querySelector<HTMLElement>("[data-sim-compare]");
if (compare) mountCompare(compare);
const replay = document.querySelector<HTMLElement>("[data-replay]");
if (replay) void mountReplay(replay);
