// The catalog page: search and filters (a plain GET form), the problems with difficulty, points,
// tags and acceptance, the user's points and streak, and the points leaderboard.
import type { FC } from "hono/jsx";
import type { User } from "../../../db/schema.ts";
import { pct } from "../../../lib/format.ts";
import { Badge, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { Field, SelectField } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import { acceptance, type CatalogFilter, type CatalogRow } from "../catalog.ts";
import type { PointsLeader, PointsTotal } from "../points.ts";
import type { Streaks } from "../streaks.ts";
import { DifficultyBadge, Stat, Tags } from "./parts.tsx";

export interface CatalogPageProps {
  user: User;
  rows: CatalogRow[];
  filter: CatalogFilter;
  tags: string[];
  points: PointsTotal;
  streaks: Streaks;
  leaders: PointsLeader[];
  staff: boolean;
}

const Filters: FC<{ filter: CatalogFilter; tags: string[] }> = ({ filter, tags }) => (
  <form method="get" action="/practice" class="toolbar practice-filters">
    <Field label="Search" name="q" type="search" value={filter.q} placeholder="Title or text" />
    <SelectField
      label="Difficulty"
      name="difficulty"
      first="Any difficulty"
      value={filter.difficulty}
      options={[
        { value: "easy", label: "Easy" },
        { value: "medium", label: "Medium" },
        { value: "hard", label: "Hard" },
      ]}
    />
    <SelectField
      label="Tag"
      name="tag"
      first="Any tag"
      value={filter.tag}
      options={tags.map((t) => ({ value: t, label: t }))}
    />
    <SelectField
      label="Status"
      name="solved"
      first="Solved or not"
      value={filter.solved}
      options={[
        { value: "solved", label: "Solved" },
        { value: "unsolved", label: "Unsolved" },
      ]}
    />
    <div class="actions">
      <button type="submit" class="btn btn-secondary">
        <Icon name="search" size={16} />
        Filter
      </button>
      <a class="btn btn-ghost" href="/practice">
        Clear
      </a>
    </div>
  </form>
);

const Leaders: FC<{ leaders: PointsLeader[]; userId: number }> = ({ leaders, userId }) => (
  <ListCard
    title="Top learners"
    items={leaders}
    empty={<p class="muted pad">Nobody has solved a catalog problem yet.</p>}
  >
    <ol class="practice-leaders">
      {leaders.map((l) => (
        <li
          class={l.userId === userId ? "me" : undefined}
          aria-current={l.userId === userId ? "true" : undefined}
        >
          <span>{l.userId === userId ? "You" : (l.name ?? "Anonymous")}</span>
          <strong>{l.points} pts</strong>
        </li>
      ))}
    </ol>
  </ListCard>
);

export const CatalogPage: FC<CatalogPageProps> = (p) => (
  <>
    <PageHeader
      title="Practice"
      subtitle="Problems for everyone, outside any class. Solve one completely to earn its points."
      actions={
        <>
          <a class="btn btn-secondary" href="/practice/profile">
            <Icon name="star" size={16} />
            Your achievements
          </a>
          {p.staff ? (
            <a class="btn btn-secondary" href="/practice/manage">
              <Icon name="upload" size={16} />
              Manage catalog
            </a>
          ) : null}
        </>
      }
    />
    <div class="practice-stats mb">
      <Stat label="points" value={p.points.total} icon="star" id="practice-points" />
      <Stat
        label={`day streak (longest ${p.streaks.longest})`}
        value={p.streaks.current}
        icon="flame"
        id="practice-streak"
      />
      <Stat label="catalog problems solved" value={p.points.solved} icon="check" />
    </div>
    <div class="practice-layout">
      <div class="stack">
        <Filters filter={p.filter} tags={p.tags} />
        <ListCard
          title="Problems"
          counted
          items={p.rows}
          empty={
            <EmptyState icon="search" title="No problems here">
              {p.filter.q || p.filter.difficulty || p.filter.tag || p.filter.solved
                ? "Nothing matches these filters. Clear them to see every problem."
                : "The catalog is empty so far."}
            </EmptyState>
          }
        >
          <DataTable
            label="Catalog problems"
            columns={["Problem", "Difficulty", numCol("Points"), numCol("Acceptance")]}
          >
            {p.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/practice/problems/${r.id}`} class="practice-title">
                    {r.solved ? (
                      <span class="solved-mark" title="Solved">
                        <Icon name="check" size={16} />
                        <span class="sr-only">Solved: </span>
                      </span>
                    ) : null}
                    {r.title}
                  </a>
                  {r.published ? null : <Badge>hidden</Badge>}
                  <Tags tags={r.tags} />
                </td>
                <td>
                  <DifficultyBadge d={r.difficulty} />
                </td>
                <td class="num">{r.points}</td>
                <td class="num">
                  {pct(acceptance(r))}
                  <span class="sub">{r.graded} graded</span>
                </td>
              </tr>
            ))}
          </DataTable>
        </ListCard>
      </div>
      <Leaders leaders={p.leaders} userId={p.user.id} />
    </div>
  </>
);
