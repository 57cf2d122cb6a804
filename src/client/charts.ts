// Draws every [data-chart] on the page with uPlot (bundled, served by Slate), in the colours of the
// current theme; redraws when the theme or the width changes. The page already holds a text summary
// and a table of the same numbers, so a chart is an addition, never the only way to read the data.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { layoutXAxis } from "./charts/x-axis.ts";

interface ChartSpec {
  kind: "bars" | "line";
  labels: string[];
  series: { label: string; values: (number | null)[]; tone?: string; kind?: "bars" | "line" }[];
  yMax?: number;
  ySuffix?: string;
}

const charts = new Map<HTMLElement, uPlot>();
const Y_AXIS_PX = 48;
const AUTO_PAD_RIGHT_PX = 25; // what uPlot leaves right of the plot when the y axis is on the left
const LABEL_FONT_PX = 12;
const UPLOT_X_AXIS_PX = 50; // uPlot's default height of the x axis, which data-height counts on

let measurer: CanvasRenderingContext2D | null | undefined;

/** Width in CSS pixels of `text` in `font`, as the chart's canvas will draw it. */
function measureWith(font: string): (text: string) => number {
  measurer ??= document.createElement("canvas").getContext("2d");
  const ctx = measurer;
  if (!ctx) return (text) => text.length * LABEL_FONT_PX * 0.6;
  return (text) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}

let probe: HTMLElement | undefined;

/** A theme colour as a canvas needs it: the custom properties hold light-dark(), resolved here. */
function token(name: string): string {
  if (!probe) {
    probe = document.createElement("span");
    probe.hidden = true;
    document.body.append(probe);
  }
  probe.style.color = `var(--${name}, #888)`;
  return getComputedStyle(probe).color;
}

function fade(color: string, alpha: number): string {
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

function draw(el: HTMLElement): void {
  charts.get(el)?.destroy();
  const spec = JSON.parse(el.dataset.chart ?? "{}") as ChartSpec;
  if (!spec.labels || spec.labels.length === 0) return;
  const width = Math.max(220, el.clientWidth);
  const height = Number(el.dataset.height ?? 200);
  const text = token("muted");
  const grid = token("border");
  const suffix = spec.ySuffix ?? "";
  const xs = spec.labels.map((_, i) => i);
  const many = spec.series.length > 1;
  const series: uPlot.Series[] = [
    { label: "", value: (_u, v) => (v === null || v === undefined ? "" : (spec.labels[v] ?? "")) },
    ...spec.series.map((s, i): uPlot.Series => {
      const color = token(s.tone ?? "accent");
      const common = {
        label: s.label,
        stroke: color,
        value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? "" : `${v}${suffix}`),
      };
      if ((s.kind ?? spec.kind) === "bars") {
        return {
          ...common,
          fill: fade(color, 0.75),
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.7, 64], align: 0 }),
          points: { show: false },
        };
      }
      // A line over bars (a second measure) shows only its points; a line chart fills under itself.
      const overBars = spec.kind === "bars" || i > 0;
      return {
        ...common,
        width: overBars ? 0 : 2,
        fill: overBars ? undefined : fade(color, 0.12),
        spanGaps: true,
        points: { show: true, size: overBars ? 8 : 5, fill: color, stroke: color },
      };
    }),
  ];
  const font = `${LABEL_FONT_PX}px ${getComputedStyle(el).fontFamily || "sans-serif"}`;
  const x = layoutXAxis(
    spec.labels,
    {
      plotWidth: width - Y_AXIS_PX - AUTO_PAD_RIGHT_PX,
      leftRoom: Y_AXIS_PX,
      rightRoom: AUTO_PAD_RIGHT_PX,
      lineHeight: LABEL_FONT_PX * 1.25,
    },
    measureWith(font),
  );
  const opts: uPlot.Options = {
    width,
    height: height + Math.max(0, x.size - UPLOT_X_AXIS_PX), // turned labels take room of their own
    series,
    padding: [null, AUTO_PAD_RIGHT_PX + x.padRight, null, x.padLeft],
    legend: { show: many },
    cursor: { drag: { x: false, y: false }, points: { show: spec.kind === "line" } },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] },
      y: { range: (_u, _min, max) => [0, spec.yMax ?? Math.max(1, Math.ceil(max * 1.1))] },
    },
    axes: [
      {
        stroke: text,
        font,
        size: x.size,
        rotate: x.rotate,
        grid: { show: false },
        ticks: { stroke: grid },
        splits: () => xs.filter((i) => i % x.every === 0),
        values: (_u, splits) => splits.map((i) => x.texts[i] ?? ""),
      },
      {
        stroke: text,
        grid: { stroke: grid, width: 1 },
        ticks: { show: false },
        size: 48,
        values: (_u, splits) => splits.map((v) => `${v}${suffix}`),
      },
    ],
  };
  const data = [xs, ...spec.series.map((s) => s.values)] as uPlot.AlignedData;
  charts.set(el, new uPlot(opts, data, el));
}

function drawAll(): void {
  for (const el of document.querySelectorAll<HTMLElement>("[data-chart]")) draw(el);
}

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
const resized = new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const [el, chart] of charts) {
      if (!el.isConnected) {
        chart.destroy();
        charts.delete(el);
      } else if (Math.abs(chart.width - el.clientWidth) > 8) {
        draw(el);
      }
    }
  }, 120);
});

function start(): void {
  drawAll();
  for (const el of document.querySelectorAll<HTMLElement>("[data-chart]")) resized.observe(el);
}

document.addEventListener("slate:theme", () => drawAll());
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => drawAll());
// Charts that arrive in a live update (htmx swaps) are drawn as they appear.
document.addEventListener("htmx:afterSettle", (e) => {
  const root = e.target as Element;
  for (const el of root.querySelectorAll<HTMLElement>("[data-chart]")) {
    if (!charts.has(el)) {
      draw(el);
      resized.observe(el);
    }
  }
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
