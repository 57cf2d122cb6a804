// The risk score of a submission: 0 to 100, the sum of explainable contributions (each shown with its
// points), capped at 100. Pure: the figures come from signals.ts, the baseline from the student's own
// earlier submissions, the similarity from the latest similarity run.
import { keystrokesDisagree, type RecordingStats } from "./signals.ts";

export interface Contribution {
  key: string;
  label: string;
  points: number;
  detail: string;
}

export interface RiskInput {
  recordingOn: boolean;
  /** The problem blocks copy and paste (in the browser: a recorded paste means it was bypassed). */
  pasteBlocked?: boolean;
  /** Null when nothing was recorded for the submission. */
  stats: RecordingStats | null;
  /** Reasons batches were refused for their token. */
  tampering: string[];
  /** Typing figures of the student's earlier recorded submissions. */
  history: { cpm: number; burstiness: number }[];
  /** The highest similarity to another student's submission, with whose. */
  similarity: { value: number; otherName: string } | null;
}

export interface Risk {
  score: number;
  contributions: Contribution[];
}

export const HIGH_RISK = 60;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (x: number) => `${Math.round(x * 100)}%`;

function typingContributions(stats: RecordingStats, history: RiskInput["history"]): Contribution[] {
  const out: Contribution[] = [];
  const baseline = history.filter((h) => h.cpm > 0);
  if (stats.cpm === 0) return out;
  if (baseline.length === 0) {
    out.push({
      key: "speed",
      label: "Typing speed",
      points: 0,
      detail: `${stats.cpm} characters a minute; no earlier recordings of this student to compare with.`,
    });
    return out;
  }
  const usual = median(baseline.map((h) => h.cpm));
  const ratio = stats.cpm / usual;
  out.push({
    key: "speed",
    label: "Typing speed",
    points: ratio >= 2 ? Math.min(10, Math.round(5 + (ratio - 2) * 2.5)) : 0,
    detail: `${stats.cpm} characters a minute, ${ratio.toFixed(1)}× this student's usual ${Math.round(usual)}.`,
  });
  const usualBursts = median(baseline.map((h) => h.burstiness));
  if (stats.burstiness > 0 && usualBursts > 0) {
    const change = Math.abs(stats.burstiness - usualBursts) / usualBursts;
    out.push({
      key: "burstiness",
      label: "Typing rhythm",
      points: change > 0.6 ? Math.min(10, Math.round(change * 8)) : 0,
      detail: `Burstiness ${stats.burstiness} against this student's usual ${usualBursts.toFixed(2)} (evenly spaced keys look machine-made).`,
    });
  }
  return out;
}

function recordingContributions(s: RecordingStats): Contribution[] {
  const out: Contribution[] = [];
  // Older stored stats have no untypedChars.
  const notTyped = s.pastedChars + (s.untypedChars ?? 0);
  const share = s.insertedChars > 0 ? Math.min(1, notTyped / s.insertedChars) : 0;
  const untyped = s.untypedChars
    ? `; ${s.untypedChars} of them arrived in ways typing cannot explain (whole blocks marked as keystrokes, undo of text never deleted, scripts, file snapshots)`
    : "";
  out.push({
    key: "paste",
    label: "Pasted code",
    points: Math.round(35 * share),
    detail: `${pct(share)} of the inserted characters were pasted, dropped or not typed (${notTyped} of ${s.insertedChars})${untyped}.`,
  });
  if (s.unrecordedChars > 0 && s.submittedChars > 0) {
    const share = Math.min(1, s.unrecordedChars / s.submittedChars);
    out.push({
      key: "unrecorded",
      label: "Code the recording did not write",
      points: Math.max(5, Math.round(60 * share)),
      detail: `${s.unrecordedChars} of the ${s.submittedChars} submitted characters (${pct(share)}) were not written in the recorded editing, or were there from the start without being the starter code or an earlier submission.`,
    });
  }
  if (s.lateInsertChars > 0) {
    out.push({
      key: "late-insert",
      label: "Large insertion before submitting",
      points: 15,
      detail: `${s.lateInsertChars} characters arrived at once ${s.lateInsertSecondsBefore} s before submitting.`,
    });
  }
  if (s.focusLosses > 0) {
    out.push({
      key: "focus",
      label: "Focus losses",
      points: Math.min(10, 2 * s.focusLosses),
      detail: `The page lost focus ${s.focusLosses} time${s.focusLosses === 1 ? "" : "s"} (${s.tabSwitches} by switching tabs or windows).`,
    });
  }
  if (s.devtools > 0) {
    out.push({
      key: "devtools",
      label: "Developer tools",
      points: 10,
      detail: "The browser's developer tools looked open while editing.",
    });
  }
  if (s.replacements > 0) {
    out.push({
      key: "replace",
      label: "Programmatic replacement",
      points: Math.min(20, 10 * s.replacements),
      detail: `The editor's content was changed ${s.replacements} time${s.replacements === 1 ? "" : "s"} by a script, not by typing.`,
    });
  }
  if (keystrokesDisagree(s)) {
    out.push({
      key: "keystrokes",
      label: "Keystroke count mismatch",
      points: 10,
      detail: `The browser reported ${s.reportedKeystrokes} keystrokes; the recording holds ${s.keystrokes}. Slate uses its own count.`,
    });
  }
  return out;
}

export function scoreRisk(input: RiskInput): Risk {
  const contributions: Contribution[] = [];
  if (input.tampering.length > 0) {
    contributions.push({
      key: "tamper",
      label: "Integrity token",
      points: 70,
      detail: `Recording batches were refused: ${[...new Set(input.tampering)].join("; ")}.`,
    });
  }
  if (input.recordingOn && !input.stats) {
    contributions.push({
      key: "missing",
      label: "No recording",
      points: 60,
      detail: "Recording was on for this problem, but no recording of the editing reached Slate.",
    });
  }
  if (input.pasteBlocked && input.stats && input.stats.pastedChars > 0) {
    contributions.push({
      key: "blocked-paste",
      label: "Paste despite blocking",
      points: 25,
      detail: `Copy and paste is blocked in this problem, yet the recording holds ${input.stats.pastedChars} pasted or dropped characters: the editor's blocking was bypassed.`,
    });
  }
  if (input.stats) {
    contributions.push(
      ...recordingContributions(input.stats),
      ...typingContributions(input.stats, input.history),
    );
  }
  if (input.similarity) {
    const v = input.similarity.value;
    contributions.push({
      key: "similarity",
      label: "Similarity",
      points: v > 0.5 ? Math.min(30, Math.round(((v - 0.5) / 0.5) * 30)) : 0,
      detail: `${pct(v)} similar to ${input.similarity.otherName}'s submission.`,
    });
  }
  const score = Math.min(
    100,
    contributions.reduce((n, c) => n + c.points, 0),
  );
  return { score, contributions };
}
