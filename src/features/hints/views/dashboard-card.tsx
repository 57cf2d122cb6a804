// The class dashboard's card of hint use: per student and problem, which hints and what they cost.
import type { FC } from "hono/jsx";
import { Card } from "../../../ui/components.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import type { HintUse } from "../hints.ts";

export interface HintUseRow extends HintUse {
  problemTitle: string;
}

export const HintUseCard: FC<{ rows: HintUseRow[] }> = ({ rows }) =>
  rows.length === 0 ? null : (
    <Card title="Hints used" class="flush mb">
      <DataTable label="Hints used" columns={["Student", "Problem", "Hints", numCol("Penalty")]}>
        {rows.map((r) => (
          <tr>
            <td>{r.displayName}</td>
            <td>{r.problemTitle}</td>
            <td>{r.numbers.map((n) => `#${n}`).join(", ")}</td>
            <td class="num">−{r.penalty}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
