// Small pieces the practice pages share: difficulty badges, tag chips, achievement badges, the points
// and streak figures, and toasts for achievements unlocked while the user was away.
import type { FC } from "hono/jsx";
import type { Difficulty } from "../../../db/tables/practice.ts";
import { formatDate } from "../../../lib/format.ts";
import { Badge } from "../../../ui/components.tsx";
import { Icon, type IconName } from "../../../ui/icons.tsx";

const DIFFICULTY_TONE = { easy: "success", medium: "warning", hard: "danger" } as const;

export const DifficultyBadge: FC<{ d: Difficulty }> = ({ d }) => <Badge tone={DIFFICULTY_TONE[d]}>{d}</Badge>;

export const Tags: FC<{ tags: string[] }> = ({ tags }) =>
  tags.length === 0 ? null : (
    <span class="practice-tags">
      {tags.map((t) => (
        <a class="practice-tag" href={`/practice?tag=${encodeURIComponent(t)}`}>
          {t}
        </a>
      ))}
    </span>
  );

export const AchievementBadge: FC<{
  title: string;
  description: string;
  icon: IconName;
  at?: number;
  locked?: boolean;
}> = (p) => (
  <li class={p.locked ? "achievement locked" : "achievement"}>
    <span class="achievement-icon" aria-hidden="true">
      <Icon name={p.icon} />
    </span>
    <span>
      <strong>{p.title}</strong>
      <small>{p.description}</small>
      {p.at ? <small>Unlocked {formatDate(p.at)}</small> : p.locked ? <small>Not yet</small> : null}
    </span>
  </li>
);

export const Stat: FC<{ label: string; value: string | number; icon: IconName; id?: string }> = (p) => (
  <div class="practice-stat" id={p.id}>
    <Icon name={p.icon} />
    <span>
      <strong data-stat>{p.value}</strong>
      <small>{p.label}</small>
    </span>
  </div>
);

/** Toasts for unlocks the user has not seen yet (each is shown once). */
export const PendingToasts: FC<{ items: { title: string }[] }> = ({ items }) =>
  items.length === 0 ? null : (
    <div class="toasts practice-toasts" role="status" aria-live="polite">
      {items.map((a) => (
        <div class="toast" data-toast>
          <Icon name="star" />
          <div>
            <strong>Achievement</strong>
            <a href="/practice/profile">Achievement unlocked: {a.title}</a>
          </div>
          <button type="button" class="btn btn-ghost btn-icon btn-sm" data-toast-close aria-label="Dismiss">
            <Icon name="x" size={16} />
          </button>
        </div>
      ))}
    </div>
  );
