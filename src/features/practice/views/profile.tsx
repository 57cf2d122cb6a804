// A user's practice profile: points, streaks, every achievement (unlocked ones with their date) and
// their privacy choices.
import type { FC } from "hono/jsx";
import type { User } from "../../../db/schema.ts";
import { Card, PageHeader } from "../../../ui/components.tsx";
import { CheckField, FormActions } from "../../../ui/fields.tsx";
import type { AchievementDef, EarnedAchievement } from "../achievements.ts";
import type { PointsTotal } from "../points.ts";
import type { Prefs } from "../settings.ts";
import type { Streaks } from "../streaks.ts";
import { AchievementBadge, PendingToasts, Stat } from "./parts.tsx";

export const ProfilePage: FC<{
  user: User;
  points: PointsTotal;
  streaks: Streaks;
  earned: EarnedAchievement[];
  builtIn: AchievementDef[];
  prefs: Prefs;
  pending: EarnedAchievement[];
}> = (p) => {
  const locked = p.builtIn.filter((d) => !p.earned.some((e) => e.code === d.code));
  return (
    <>
      <PageHeader
        title="Your achievements"
        subtitle={`${p.user.display_name} · points, streaks and badges`}
      />
      <div class="practice-stats mb">
        <Stat
          label={`points (${p.points.catalog} practice, ${p.points.sections} classes)`}
          value={p.points.total}
          icon="star"
        />
        <Stat label="day streak" value={p.streaks.current} icon="flame" />
        <Stat label="longest streak" value={p.streaks.longest} icon="clock" />
      </div>
      <div class="grid grid-2">
        <Card title={`Achievements (${p.earned.length})`}>
          <ul class="achievements" aria-label="Achievements">
            {p.earned.map((a) => (
              <AchievementBadge title={a.title} description={a.description} icon={a.icon} at={a.unlockedAt} />
            ))}
            {locked.map((a) => (
              <AchievementBadge title={a.title} description={a.description} icon={a.icon} locked />
            ))}
          </ul>
        </Card>
        <Card title="Privacy">
          <form method="post" action="/practice/profile/prefs" class="stack">
            <CheckField
              name="showName"
              label="Show my name in rankings"
              checked={p.prefs.showName}
              hint="Off: others see you as Anonymous. You always see your own place."
            />
            <CheckField
              name="hidePoints"
              label="Hide my points from leaderboards"
              checked={p.prefs.hidePoints}
              hint="You still earn points and achievements; only leaderboards leave you out."
            />
            <FormActions>Save</FormActions>
          </form>
        </Card>
      </div>
      <PendingToasts items={p.pending} />
    </>
  );
};
