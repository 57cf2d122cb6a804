// How a chart's x labels fit under it without overlapping or running off the canvas (issue 10, item
// 10): each label is shortened to a maximum width (with "…"; the full text stays in the table and the
// legend); short labels (days, grade bins) stay level and only every n-th is drawn; long ones (problem
// titles) are turned 45° so that more of them fit. Pure arithmetic on measured widths, so it is tested
// without a browser (tests/unit/chart-x-axis.test.ts).

export interface XAxisLayout {
  /** The text drawn for each label (shortened), by index. */
  texts: string[];
  /** Draw the labels at indices 0, every, 2 * every, ... */
  every: number;
  /** Degrees off horizontal, as uPlot's axis `rotate` takes it (0 or 45). */
  rotate: number;
  /** Height of the x axis in CSS pixels (labels, gap and ticks). */
  size: number;
  /** Extra left padding, so the first turned label is not cut at the canvas edge. */
  padLeft: number;
  /** Extra right padding, so the last level label is not cut at the canvas edge. */
  padRight: number;
}

export interface XAxisMetrics {
  /** Width in CSS pixels of the area the points are spread over. */
  plotWidth: number;
  /** Space left of the plot (the y axis) where a label may reach. */
  leftRoom: number;
  /** Space right of the plot where a label may reach. */
  rightRoom: number;
  /** Height of a line of label text. */
  lineHeight: number;
}

export const MAX_LABEL_PX = 110; // about 16 characters: "3 Sep Sum of two…"
const SHORT_LABEL_PX = 64; // days ("26 Nov") and grade bins ("90–100%") stay level
const GAP_PX = 10; // between two level labels
const TICK_AND_GAP_PX = 15; // uPlot's tick (10) and gap (5) under the plot
const SIN45 = Math.SQRT1_2;

/** `text`, or its longest start that fits in maxPx with "…" after it. */
export function shorten(text: string, maxPx: number, measure: (s: string) => number): string {
  if (measure(text) <= maxPx) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join("").trimEnd()}…`) <= maxPx) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("").trimEnd()}…`;
}

/** The layout for `labels`; the padding it adds narrows the plot, so it is worked out twice. */
export function layoutXAxis(labels: string[], m: XAxisMetrics, measure: (s: string) => number): XAxisLayout {
  const first = attempt(labels, m, measure);
  const narrower = { ...m, plotWidth: m.plotWidth - first.padLeft - first.padRight };
  const second = attempt(labels, narrower, measure);
  return {
    ...second,
    padLeft: Math.max(first.padLeft, second.padLeft),
    padRight: Math.max(first.padRight, second.padRight),
  };
}

/**
 * The points sit at 0 … n-1 on a scale from -0.6 to n-0.4 (see charts.ts), so neighbours are
 * plotWidth / (n + 0.2) apart and the first and last are 0.6 of that from the plot's edges.
 */
function attempt(labels: string[], m: XAxisMetrics, measure: (s: string) => number): XAxisLayout {
  const n = Math.max(1, labels.length);
  const slot = m.plotWidth / (n + 0.2);
  const texts = labels.map((l) => shorten(l, MAX_LABEL_PX, measure));
  const widths = texts.map(measure);
  const widest = Math.max(0, ...widths);
  /** The most any drawn label reaches past the plot's edge, given how far it reaches from its tick. */
  const spill = (every: number, reach: (w: number) => number, fromRight: boolean) => {
    let most = 0;
    for (let i = 0; i < n; i += every) {
      const tickToEdge = (0.6 + (fromRight ? n - 1 - i : i)) * slot;
      most = Math.max(most, reach(widths[i] ?? 0) - tickToEdge);
    }
    return most;
  };
  const levelEvery = Math.max(1, Math.ceil((widest + GAP_PX) / slot));
  if (levelEvery === 1 || widest <= SHORT_LABEL_PX) {
    const half = (w: number) => w / 2; // level labels are centred on their tick
    return {
      texts,
      every: levelEvery,
      rotate: 0,
      size: Math.ceil(m.lineHeight + TICK_AND_GAP_PX + 4),
      padLeft: Math.max(0, Math.ceil(spill(levelEvery, half, false) - m.leftRoom)),
      padRight: Math.max(0, Math.ceil(spill(levelEvery, half, true) - m.rightRoom)),
    };
  }
  // Turned labels end at their tick (centred on it across the line) and run down to the left,
  // parallel: two neighbours are apart by their horizontal distance times sin 45°, which must be a
  // line of text (plus a little air).
  const every = Math.max(1, Math.ceil((m.lineHeight + 2) / SIN45 / slot));
  const turned = (w: number) => (w + m.lineHeight / 2) * SIN45;
  return {
    texts,
    every,
    rotate: 45,
    size: Math.ceil((widest + m.lineHeight) * SIN45 + TICK_AND_GAP_PX + 4),
    padLeft: Math.max(0, Math.ceil(spill(every, turned, false) - m.leftRoom)),
    padRight: 0,
  };
}
