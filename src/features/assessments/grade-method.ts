// An assessment grade from a student's attempts by the grading method: highest, average, first or
// last of the graded (submitted, not practice) attempts. An attempt waiting for a teacher's mark
// counts with what it has so far and marks the grade as provisional.
import type { GradingMethod } from "../../db/tables/assessments.ts";

export interface CountedAttempt {
  number: number;
  score: number | null;
  max_score: number;
  pending_manual: number;
}

export interface Grade {
  score: number;
  max: number;
  /** Some counted attempt still has an essay to mark. */
  provisional: boolean;
}

export const GRADING_METHODS: readonly { value: GradingMethod; label: string }[] = [
  { value: "highest", label: "Highest attempt" },
  { value: "average", label: "Average of attempts" },
  { value: "first", label: "First attempt" },
  { value: "last", label: "Last attempt" },
];

export function gradeOf(method: GradingMethod, attempts: readonly CountedAttempt[]): Grade | null {
  if (attempts.length === 0) return null;
  const sorted = [...attempts].sort((a, b) => a.number - b.number);
  const pct = (a: CountedAttempt) => (a.max_score > 0 ? (a.score ?? 0) / a.max_score : 0);
  const max = sorted[sorted.length - 1]!.max_score;
  let chosen: CountedAttempt[];
  if (method === "first") chosen = [sorted[0]!];
  else if (method === "last") chosen = [sorted[sorted.length - 1]!];
  else if (method === "highest") chosen = [sorted.reduce((best, a) => (pct(a) > pct(best) ? a : best))];
  else chosen = sorted;
  const fraction = chosen.reduce((s, a) => s + pct(a), 0) / chosen.length;
  return {
    score: Math.round(fraction * max * 100) / 100,
    max,
    provisional: chosen.some((a) => a.pending_manual > 0),
  };
}
