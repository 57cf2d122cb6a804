// A submission's risk score: a badge for tables, and the breakdown (each contribution with its points).
import type { FC } from "hono/jsx";
import { Badge, Card } from "../../../ui/components.tsx";
import { DataTable, numCol } from "../../../ui/table.tsx";
import { HIGH_RISK } from "../risk.ts";
import type { StoredRisk } from "../risk-store.ts";

export const riskTone = (score: number) =>
  score >= HIGH_RISK ? "danger" : score >= 30 ? "warning" : "success";

export const RiskBadge: FC<{ risk: StoredRisk | undefined | null }> = ({ risk }) => {
  if (!risk) return <span class="muted">–</span>;
  const top = [...risk.contributions].sort((a, b) => b.points - a.points).filter((c) => c.points > 0);
  const why = top.length ? top.map((c) => `${c.label} +${c.points}`).join(", ") : "No signals";
  return (
    <span class="risk-cell" title={why}>
      <Badge tone={riskTone(risk.score)}>{risk.score}</Badge>
      <span class="sub">{top[0] ? top[0].label : "no signals"}</span>
    </span>
  );
};

export const RiskBreakdown: FC<{ risk: StoredRisk | null; replayUrl?: string }> = ({ risk, replayUrl }) => (
  <Card
    title="Integrity"
    class="flush risk-card"
    actions={
      replayUrl ? (
        <a class="btn btn-secondary btn-sm" href={replayUrl}>
          Replay the session
        </a>
      ) : undefined
    }
  >
    {risk ? (
      <>
        <p class="pad risk-total">
          Risk <Badge tone={riskTone(risk.score)}>{risk.score} / 100</Badge>
          <span class="muted"> the sum of the signals below, at most 100.</span>
        </p>
        <DataTable columns={["Signal", numCol("Points")]}>
          {risk.contributions.map((c) => (
            <tr>
              <td>
                <strong>{c.label}</strong>
                <span class="sub">{c.detail}</span>
              </td>
              <td class="num">+{c.points}</td>
            </tr>
          ))}
          {risk.contributions.length === 0 ? (
            <tr>
              <td colspan={2} class="muted">
                No signals: nothing was recorded and no similarity check has run.
              </td>
            </tr>
          ) : null}
        </DataTable>
      </>
    ) : (
      <p class="muted pad">No integrity data for this submission.</p>
    )}
  </Card>
);
