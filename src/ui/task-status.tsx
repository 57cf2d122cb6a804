// How a task's state and rules read to a teacher, shared by the section's task list and the task page.
import type { FC } from "hono/jsx";
import type { Task } from "../db/tables/problems.ts";
import { Badge } from "./components.tsx";

export type TaskState = "draft" | "scheduled" | "open" | "past due";

export function taskState(task: Task, now: number): TaskState {
  if (!task.published) return "draft";
  if (task.starts_at !== null && task.starts_at > now) return "scheduled";
  if (task.due_at !== null && task.due_at < now) return "past due";
  return "open";
}

const TONES = { draft: "neutral", scheduled: "accent", open: "success", "past due": "warning" } as const;

export const TaskStateBadge: FC<{ task: Task; now: number }> = ({ task, now }) => {
  const state = taskState(task, now);
  return <Badge tone={TONES[state]}>{state}</Badge>;
};

const num = (n: number) => String(Math.round(n * 100) / 100);

export function latePolicyText(task: Task): string {
  switch (task.late_policy) {
    case "none":
      return "Not accepted after the due time";
    case "free":
      return "Accepted without penalty";
    case "penalty":
      return `−${num(task.late_penalty_pct)}% per started ${num(task.late_interval_hours)} h, at most −${num(task.late_cap_pct)}%`;
  }
}
