// The practice card of the home page: points, the current and longest streak, and a calendar heat
// map of the last half year. The home route loads it with practiceHome() and renders PracticeHomeCard.
import type { FC } from "hono/jsx";
import type { AppContext } from "../../context.ts";
import { formatDate } from "../../lib/format.ts";
import { Card } from "../../ui/components.tsx";
import { type EarnedAchievement, takePendingToasts } from "./achievements.ts";
import { type PointsTotal, pointsOf } from "./points.ts";
import { type HeatCell, heatMap, type Streaks, userStreaks } from "./streaks.ts";
import { PendingToasts, Stat } from "./views/parts.tsx";

export interface PracticeHome {
  points: PointsTotal;
  streaks: Streaks;
  weeks: HeatCell[][];
  pending: EarnedAchievement[];
}

export async function practiceHome(ctx: AppContext, userId: number): Promise<PracticeHome> {
  const now = ctx.clock.now();
  const [points, s] = await Promise.all([pointsOf(ctx.db, userId), userStreaks(ctx.db, userId, now)]);
  const pending = await takePendingToasts(ctx.db, userId, now);
  return { points, streaks: s, weeks: heatMap(s.activity, s.today), pending };
}

const dayText = (c: HeatCell) => {
  const [y, m, d] = c.day.split("-").map(Number) as [number, number, number];
  return `${formatDate(new Date(y, m - 1, d, 12).getTime())}: ${c.count === 0 ? "no" : c.count} submission${c.count === 1 ? "" : "s"}`;
};

export const HeatMap: FC<{ weeks: HeatCell[][] }> = ({ weeks }) => {
  const active = weeks.flat().filter((c) => c.count > 0).length;
  return (
    <figure class="heatmap" tabindex={0} aria-label="Activity calendar">
      <div
        class="heatmap-grid"
        role="img"
        aria-label={`Activity calendar: active on ${active} of the last ${weeks.length} weeks' days`}
      >
        {weeks.map((week) => (
          <div class="heatmap-week">
            {week.map((c) => (
              <span class={`heat heat-${c.level}`} title={dayText(c)} />
            ))}
          </div>
        ))}
      </div>
      <figcaption class="muted heatmap-legend">
        Less <span class="heat heat-0" /> <span class="heat heat-1" /> <span class="heat heat-2" />{" "}
        <span class="heat heat-3" /> <span class="heat heat-4" /> More
      </figcaption>
    </figure>
  );
};

export const PracticeHomeCard: FC<{ data: PracticeHome }> = ({ data }) => (
  <Card
    title="Practice"
    class="mb"
    actions={
      <a class="btn btn-ghost btn-sm" href="/practice">
        Open the catalog
      </a>
    }
  >
    <div class="practice-stats">
      <Stat label="points" value={data.points.total} icon="star" id="home-points" />
      <Stat
        label={`day streak (longest ${data.streaks.longest})`}
        value={data.streaks.current}
        icon="flame"
        id="home-streak"
      />
    </div>
    <HeatMap weeks={data.weeks} />
    <PendingToasts items={data.pending} />
  </Card>
);
