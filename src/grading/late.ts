// The late policy: whether a submission is accepted at a given time, and its penalty.
import type { Task } from "../db/tables/problems.ts";

export type Lateness =
  | { accepted: true; penaltyPct: number; late: boolean }
  | { accepted: false; reason: string };

const HOUR = 3_600_000;

export function lateness(
  task: Pick<Task, "due_at" | "late_policy" | "late_penalty_pct" | "late_interval_hours" | "late_cap_pct">,
  at: number,
): Lateness {
  if (task.due_at === null || at <= task.due_at) return { accepted: true, penaltyPct: 0, late: false };
  switch (task.late_policy) {
    case "none":
      return { accepted: false, reason: "The due time has passed; this task no longer accepts submissions." };
    case "free":
      return { accepted: true, penaltyPct: 0, late: true };
    case "penalty": {
      // Every started interval after the due time costs late_penalty_pct, up to the cap.
      const intervals = Math.ceil((at - task.due_at) / (task.late_interval_hours * HOUR));
      const penaltyPct = Math.min(task.late_cap_pct, intervals * task.late_penalty_pct);
      return { accepted: true, penaltyPct, late: true };
    }
  }
}

/** The score after a penalty in percent, rounded to 2 decimals. */
export function applyPenalty(rawScore: number, penaltyPct: number): number {
  return Math.round(rawScore * (1 - penaltyPct / 100) * 100) / 100;
}
