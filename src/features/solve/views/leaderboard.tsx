import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import type { LeaderRow } from "../../../models/leaderboard.ts";
import { ActionButton } from "../../../ui/buttons.tsx";
import { Badge, EmptyState, ListCard, PageHeader } from "../../../ui/components.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import { Avatar } from "../../profiles/avatar.tsx";

/** Students see their own name only; everyone else is "Student N". Teachers see all names. */
export const LeaderboardPage: FC<{
  section: Section;
  task: Task;
  rows: LeaderRow[];
  viewerId: number;
  teaches: boolean;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/tasks/${p.task.id}`}>{p.task.title}</a> / Leaderboard
    </p>
    <PageHeader
      title="Leaderboard"
      subtitle={p.task.title}
      actions={
        p.teaches ? (
          <ActionButton action={`/manage/tasks/${p.task.id}/leaderboard`}>
            {p.task.leaderboard ? "Hide from students" : "Show to students"}
          </ActionButton>
        ) : null
      }
    />
    <LeaderboardBoard rows={p.rows} viewerId={p.viewerId} teaches={p.teaches} />
  </>
);

/** The board itself; `oob` makes it a live patch replacing the one on the page (a new score). */
export const LeaderboardBoard: FC<{
  rows: LeaderRow[];
  viewerId: number;
  teaches: boolean;
  oob?: boolean;
}> = (p) => (
  <div id="leaderboard" hx-swap-oob={p.oob ? "true" : undefined}>
    <ListCard
      items={p.rows}
      empty={
        <EmptyState icon="gauge" title="No scores yet">
          <p>The board fills as submissions are graded.</p>
        </EmptyState>
      }
    >
      <DataTable label="Leaderboard" columns={[numCol("Rank"), "Student", numCol("Score"), "Reached"]}>
        {p.rows.map((r, i) => {
          const own = r.userId === p.viewerId;
          return (
            <tr class={own ? "own-row" : undefined}>
              <td class="num">{i + 1}</td>
              <td>
                {own ? (
                  <>
                    <Avatar userId={r.userId} name={r.displayName} /> {r.displayName}{" "}
                    <Badge tone="accent">you</Badge>
                  </>
                ) : p.teaches ? (
                  <>
                    <Avatar userId={r.userId} name={r.displayName} /> {r.displayName}
                  </>
                ) : (
                  <span class="muted">Student {i + 1}</span>
                )}
              </td>
              <td class="num">{r.total}</td>
              <td>{r.reachedAt ? formatDateTime(r.reachedAt) : "–"}</td>
            </tr>
          );
        })}
      </DataTable>
    </ListCard>
  </div>
);
