// A chart drawn by uPlot in the browser (src/client/charts.ts) from the data in its data-chart
// attribute, always with a text summary and the same numbers as a table, so it reads without
// scripts, colours or sight.
import type { Child, FC } from "hono/jsx";
import { asset } from "../http/static.ts";
import { TableWrap } from "./table.tsx";

export type ChartTone = "accent" | "success" | "warning" | "danger" | "muted";

export interface ChartSpec {
  kind: "bars" | "line";
  labels: string[];
  series: { label: string; values: (number | null)[]; tone?: ChartTone; kind?: "bars" | "line" }[];
  /** Fixed top of the y axis (100 for percentages). */
  yMax?: number;
  /** Appended to y values in tooltips and the axis ("%"). */
  ySuffix?: string;
}

export const Chart: FC<{
  id: string;
  title: string;
  summary: Child;
  spec: ChartSpec;
  /** Column heading for the labels in the table. */
  labelHeader: string;
  height?: number;
}> = (p) => (
  <figure class="chart" aria-labelledby={`${p.id}-title`}>
    <figcaption>
      <h3 id={`${p.id}-title`}>{p.title}</h3>
      <p class="muted chart-summary" id={`${p.id}-summary`}>
        {p.summary}
      </p>
    </figcaption>
    <div
      class="chart-canvas"
      id={p.id}
      data-chart={JSON.stringify(p.spec)}
      data-height={String(p.height ?? 200)}
      role="img"
      aria-labelledby={`${p.id}-title`}
      aria-describedby={`${p.id}-summary`}
    />
    <details class="chart-table">
      <summary>Show as a table</summary>
      <TableWrap label={`${p.title} (table)`}>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.labelHeader}</th>
              {p.spec.series.map((s) => (
                <th scope="col" class="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.spec.labels.map((label, i) => (
              <tr>
                <th scope="row">{label}</th>
                {p.spec.series.map((s) => (
                  <td class="num">
                    {s.values[i] === null || s.values[i] === undefined
                      ? "–"
                      : `${s.values[i]}${p.spec.ySuffix ?? ""}`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  </figure>
);

/** The chart script and uPlot's stylesheet; put once on a page with charts. */
export const ChartAssets: FC = () => (
  <>
    <link rel="stylesheet" href={asset("dist/charts.css")} />
    <script src={asset("dist/charts.js")} defer />
  </>
);

const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

/** "2026-09-01" -> "1 Sep". */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return dayFmt.format(new Date(y, m - 1, d, 12));
}
