// The teacher's mark on a remedial item in lists: "Remedial · 3 students".
import type { FC } from "hono/jsx";
import { Badge } from "../../../ui/components.tsx";

export const RemedialBadge: FC<{ remedial: number; count: number }> = (p) =>
  p.remedial ? (
    <Badge tone="warning">
      Remedial · {p.count} student{p.count === 1 ? "" : "s"}
    </Badge>
  ) : null;
