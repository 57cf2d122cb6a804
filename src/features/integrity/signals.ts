// Figures of a submission's recording, computed on the server from the stored edits and signals (never
// from what the browser claims): characters typed and pasted, the server's own keystroke count, typing
// speed and burstiness, large insertions just before submitting, focus losses, developer tools and
// programmatic replacements. risk.ts turns them into points.
import type { EditEvent, SignalEvent } from "./recording-format.ts";

export interface SessionRecording {
  edits: EditEvent[];
  signals: SignalEvent[];
  reportedKeystrokes: number;
}

export interface RecordingStats {
  sessions: number;
  typedChars: number;
  pastedChars: number;
  insertedChars: number;
  /** Typing transactions in the recording: the server's keystroke count. */
  keystrokes: number;
  /** What the browser said it counted. */
  reportedKeystrokes: number;
  /** Typed characters per minute of active typing (pauses over 30 s left out); 0 without typing. */
  cpm: number;
  /** Coefficient of variation of the pauses between keystrokes (people type in bursts: high). */
  burstiness: number;
  /** The largest single non-typed insertion in the two minutes before submitting. */
  lateInsertChars: number;
  lateInsertSecondsBefore: number;
  focusLosses: number;
  tabSwitches: number;
  devtools: number;
  replacements: number;
  blocked: number;
}

const PAUSE_MS = 30_000;
const LATE_WINDOW_MS = 120_000;
const LARGE_INSERT = 150;

/** Characters a ChangeSet.toJSON() inserts: numbers keep text, [deleted, ...lines] replace it. */
export function insertedChars(changes: unknown[]): number {
  let n = 0;
  for (const part of changes) {
    if (!Array.isArray(part) || part.length < 2) continue;
    const lines = part.slice(1) as unknown[];
    for (const l of lines) n += typeof l === "string" ? l.length : 0;
    n += lines.length - 1; // the line breaks between them
  }
  return n;
}

function lastTime(s: SessionRecording): number {
  let submitAt = -1;
  let last = 0;
  for (const e of s.signals) {
    last = Math.max(last, e[1]);
    if (e[0] === "submit") submitAt = Math.max(submitAt, e[1]);
  }
  for (const e of s.edits) last = Math.max(last, e[1]);
  return submitAt >= 0 ? submitAt : last;
}

export function recordingStats(sessions: SessionRecording[]): RecordingStats {
  const s: RecordingStats = {
    sessions: sessions.length,
    typedChars: 0,
    pastedChars: 0,
    insertedChars: 0,
    keystrokes: 0,
    reportedKeystrokes: 0,
    cpm: 0,
    burstiness: 0,
    lateInsertChars: 0,
    lateInsertSecondsBefore: 0,
    focusLosses: 0,
    tabSwitches: 0,
    devtools: 0,
    replacements: 0,
    blocked: 0,
  };
  const gaps: number[] = [];
  for (const session of sessions) {
    s.reportedKeystrokes += session.reportedKeystrokes;
    const end = lastTime(session);
    let previousKey = -1;
    for (const e of session.edits) {
      if (e[0] !== "e") continue;
      const chars = insertedChars(e[3]);
      s.insertedChars += chars;
      const kind = e[4];
      if (kind === "t") {
        s.keystrokes++;
        s.typedChars += chars;
        if (previousKey >= 0 && e[1] - previousKey <= PAUSE_MS) gaps.push(e[1] - previousKey);
        previousKey = e[1];
      } else if (kind === "p" || kind === "d") s.pastedChars += chars;
      else if (kind === "x") s.replacements++;
      if (kind !== "t" && kind !== "u" && chars >= LARGE_INSERT && end - e[1] <= LATE_WINDOW_MS) {
        if (chars > s.lateInsertChars) {
          s.lateInsertChars = chars;
          s.lateInsertSecondsBefore = Math.max(0, Math.round((end - e[1]) / 1000));
        }
      }
    }
    for (const e of session.signals) {
      if (e[0] === "blur") {
        s.focusLosses++;
        if (e[2] === "tab") s.tabSwitches++;
      } else if (e[0] === "devtools") s.devtools++;
      else if (e[0] === "replace") s.replacements++;
      else if (e[0] === "blocked") s.blocked++;
    }
  }
  const active = gaps.reduce((a, b) => a + b, 0);
  if (active > 0) s.cpm = Math.round((s.typedChars / active) * 60_000);
  if (gaps.length > 1) {
    const mean = active / gaps.length;
    const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
    s.burstiness = Math.round((Math.sqrt(variance) / mean) * 100) / 100;
  }
  return s;
}

/** Whether the browser's keystroke count is far off the recording's (then the server's count is used). */
export function keystrokesDisagree(s: Pick<RecordingStats, "keystrokes" | "reportedKeystrokes">): boolean {
  const diff = Math.abs(s.keystrokes - s.reportedKeystrokes);
  return diff > Math.max(5, 0.1 * s.keystrokes);
}
