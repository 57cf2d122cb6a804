// Review options per phase, as Moodle's quiz names them: during the attempt, immediately after it (the
// first two minutes), later while the assessment is open, and after it closes. Each phase says what a
// student may see of an item. Every page and fragment a student gets is rendered through `visibleItem`,
// so a hidden right answer never leaves the server.
import type { Assessment, Attempt } from "../../db/tables/assessments.ts";

export const PHASES = ["during", "immediately", "open", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  during: "During the attempt",
  immediately: "Immediately after the attempt",
  open: "Later, while the assessment is open",
  closed: "After the assessment closes",
};

export const SHOWS = ["marks", "correct", "answer", "feedback", "general"] as const;
export type Show = (typeof SHOWS)[number];

export const SHOW_LABELS: Record<Show, string> = {
  marks: "Marks",
  correct: "Whether correct",
  answer: "Right answer",
  feedback: "Feedback on the answer",
  general: "General feedback",
};

export type ReviewOptions = Record<Phase, Record<Show, boolean>>;

const all = (on: boolean): Record<Show, boolean> =>
  Object.fromEntries(SHOWS.map((s) => [s, on])) as Record<Show, boolean>;

/** New assessments: nothing during, marks right after and while open, everything after the close. */
export const DEFAULT_REVIEW: ReviewOptions = {
  during: all(false),
  immediately: { ...all(false), marks: true, correct: true },
  open: { ...all(false), marks: true, correct: true },
  closed: all(true),
};

export function parseReview(json: string): ReviewOptions {
  const raw = JSON.parse(json) as Partial<Record<Phase, Partial<Record<Show, boolean>>>>;
  const out = {} as ReviewOptions;
  for (const p of PHASES) {
    out[p] = {} as Record<Show, boolean>;
    for (const s of SHOWS) out[p][s] = raw[p]?.[s] === true;
  }
  return out;
}

/** "Immediately after" lasts this long after the submission, as in Moodle. */
export const IMMEDIATELY_MS = 2 * 60_000;

export function isClosed(a: Pick<Assessment, "closes_at">, now: number): boolean {
  return a.closes_at !== null && now >= a.closes_at;
}

/**
 * The phase an attempt is reviewed in now. Practice attempts start only after the close, so they are
 * reviewed as after it; but if the teacher reopens the assessment they follow the open phases like any
 * attempt, or a practice review would show the right answers for the graded attempts now possible.
 */
export function phaseOf(
  a: Pick<Assessment, "closes_at">,
  attempt: Pick<Attempt, "state" | "submitted_at" | "practice">,
  now: number,
): Phase {
  if (attempt.state === "open") return "during";
  if (isClosed(a, now)) return "closed";
  if (attempt.submitted_at !== null && now < attempt.submitted_at + IMMEDIATELY_MS) return "immediately";
  return "open";
}

/** What the viewer sees: a teacher sees everything; a student what the phase allows. */
export function visibility(
  a: Pick<Assessment, "closes_at" | "review">,
  attempt: Pick<Attempt, "state" | "submitted_at" | "practice">,
  now: number,
  teacher: boolean,
): Record<Show, boolean> {
  if (teacher) return all(true);
  return parseReview(a.review)[phaseOf(a, attempt, now)];
}
